import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import { type InitializerSpec, resolveInitializer, serializeInitializer } from './initializers.js';
import {
  type BaseLayerArgs,
  type ForwardOptions,
  type Kwargs,
  buildFor,
  lastDim,
  normalizeSeed,
  toShapeList,
  toTensorList,
} from './layer-utils.js';
import { concatColumns } from './ops/concat-columns.js';
import { dense } from './ops/dense.js';

/** Configuration of a {@link PredictionHead}; `getConfig()` returns it and the constructor accepts it back. */
export interface PredictionHeadArgs extends BaseLayerArgs {
  /**
   * Output logits instead of probabilities by default. Default `false`. A `logits` call option (boolean) overrides
   * it per call.
   */
  logits?: boolean;
  /** Kernel initializer. Default `'lecunUniform'` (as the NCF code). The bias starts at zero. */
  kernelInitializer?: InitializerSpec;
  /** Seed of a named kernel initializer. */
  seed?: number | null;
}

/**
 * NCF's concatenation fusion head: `inputs` (one tensor or a list, each `[batch, d_k]`) are concatenated along the
 * last axis and mapped to one unit, `ŷ = σ(h·[x_1, …, x_n] + b)`: GMF's and MLP's output layer, and NeuMF's fusion
 * of the two.
 *
 * - Weights `kernel` `[Σ d_k, 1]` and `bias` `[1]`.
 * - Logits: apply eagerly with `{ logits: true }` for the pre-sigmoid logits (log loss is computed from logits for
 *   numerical stability). In a functional `tf.model`, call the whole model with `model.apply(x, { logits: true })`
 *   (tfjs hands call-time options to every layer), or construct the head with `{ logits: true }`.
 * - Applying it to symbolic tensors with a `logits` option throws: tfjs's graph executor ignores per-node call
 *   options (`model.predict` would silently return probabilities).
 * - {@link PredictionHead.setKernelParts} writes the kernel from parts, for NeuMF initialized from pre-trained GMF and
 *   MLP (`[α·h_GMF, (1 − α)·h_MLP]`).
 *
 * @example
 * ```ts
 * const head = new PredictionHead({ seed: 3 });
 * const p = head.apply([gmfVec, mlpVec]) as tf.Tensor2D; // [batch, 1], in (0, 1)
 * const z = head.apply([gmfVec, mlpVec], { logits: true }) as tf.Tensor2D; // [batch, 1], logits
 * // functional model: const z2 = model.apply([users, items], { logits: true, training: true });
 * head.setKernelParts([hGmf.map((v) => 0.5 * v), hMlp.map((v) => 0.5 * v)], 0.5 * (bGmf + bMlp));
 * ```
 */
