import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import { type InitializerSpec, resolveInitializer, serializeInitializer } from './initializers.js';
import {
  type BaseLayerArgs,
  type Kwargs,
  assertNonNegative,
  assertPositiveInt,
  normalizeSeed,
  singleShape,
  singleTensor,
} from './layer-utils.js';
import { embeddingLookup } from './ops/embedding-lookup.js';

/** Configuration of a {@link RecsysEmbedding}; `getConfig()` returns it and the constructor accepts it back. */
export interface RecsysEmbeddingArgs extends BaseLayerArgs {
  /** Number of rows (ids `0 … inputDim − 1`). */
  inputDim: number;
  /** Embedding size. */
  outputDim: number;
  /** Initializer of the table. Default: random normal, mean 0, standard deviation 0.01 (as the NCF code). */
  embeddingsInitializer?: InitializerSpec;
  /** Seed of the default or a named initializer. Give each table its own seed. */
  seed?: number | null;
  /** L2 coefficient (Keras semantics: penalty `l2 · Σw²`, gradient `2 · l2 · w`). Default 0. */
  l2?: number;
}

/**
 * An embedding table: ids `[batch]` or `[batch, 1]` → vectors `[batch, outputDim]`.
 *
 * - Weight `embeddings`, `[inputDim, outputDim]`.
 * - **Cold ids**: an id outside `[0, inputDim)` (e.g. a user or item unseen in training) returns a **zero vector**:
 *   a cold id has no learned embedding, and zero is the neutral input of the downstream products and towers. It
 *   never throws, and contributes no gradient.
 * - Differentiable on cpu and wasm (see {@link embeddingLookup}), but the tfjs gradient is a dense table. The sparse
 *   training engine instead trains the table host-side through {@link RecsysEmbedding.getTable} and
 *   {@link RecsysEmbedding.setTable}, and applies {@link RecsysEmbedding.l2} to the rows it touches.
 * - With `l2 > 0` a Keras L2 regularizer is also attached, so stock `model.fit` applies the same penalty (to the
 *   whole table).
 *
 * @example
 * ```ts
 * const users = new RecsysEmbedding({ inputDim: 100, outputDim: 16, seed: 1 });
 * const v = users.apply(tf.tensor1d([3, 7, 250], 'int32')) as tf.Tensor2D; // [3, 16]; row 2 is zeros (cold id)
 * const table = users.getTable(); // Float32Array(100 * 16), a copy
 * users.setTable(table);
 * ```
 */
export class RecsysEmbedding extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysEmbedding';

  /** Number of rows. */
  readonly inputDim: number;
  /** Embedding size. */
  readonly outputDim: number;
  /** L2 coefficient (Keras semantics). */
  readonly l2: number;
  /** Seed of the initializer, if any. */
  readonly seed: number | undefined;
  private readonly initializerSpec: InitializerSpec;
  private embeddingsVar: LayerVariable | null = null;

  constructor(args: RecsysEmbeddingArgs) {
    super(args);
    assertPositiveInt(args.inputDim, 'RecsysEmbedding inputDim');
    assertPositiveInt(args.outputDim, 'RecsysEmbedding outputDim');
    const l2 = args.l2 ?? 0;
    assertNonNegative(l2, 'RecsysEmbedding l2');
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.l2 = l2;
    this.seed = normalizeSeed(args.seed);
    this.initializerSpec =
      args.embeddingsInitializer ?? tfl.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: this.seed });
  }

  /** The `embeddings` weight. @throws if the layer is not built yet (apply it once first). */
  get embeddings(): LayerVariable {
    if (this.embeddingsVar === null) throw new Error(`${this.name} is not built yet: apply it to an input first`);
    return this.embeddingsVar;
  }

  override build(_inputShape: Shape | Shape[]): void {
    this.embeddingsVar = this.addWeight(
      'embeddings',
      [this.inputDim, this.outputDim],
      'float32',
      resolveInitializer(this.initializerSpec, this.seed),
      this.l2 > 0 ? tfl.regularizers.l2({ l2: this.l2 }) : undefined,
      true,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(inputShape, 'RecsysEmbedding');
    if (!(shape.length === 1 || (shape.length === 2 && (shape[1] === 1 || shape[1] === null)))) {
      throw new Error(`RecsysEmbedding expects ids of shape [batch] or [batch, 1], got [${shape.join(', ')}]`);
    }
    return [shape[0] ?? null, this.outputDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor2D {
    return tf.tidy(() => embeddingLookup(this.embeddings.read() as tf.Tensor2D, singleTensor(inputs, this.name)));
  }

  /** A copy of the table, row-major `[inputDim, outputDim]`. @throws if the layer is not built yet. */
  getTable(): Float32Array {
    const values = this.embeddings.read().dataSync();
    // dataSync() may return the backend's own buffer (cpu): always copy.
    return new Float32Array(values);
  }

  /**
   * Writes `values` (row-major `[inputDim, outputDim]`) into the layer variable. The values are copied: later
   * changes to `values` do not affect the layer.
   *
   * @throws if the layer is not built yet or `values` has the wrong length.
   */
  setTable(values: Float32Array): void {
    const expected = this.inputDim * this.outputDim;
    if (values.length !== expected) {
      throw new Error(
        `${this.name}.setTable: expected ${expected} values (${this.inputDim} × ${this.outputDim}), got ${values.length}`,
      );
    }
    const variable = this.embeddings;
    // tf.tensor keeps a same-typed array by reference on cpu: copy so the caller can keep mutating its own.
    const t = tf.tensor2d(values.slice(), [this.inputDim, this.outputDim], 'float32');
    variable.write(t);
    t.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    const own: tf.serialization.ConfigDict = {
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.initializerSpec),
      seed: this.seed ?? null,
      l2: this.l2,
    };
    return { ...own, ...super.getConfig() };
  }
}
tf.serialization.registerClass(RecsysEmbedding);
