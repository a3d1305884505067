import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import { type InitializerSpec, resolveInitializer, serializeInitializer } from './initializers.js';
import {
  type BaseLayerArgs,
  type ForwardOptions,
  type Kwargs,
  assertPositiveInt,
  buildFor,
  lastDim,
  normalizeSeed,
  singleShape,
  singleTensor,
} from './layer-utils.js';
import { type L2Penalty, towerArgs } from './mlp-tower.js';
import { concatColumns } from './ops/concat-columns.js';
import { type DenseActivation, dense } from './ops/dense.js';
import { dropout } from './ops/dropout.js';
import { gradientMask } from './ops/gradient-mask.js';
import { mixSeeds } from './ops/mix-seeds.js';

/** Configuration of a {@link MultiBranchMLP}; `getConfig()` returns it and the constructor accepts it back. */
export interface MultiBranchMLPArgs extends BaseLayerArgs {
  /** Number of branches: the target behaviour's, then one per supportive behaviour. At least 1. */
  branches: number;
  /** Width of each layer of every branch, e.g. `[32, 16, 8]`. */
  units: number[];
  /** Width of the fusion layer over the concatenated branch outputs. Default the branches' last width. */
  fusionUnits?: number;
  /** Activation of every layer, the fusion included. Default `'relu'` (the paper's, against over-fitting sparse data). */
  activation?: DenseActivation;
  /** Dropout rate in `[0, 1)` on each branch layer's input, in training only. Default 0. */
  dropout?: number;
  /** L2 coefficient of the kernels (Keras semantics). Default 0. */
  l2?: number;
  /** Kernel initializer. Default `'glorotUniform'`; biases start at zero. */
  kernelInitializer?: InitializerSpec;
  /** Seed of a named kernel initializer: branch `b`'s layer `l` uses `seed + 100·b + l`, the fusion `seed + 99`. */
  seed?: number | null;
}

/** Options of {@link MultiBranchMLP.forward}: the usual, plus which rows may train each branch. */
export interface MultiBranchForwardOptions extends ForwardOptions {
  /**
   * Per branch, a 0/1 entry per row: the rows whose gradient reaches that branch (`undefined`: every row). Values are
   * computed for every row either way. Only read with a tape (training).
   */
  gradientMasks?: readonly (Float32Array | undefined)[];
}

/**
 * The multi-branch MLP of multiple-implicit-feedback recommendation (M-MLP, §3.3, eq. 2–4): one MLP branch per
 * behaviour — the target (purchase) and each supportive one (click, cart, favourite) — each over the same input
 * (the concatenated user and item embeddings `[p ⊕ q]`) with its own weights, their outputs concatenated and fused
 * by a fully connected layer.
 *
 * The paper updates a supportive branch only on pairs that have its behaviour, the target branch on every pair:
 * {@link MultiBranchForwardOptions.gradientMasks} does that, without changing any value (every branch scores every
 * pair).
 *
 * - Input `[batch, in]`; output `[batch, fusionUnits]`.
 * - Weights `branch_<b>_kernel_<l>`, `branch_<b>_bias_<l>` for each branch b and layer l, then `fusion_kernel`,
 *   `fusion_bias`; every layer one fused {@link dense} op.
 *
 * @example
 * ```ts
 * const mmlp = new MultiBranchMLP({ branches: 4, units: [32, 16, 8], seed: 1 }); // buy, pv, cart, fav
 * const h = mmlp.forward(pq, { tape, gradientMasks: [undefined, hasPv, hasCart, hasFav] }); // [batch, 8]
 * ```
 */
