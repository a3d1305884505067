import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import { type InitializerSpec, resolveInitializer, serializeInitializer } from './initializers.js';
import {
  type BaseLayerArgs,
  type ForwardOptions,
  type Kwargs,
  assertNonNegative,
  assertPositiveInt,
  buildFor,
  lastDim,
  normalizeSeed,
  singleShape,
  singleTensor,
} from './layer-utils.js';
import { type DenseActivation, dense, isDenseActivation } from './ops/dense.js';
import { dropout } from './ops/dropout.js';
import { mixSeeds } from './ops/mix-seeds.js';

/** Configuration of an {@link MLPTower}; `getConfig()` returns it and the constructor accepts it back. */
export interface MLPTowerArgs extends BaseLayerArgs {
  /** Width of each layer, e.g. `halvingTower(8)` = `[32, 16, 8]`. */
  units: number[];
  /** Activation of every layer (the last included, as in NCF). Default `'relu'`. */
  activation?: DenseActivation;
  /** Dropout rate in `[0, 1)` on each layer's input, in training only (`kwargs.training`). Default 0. */
  dropout?: number;
  /** L2 coefficient of the kernels (Keras semantics: penalty `l2 · Σw²`, gradient `2 · l2 · w`). Default 0. */
  l2?: number;
  /** Kernel initializer. Default `'glorotUniform'`. Biases start at zero. */
  kernelInitializer?: InitializerSpec;
  /** Seed of a named kernel initializer; layer `i` uses `seed + i`. */
  seed?: number | null;
}

/**
 * The checked stack arguments of a tower layer (`MLPTower`, `PairwiseTowers`), defaults filled in.
 *
 * @throws naming `layer` and the argument when units are not a non-empty list of positive integers, the activation is
 *   unknown, dropout is outside [0, 1) or l2 is negative.
 */
export function towerArgs(
  args: Pick<MLPTowerArgs, 'units' | 'activation' | 'dropout' | 'l2'>,
  layer: string,
): { units: number[]; activation: DenseActivation; dropout: number; l2: number } {
  if (!Array.isArray(args.units) || args.units.length === 0) {
    throw new Error(`${layer} units must be a non-empty array of positive integers`);
  }
  args.units.forEach((u, i) => assertPositiveInt(u, `${layer} units[${i}]`));
  const activation = args.activation ?? 'relu';
  if (!isDenseActivation(activation)) throw new Error(`${layer}: unknown activation '${String(activation)}'`);
  const dropout = args.dropout ?? 0;
  if (!(dropout >= 0 && dropout < 1)) throw new Error(`${layer} dropout must be in [0, 1), got ${dropout}`);
  const l2 = args.l2 ?? 0;
  assertNonNegative(l2, `${layer} l2`);
  return { units: [...args.units], activation, dropout, l2 };
}

/** A weight under L2 regularization, as {@link MLPTower.l2Penalties} lists it. */
export interface L2Penalty {
  weight: LayerVariable;
  l2: number;
}

/**
 * A stack of fully connected layers `[batch, in] → [batch, units.at(-1)]`: the MLP towers of NCF, DMF, DELF, DualNet.
 *
 * - Weights `kernel_0, bias_0, kernel_1, bias_1, …`; every layer is one {@link dense} op (fused forward, fast
 *   hand-written gradient).
 * - Dropout (if > 0) is applied to the input of every layer, only when called with `{ training: true }`.
 * - With `l2 > 0`, the kernels carry a Keras L2 regularizer (honoured by stock `model.fit`) and are listed by
 *   {@link MLPTower.l2Penalties} for the custom training engine, which adds `2 · l2 · w` to their gradients.
 *
 * @example
 * ```ts
 * const tower = new MLPTower({ units: halvingTower(8), dropout: 0.1, seed: 7 }); // 32 → 16 → 8, relu
 * const h = tower.apply(tf.ones([4, 32]), { training: true }) as tf.Tensor2D; // [4, 8]
 * ```
 */
