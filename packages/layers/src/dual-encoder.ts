import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import { differentiable } from './autodiff/differentiable.js';
import { type InitializerSpec, resolveInitializer, serializeInitializer } from './initializers.js';
import {
  type BaseLayerArgs,
  type ForwardOptions,
  type Kwargs,
  buildFor,
  lastDim,
  normalizeSeed,
  singleShape,
  singleTensor,
} from './layer-utils.js';
import { type L2Penalty, towerArgs } from './mlp-tower.js';
import { type DenseActivation, dense } from './ops/dense.js';
import { dropout } from './ops/dropout.js';
import { mixSeeds } from './ops/mix-seeds.js';

/** Configuration of a {@link DualEncoder}; `getConfig()` returns it and the constructor accepts it back. */
export interface DualEncoderArgs extends BaseLayerArgs {
  /** Width of each level, the first included, e.g. DualNet's `[200, 200, 50]`. */
  units: number[];
  /** Activation of every level. Default `'tanh'` (DualNet's footnote 1: chosen empirically). */
  activation?: DenseActivation;
  /** Dropout rate in `[0, 1)` on the input of every level after the first, in training only. Default 0. */
  dropout?: number;
  /** L2 coefficient of the kernels (Keras semantics). Default 0. */
  l2?: number;
  /** Kernel initializer. Default `'glorotUniform'`; biases start at zero. */
  kernelInitializer?: InitializerSpec;
  /** Seed of a named kernel initializer; level `l` uses `seed + l`. */
  seed?: number | null;
}

/**
 * One of DualNet's dual networks (Xiong et al., §3): the user network g(r) over a user's history vector, or the item
 * network f(x) over an item's content. It returns the representation of **every level**, which DualNet's multi-level
 * designs match against the other network's (see {@link DualMatching}).
 *
 * The first level's input is its pre-activation `z₁ = x·W₁` `[batch, units[0]]`: the sparse product of a history or a
 * bag of words with the first weight matrix, which the training engine computes host-side (`ctx.bag(table, bag)`)
 * without ever building the dense `[batch, items]` or `[batch, words]` input. The layer adds the first bias and the
 * activation, `h₁ = act(z₁ + b₁)`, then stacks fully connected levels `h_{l+1} = act(h_l·W_{l+1} + b_{l+1})`.
 *
 * - Weights `bias_0`, then `kernel_l`, `bias_l` for `l ≥ 1`; each level after the first is one fused {@link dense}.
 * - Dropout (if > 0) on the input of each level after the first, in training only. Input noise (entries of the
 *   history or bag zeroed) belongs to whoever builds the bag.
 *
 * @example
 * ```ts
 * const users = new DualEncoder({ units: [200, 200, 50], seed: 1 });
 * const [h1, h2, h3] = users.forward(ctx.bag(userFirstLayer, histories), ctx); // [B, 200], [B, 200], [B, 50]
 * ```
 */