export class MultiBranchMLP extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysMultiBranchMLP';

  /** Number of branches. */
  readonly branches: number;
  /** Width of each layer of every branch. */
  readonly units: readonly number[];
  /** Width of the fusion layer. */
  readonly fusionUnits: number;
  /** Activation of every layer. */
  readonly activation: DenseActivation;
  /** Dropout rate on each branch layer's input (training only). */
  readonly dropout: number;
  /** L2 coefficient of the kernels. */
  readonly l2: number;
  /**
   * Seed of a named kernel initializer, if any. Read when the weights are created, so it may be set until then: a
   * recsys model gives a block without one a seed derived from the block's name.
   */
  seed: number | undefined;
  private readonly kernelInitializer: InitializerSpec;
  private branchWeights: { kernels: LayerVariable[]; biases: LayerVariable[] }[] = [];
  private fusionKernel: LayerVariable | undefined;
  private fusionBias: LayerVariable | undefined;

  constructor(args: MultiBranchMLPArgs) {
    super(args);
    assertPositiveInt(args.branches, 'MultiBranchMLP branches');
    const { units, activation, dropout, l2 } = towerArgs(args, 'MultiBranchMLP');
    const fusionUnits = args.fusionUnits ?? units[units.length - 1]!;
    assertPositiveInt(fusionUnits, 'MultiBranchMLP fusionUnits');
    this.branches = args.branches;
    this.units = units;
    this.fusionUnits = fusionUnits;
    this.activation = activation;
    this.dropout = dropout;
    this.l2 = l2;
    this.seed = normalizeSeed(args.seed);
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
  }

  override build(inputShape: Shape | Shape[]): void {
    const inputWidth = lastDim(singleShape(inputShape, 'MultiBranchMLP'), 'MultiBranchMLP');
    const regularizer = this.l2 > 0 ? tfl.regularizers.l2({ l2: this.l2 }) : undefined;
    const zeros = tfl.initializers.zeros();
    const init = (offset: number) =>
      resolveInitializer(this.kernelInitializer, this.seed === undefined ? undefined : this.seed + offset);
    this.branchWeights = [];
    for (let b = 0; b < this.branches; b++) {
      const kernels: LayerVariable[] = [];
      const biases: LayerVariable[] = [];
      let fanIn = inputWidth;
      this.units.forEach((units, l) => {
        kernels.push(
          this.addWeight(`branch_${b}_kernel_${l}`, [fanIn, units], 'float32', init(100 * b + l), regularizer, true),
        );
        biases.push(this.addWeight(`branch_${b}_bias_${l}`, [units], 'float32', zeros, undefined, true));
        fanIn = units;
      });
      this.branchWeights.push({ kernels, biases });
    }
    const branchOut = this.units[this.units.length - 1]! * this.branches;
    this.fusionKernel = this.addWeight(
      'fusion_kernel',
      [branchOut, this.fusionUnits],
      'float32',
      init(99),
      regularizer,
      true,
    );
    this.fusionBias = this.addWeight('fusion_bias', [this.fusionUnits], 'float32', zeros, undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(inputShape, 'MultiBranchMLP');
    if (shape.length !== 2) {
      throw new Error(`MultiBranchMLP expects [batch, features] inputs, got [${shape.join(', ')}]`);
    }
    return [shape[0] ?? null, this.fusionUnits];
  }

  /** `apply(x, { training: true, seed })`: every branch on every row, fused (no gradient masks). */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor2D {
    const seed = typeof kwargs['seed'] === 'number' ? kwargs['seed'] : undefined;
    const x = singleTensor(inputs, this.name) as tf.Tensor2D;
    return tf.tidy(() => this.forward(x, { training: kwargs['training'] === true, seed }));
  }

  /**
   * The fused output `[batch, fusionUnits]` of every branch on `x` `[batch, in]`; records on `options.tape` when given,
   * each branch's gradient restricted to its rows of `options.gradientMasks`. Builds the layer on its first call.
   *
   * @throws RangeError when `gradientMasks` does not have one entry per branch.
   */
  forward(x: tf.Tensor2D, options: MultiBranchForwardOptions = {}): tf.Tensor2D {
    const masks = options.gradientMasks;
    if (masks !== undefined && masks.length !== this.branches) {
      throw new RangeError(`${this.name}: ${masks.length} gradient masks for ${this.branches} branches`);
    }
    buildFor(this, [x]);
    const run = () => {
      const rate = options.training ? this.dropout : 0;
      const outputs = this.branchWeights.map(({ kernels, biases }, b) => {
        let h = x;
        for (let l = 0; l < kernels.length; l++) {
          if (rate > 0) {
            const seed = options.seed === undefined ? undefined : mixSeeds(options.seed, this.seed ?? 0, 100 * b + l);
            h = dropout(h, rate, options.tape, seed) as tf.Tensor2D;
          }
          const kernel = kernels[l]!.read() as tf.Tensor2D;
          h = dense(h, kernel, biases[l]!.read() as tf.Tensor1D, this.activation, options.tape);
        }
        const mask = masks?.[b];
        return mask && options.tape ? gradientMask(h, mask, options.tape) : h;
      });
      const joined = outputs.length === 1 ? outputs[0]! : concatColumns(outputs, options.tape);
      const kernel = this.fusionKernel!.read() as tf.Tensor2D;
      return dense(joined, kernel, this.fusionBias!.read() as tf.Tensor1D, this.activation, options.tape);
    };
    return options.tape ? run() : tf.tidy(run);
  }

  /** The kernels under L2 regularization (none when `l2` is 0), as `MLPTower.l2Penalties`. */
  l2Penalties(): L2Penalty[] {
    if (this.l2 === 0 || !this.fusionKernel) return [];
    const kernels = [...this.branchWeights.flatMap((b) => b.kernels), this.fusionKernel!];
    return kernels.map((weight) => ({ weight, l2: this.l2 }));
  }

  override getConfig(): tf.serialization.ConfigDict {
    const own: tf.serialization.ConfigDict = {
      branches: this.branches,
      units: [...this.units],
      fusionUnits: this.fusionUnits,
      activation: this.activation,
      dropout: this.dropout,
      l2: this.l2,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      seed: this.seed ?? null,
    };
    return { ...own, ...super.getConfig() };
  }
}
tf.serialization.registerClass(MultiBranchMLP);