export class MLPTower extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysMLPTower';

  /** Width of each layer. */
  readonly units: readonly number[];
  /** Activation of every layer. */
  readonly activation: DenseActivation;
  /** Dropout rate on each layer's input (training only). */
  readonly dropout: number;
  /** L2 coefficient of the kernels. */
  readonly l2: number;
  /**
   * Seed of a named kernel initializer, if any. Read when the weights are created, so it may be set until then: a
   * recsys model gives a block without one a seed derived from the block's name.
   */
  seed: number | undefined;
  private readonly kernelInitializer: InitializerSpec;
  private kernels: LayerVariable[] = [];
  private biases: LayerVariable[] = [];

  constructor(args: MLPTowerArgs) {
    super(args);
    const { units, activation, dropout, l2 } = towerArgs(args, 'MLPTower');
    this.units = units;
    this.activation = activation;
    this.dropout = dropout;
    this.l2 = l2;
    this.seed = normalizeSeed(args.seed);
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
  }

  override build(inputShape: Shape | Shape[]): void {
    let fanIn = lastDim(singleShape(inputShape, 'MLPTower'), 'MLPTower');
    const regularizer = this.l2 > 0 ? tfl.regularizers.l2({ l2: this.l2 }) : undefined;
    this.kernels = [];
    this.biases = [];
    this.units.forEach((units, i) => {
      const init = resolveInitializer(this.kernelInitializer, this.seed === undefined ? undefined : this.seed + i);
      this.kernels.push(this.addWeight(`kernel_${i}`, [fanIn, units], 'float32', init, regularizer, true));
      this.biases.push(this.addWeight(`bias_${i}`, [units], 'float32', tfl.initializers.zeros(), undefined, true));
      fanIn = units;
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(inputShape, 'MLPTower');
    if (shape.length !== 2) throw new Error(`MLPTower expects [batch, features] inputs, got [${shape.join(', ')}]`);
    return [shape[0] ?? null, this.units[this.units.length - 1]!];
  }

  /** `apply(x, { training: true, seed })`: a numeric `seed` fixes this call's dropout masks (else unseeded). */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor2D {
    const seed = typeof kwargs['seed'] === 'number' ? kwargs['seed'] : undefined;
    return tf.tidy(() =>
      this.forward(singleTensor(inputs, this.name) as tf.Tensor2D, { training: kwargs['training'] === true, seed }),
    );
  }

  /**
   * The tower on `x` `[batch, in]`; records on `options.tape` when given (the training engine's path), keeping the
   * intermediates for the backward pass; without a tape only the output survives the call. Builds the layer on its
   * first call.
   */
  forward(x: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor2D {
    buildFor(this, [x]);
    if (!options.tape) return tf.tidy(() => this.runLayers(x, options));
    return this.runLayers(x, options);
  }

  private runLayers(x: tf.Tensor2D, options: ForwardOptions): tf.Tensor2D {
    const rate = options.training ? this.dropout : 0;
    for (let i = 0; i < this.kernels.length; i++) {
      if (rate > 0)
        x = dropout(
          x,
          rate,
          options.tape,
          options.seed === undefined ? undefined : mixSeeds(options.seed, this.seed ?? 0, i),
        ) as tf.Tensor2D;
      x = dense(
        x,
        this.kernels[i]!.read() as tf.Tensor2D,
        this.biases[i]!.read() as tf.Tensor1D,
        this.activation,
        options.tape,
      );
    }
    return x;
  }

  /**
   * The kernels under L2 regularization (none when `l2` is 0), for a training engine that applies weight decay
   * itself: it adds `2 · l2 · w` to each listed weight's gradient (Keras L2 semantics). Biases are not regularized.
   */
  l2Penalties(): L2Penalty[] {
    return this.l2 > 0 ? this.kernels.map((weight) => ({ weight, l2: this.l2 })) : [];
  }

  override getConfig(): tf.serialization.ConfigDict {
    const own: tf.serialization.ConfigDict = {
      units: [...this.units],
      activation: this.activation,
      dropout: this.dropout,
      l2: this.l2,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      seed: this.seed ?? null,
    };
    return { ...own, ...super.getConfig() };
  }
}
tf.serialization.registerClass(MLPTower);