export class DualEncoder extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysDualEncoder';

  /** Width of each level, the first included. */
  readonly units: readonly number[];
  /** Activation of every level. */
  readonly activation: DenseActivation;
  /** Dropout rate on the input of each level after the first (training only). */
  readonly dropout: number;
  /** L2 coefficient of the kernels. */
  readonly l2: number;
  /**
   * Seed of a named kernel initializer, if any. Read when the weights are created, so it may be set until then: a
   * recsys model gives a block without one a seed derived from the block's name.
   */
  seed: number | undefined;
  private readonly kernelInitializer: InitializerSpec;
  private firstBias: LayerVariable | undefined;
  private kernels: LayerVariable[] = [];
  private biases: LayerVariable[] = [];

  constructor(args: DualEncoderArgs) {
    super(args);
    const { units, activation, dropout, l2 } = towerArgs(
      { ...args, activation: args.activation ?? 'tanh' },
      'DualEncoder',
    );
    this.units = units;
    this.activation = activation;
    this.dropout = dropout;
    this.l2 = l2;
    this.seed = normalizeSeed(args.seed);
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
  }

  override build(inputShape: Shape | Shape[]): void {
    const width = lastDim(singleShape(inputShape, 'DualEncoder'), 'DualEncoder');
    if (width !== this.units[0]) {
      throw new Error(`DualEncoder: the first level has ${this.units[0]} units, its input ${width} columns`);
    }
    const regularizer = this.l2 > 0 ? tfl.regularizers.l2({ l2: this.l2 }) : undefined;
    this.firstBias = this.addWeight('bias_0', [width], 'float32', tfl.initializers.zeros(), undefined, true);
    this.kernels = [];
    this.biases = [];
    for (let l = 1; l < this.units.length; l++) {
      const init = resolveInitializer(this.kernelInitializer, this.seed === undefined ? undefined : this.seed + l);
      const shape = [this.units[l - 1]!, this.units[l]!];
      this.kernels.push(this.addWeight(`kernel_${l}`, shape, 'float32', init, regularizer, true));
      this.biases.push(
        this.addWeight(`bias_${l}`, [this.units[l]!], 'float32', tfl.initializers.zeros(), undefined, true),
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const shape = singleShape(inputShape, 'DualEncoder');
    if (shape.length !== 2) throw new Error(`DualEncoder expects [batch, units[0]] inputs, got [${shape.join(', ')}]`);
    return this.units.map((units) => [shape[0] ?? null, units]);
  }

  /** `apply(z₁, { training: true, seed })`: every level's representation. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor2D[] {
    const seed = typeof kwargs['seed'] === 'number' ? kwargs['seed'] : undefined;
    const z = singleTensor(inputs, this.name) as tf.Tensor2D;
    return tf.tidy(() => this.forward(z, { training: kwargs['training'] === true, seed }));
  }

  /**
   * Every level's representation `[h₁, …, h_L]` from the first level's pre-activation `z₁` `[batch, units[0]]`;
   * records on `options.tape` when given. Builds the layer on its first call.
   */
  forward(z: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor2D[] {
    if (z.rank !== 2) throw new Error(`${this.name}: expects [batch, ${this.units[0]}], got [${z.shape.join(', ')}]`);
    buildFor(this, [z]);
    const run = () => {
      const levels = [firstLevel(this.activation)([z, this.firstBias!.read() as tf.Tensor1D], options.tape)];
      const rate = options.training ? this.dropout : 0;
      for (let l = 0; l < this.kernels.length; l++) {
        let x = levels[l]!;
        if (rate > 0) {
          const seed = options.seed === undefined ? undefined : mixSeeds(options.seed, this.seed ?? 0, l);
          x = dropout(x, rate, options.tape, seed) as tf.Tensor2D;
        }
        const kernel = this.kernels[l]!.read() as tf.Tensor2D;
        levels.push(dense(x, kernel, this.biases[l]!.read() as tf.Tensor1D, this.activation, options.tape));
      }
      return levels;
    };
    return options.tape ? run() : tf.tidy(run);
  }

  /** The kernels under L2 regularization (none when `l2` is 0), as `MLPTower.l2Penalties`. */
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
tf.serialization.registerClass(DualEncoder);

const FIRST_LEVELS = new Map<DenseActivation, ReturnType<typeof makeFirstLevel>>();

/** `act(z + b)` as a tape op (tfjs's gradient: it runs once per step and side, off the hot path). */
function firstLevel(activation: DenseActivation) {
  let op = FIRST_LEVELS.get(activation);
  if (op === undefined) FIRST_LEVELS.set(activation, (op = makeFirstLevel(activation)));
  return op;
}

function makeFirstLevel(activation: DenseActivation) {
  return differentiable((z: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D => {
    const x = tf.add<tf.Tensor2D>(z, b);
    switch (activation) {
      case 'linear':
        return x;
      case 'relu':
        return tf.relu(x);
      case 'sigmoid':
        return tf.sigmoid(x);
      case 'tanh':
        return tf.tanh(x);
    }
  });
}