export class PredictionHead extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysPredictionHead';

  /**
   * Seed of a named kernel initializer, if any. Read when the weights are created, so it may be set until then: a
   * recsys model gives a block without one a seed derived from the block's name.
   */
  seed: number | undefined;
  /** Whether the head outputs logits unless a call says otherwise. */
  readonly logits: boolean;
  private readonly kernelInitializer: InitializerSpec;
  private kernelVar: LayerVariable | null = null;
  private biasVar: LayerVariable | null = null;

  constructor(args: PredictionHeadArgs = {}) {
    super(args);
    this.seed = normalizeSeed(args.seed);
    this.logits = args.logits ?? false;
    if (typeof this.logits !== 'boolean') throw new Error(`PredictionHead logits must be a boolean`);
    this.kernelInitializer = args.kernelInitializer ?? 'lecunUniform';
  }

  /** The `kernel` weight, `[Σ d_k, 1]`. @throws if the layer is not built yet. */
  get kernel(): LayerVariable {
    if (this.kernelVar === null) throw new Error(`${this.name} is not built yet: apply it to an input first`);
    return this.kernelVar;
  }

  /** The `bias` weight, `[1]`. @throws if the layer is not built yet. */
  get bias(): LayerVariable {
    if (this.biasVar === null) throw new Error(`${this.name} is not built yet: apply it to an input first`);
    return this.biasVar;
  }

  override build(inputShape: Shape | Shape[]): void {
    const width = toShapeList(inputShape).reduce((sum, s) => sum + lastDim(s, 'PredictionHead'), 0);
    const init = resolveInitializer(this.kernelInitializer, this.seed);
    this.kernelVar = this.addWeight('kernel', [width, 1], 'float32', init, undefined, true);
    this.biasVar = this.addWeight('bias', [1], 'float32', tfl.initializers.zeros(), undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = toShapeList(inputShape);
    if (shapes.length === 0) throw new Error('PredictionHead expects at least one input');
    for (const s of shapes) {
      if (s.length !== 2) throw new Error(`PredictionHead expects [batch, d] inputs, got [${s.join(', ')}]`);
    }
    return [shapes.find((s) => s[0] != null)?.[0] ?? null, 1];
  }

  override apply(
    inputs: tf.Tensor | tf.Tensor[] | tfl.SymbolicTensor | tfl.SymbolicTensor[],
    kwargs?: Kwargs,
  ): tf.Tensor | tf.Tensor[] | tfl.SymbolicTensor | tfl.SymbolicTensor[] {
    const first = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs?.['logits'] !== undefined && first instanceof tfl.SymbolicTensor) {
      throw new Error(
        `${this.name}: a 'logits' call option is lost in a functional model (tfjs's executor ignores per-node call ` +
          `options). Use new PredictionHead({ logits: true }) or call the model with model.apply(x, { logits: true }).`,
      );
    }
    return super.apply(inputs, kwargs);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor2D {
    const logits = typeof kwargs['logits'] === 'boolean' ? kwargs['logits'] : this.logits;
    return tf.tidy(() => this.forward(toTensorList(inputs) as tf.Tensor2D[], { logits }));
  }

  /**
   * The head on its inputs (concatenated along the last axis): probabilities, or logits with `logits: true`.
   * Records on `options.tape` when given (the training engine's path); without a tape only the output survives the
   * call.
   */
  forward(inputs: tf.Tensor2D[], options: ForwardOptions & { logits?: boolean } = {}): tf.Tensor2D {
    if (inputs.length === 0) throw new Error('PredictionHead expects at least one input');
    buildFor(this, inputs);
    const activation = (options.logits ?? this.logits) ? 'linear' : 'sigmoid';
    const run = (): tf.Tensor2D => {
      const x = concatColumns(inputs, options.tape);
      return dense(x, this.kernel.read() as tf.Tensor2D, this.bias.read() as tf.Tensor1D, activation, options.tape);
    };
    // On a tape the concatenation must live until the backward pass; otherwise only the output survives.
    return options.tape ? run() : tf.tidy(run);
  }

  /**
   * Sets the kernel to the concatenation of `parts` (in input order) and the bias to `bias`. For NeuMF from
   * pre-trained models, pass `[α·h_GMF, (1 − α)·h_MLP]` and `α·b_GMF + (1 − α)·b_MLP`.
   *
   * @throws if the layer is not built yet or the parts' total length is not the kernel's size.
   */
  setKernelParts(parts: Float32Array[], bias: number): void {
    const rows = this.kernel.shape[0]!;
    const total = parts.reduce((n, p) => n + p.length, 0);
    if (total !== rows) throw new Error(`${this.name}.setKernelParts: parts hold ${total} values, kernel has ${rows}`);
    if (!Number.isFinite(bias)) throw new Error(`${this.name}.setKernelParts: bias must be finite, got ${bias}`);
    const values = new Float32Array(rows);
    let offset = 0;
    for (const p of parts) {
      values.set(p, offset);
      offset += p.length;
    }
    const k = tf.tensor2d(values, [rows, 1], 'float32');
    const b = tf.tensor1d([bias], 'float32');
    this.kernel.write(k);
    this.bias.write(b);
    k.dispose();
    b.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    const own: tf.serialization.ConfigDict = {
      logits: this.logits,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      seed: this.seed ?? null,
    };
    return { ...own, ...super.getConfig() };
  }
}
tf.serialization.registerClass(PredictionHead);
