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
import { type L2Penalty, towerArgs } from './mlp-tower.js';
import { concatColumns } from './ops/concat-columns.js';
import { type DenseActivation, dense } from './ops/dense.js';
import { dropout } from './ops/dropout.js';
import { mixSeeds } from './ops/mix-seeds.js';

/**
 * The four embedding pairs of DELF eq. 15, as indices into the inputs `[p, q, m, n]` (primitive user, primitive item,
 * item-based user, user-based item): `p⊕n`, `p⊕q`, `m⊕n`, `m⊕q`.
 */
export const DELF_PAIRS: readonly (readonly [number, number])[] = [
  [0, 3],
  [0, 1],
  [2, 3],
  [2, 1],
];

/** Configuration of a {@link PairwiseTowers}; `getConfig()` returns it and the constructor accepts it back. */
export interface PairwiseTowersArgs extends BaseLayerArgs {
  /** Width of each layer of every tower, e.g. `[128, 64, 32]`. */
  units: number[];
  /** Activation of every layer. Default `'relu'` (DELF's). */
  activation?: DenseActivation;
  /** Dropout rate in `[0, 1)` on each layer's input, in training only. Default 0. */
  dropout?: number;
  /** L2 coefficient of the kernels (Keras semantics). Default 0. */
  l2?: number;
  /** Kernel initializer. Default `'glorotUniform'`; biases start at zero. */
  kernelInitializer?: InitializerSpec;
  /** Seed of a named kernel initializer; tower `t`, layer `l` uses `seed + 100·t + l`. */
  seed?: number | null;
}

/**
 * DELF's pairwise neural interaction layers (eq. 13–15): four independent towers, one per pair of a user embedding
 * and an item embedding. Inputs `[p, q, m, n]` (each `[batch, d]`: primitive user, primitive item, item-based user,
 * user-based item); outputs the four deep representations `[h¹, h², h³, h⁴]` of `p⊕n`, `p⊕q`, `m⊕n`, `m⊕q`, each
 * `[batch, units.at(-1)]`. Modelling the pairs separately keeps the two kinds of embeddings from affecting each other.
 *
 * - Weights `kernel_<t>_<l>`, `bias_<t>_<l>` for tower `t ∈ 0..3`, layer `l`; every layer is one fused {@link dense}.
 * - Feed the outputs to a {@link FusionHead} (`'mlp'` or `'empirical'`).
 *
 * @example
 * ```ts
 * const towers = new PairwiseTowers({ units: [64, 32, 16], seed: 3 });
 * const [h1, h2, h3, h4] = towers.apply([p, q, m, n]) as tf.Tensor2D[]; // each [batch, 16]
 * ```
 */
export class PairwiseTowers extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysPairwiseTowers';

  /** Width of each layer of every tower. */
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
  private kernels: LayerVariable[][] = [];
  private biases: LayerVariable[][] = [];

  constructor(args: PairwiseTowersArgs) {
    super(args);
    const { units, activation, dropout, l2 } = towerArgs(args, 'PairwiseTowers');
    this.units = units;
    this.activation = activation;
    this.dropout = dropout;
    this.l2 = l2;
    this.seed = normalizeSeed(args.seed);
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
  }

  override build(inputShape: Shape | Shape[]): void {
    const widths = fourShapes(inputShape, 'PairwiseTowers').map((s) => lastDim(s, 'PairwiseTowers'));
    const regularizer = this.l2 > 0 ? tfl.regularizers.l2({ l2: this.l2 }) : undefined;
    this.kernels = [];
    this.biases = [];
    DELF_PAIRS.forEach(([a, b], t) => {
      let fanIn = widths[a]! + widths[b]!;
      const kernels: LayerVariable[] = [];
      const biases: LayerVariable[] = [];
      this.units.forEach((units, l) => {
        const init = resolveInitializer(
          this.kernelInitializer,
          this.seed === undefined ? undefined : this.seed + 100 * t + l,
        );
        kernels.push(this.addWeight(`kernel_${t}_${l}`, [fanIn, units], 'float32', init, regularizer, true));
        biases.push(this.addWeight(`bias_${t}_${l}`, [units], 'float32', tfl.initializers.zeros(), undefined, true));
        fanIn = units;
      });
      this.kernels.push(kernels);
      this.biases.push(biases);
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const shapes = fourShapes(inputShape, 'PairwiseTowers');
    const batch = shapes.find((s) => s[0] != null)?.[0] ?? null;
    return DELF_PAIRS.map(() => [batch, this.units[this.units.length - 1]!]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor2D[] {
    const seed = typeof kwargs['seed'] === 'number' ? kwargs['seed'] : undefined;
    const list = toTensorList(inputs) as tf.Tensor2D[];
    return tf.tidy(() => this.forward(list, { training: kwargs['training'] === true, seed }));
  }

  /**
   * The four towers on `[p, q, m, n]`; records on `options.tape` when given. Builds the layer on its first call.
   *
   * @throws when there are not four `[batch, d]` inputs of one batch size.
   */
  forward(inputs: tf.Tensor2D[], options: ForwardOptions = {}): tf.Tensor2D[] {
    if (inputs.length !== 4) throw new Error(`${this.name} expects four inputs [p, q, m, n], got ${inputs.length}`);
    const batch = inputs[0]!.shape[0];
    for (const x of inputs) {
      if (x.rank !== 2 || x.shape[0] !== batch) {
        throw new Error(
          `${this.name}: inputs must be [batch, d] of one batch size, got ${inputs.map((v) => `[${v.shape.join(', ')}]`).join(', ')}`,
        );
      }
    }
    buildFor(this, inputs);
    const run = () =>
      DELF_PAIRS.map(([a, b], t) => this.tower(t, concatColumns([inputs[a]!, inputs[b]!], options.tape), options));
    return options.tape ? run() : tf.tidy(run);
  }

  private tower(t: number, x: tf.Tensor2D, options: ForwardOptions): tf.Tensor2D {
    const rate = options.training ? this.dropout : 0;
    const kernels = this.kernels[t]!;
    for (let l = 0; l < kernels.length; l++) {
      if (rate > 0) {
        const seed = options.seed === undefined ? undefined : mixSeeds(options.seed, this.seed ?? 0, 100 * t + l);
        x = dropout(x, rate, options.tape, seed) as tf.Tensor2D;
      }
      x = dense(
        x,
        kernels[l]!.read() as tf.Tensor2D,
        this.biases[t]![l]!.read() as tf.Tensor1D,
        this.activation,
        options.tape,
      );
    }
    return x;
  }

  /** The kernels under L2 regularization (none when `l2` is 0), as `MLPTower.l2Penalties`. */
  l2Penalties(): L2Penalty[] {
    return this.l2 > 0 ? this.kernels.flat().map((weight) => ({ weight, l2: this.l2 })) : [];
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
tf.serialization.registerClass(PairwiseTowers);

function fourShapes(inputShape: Shape | Shape[], layer: string): Shape[] {
  const shapes = toShapeList(inputShape);
  if (shapes.length !== 4 || shapes.some((s) => s.length !== 2)) {
    throw new Error(`${layer} expects four [batch, d] inputs [p, q, m, n], got ${JSON.stringify(inputShape)}`);
  }
  return shapes;
}
