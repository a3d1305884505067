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
import { type DenseActivation, dense, isDenseActivation } from './ops/dense.js';
import { rowDot } from './ops/row-dot.js';

/**
 * How DualNet matches the levels of its two networks (Figure 1):
 * - `'basic'`: the top levels' dot product, `⟨u_L, v_L⟩`;
 * - `'multilevel'`: the dot products of every aligned level, summed, `Σ_l ⟨u_l, v_l⟩`;
 * - `'branching'`: as multi-level, but each level below the top first goes through a matching branch of its own
 *   network, `Σ_{l<L} ⟨B^u_l(u_l), B^v_l(v_l)⟩ + ⟨u_L, v_L⟩`, so the main path is not bent to serve the match.
 */
export type DualDesign = 'basic' | 'multilevel' | 'branching';

/** Every {@link DualDesign}. */
export const DUAL_DESIGNS: readonly DualDesign[] = ['basic', 'multilevel', 'branching'];

/** The side of a {@link DualMatching} a set of levels comes from. */
export type DualSide = 'user' | 'item';

/** Configuration of a {@link DualMatching}; `getConfig()` returns it and the constructor accepts it back. */
export interface DualMatchingArgs extends BaseLayerArgs {
  /** The design. Default `'branching'` (the paper's best, Table 3). */
  design?: DualDesign;
  /** Activation of the matching branches (`'branching'` only). Default `'tanh'`, as the networks. */
  branchActivation?: DenseActivation;
  /** Kernel initializer of the branches. Default `'glorotUniform'`; biases start at zero. */
  kernelInitializer?: InitializerSpec;
  /** Seed of a named kernel initializer; the user branch of level `l` uses `seed + l`, the item branch `seed + 100 + l`. */
  seed?: number | null;
}

/**
 * DualNet's matching of a user network's levels against an item network's (Figure 1, {@link DualDesign}), written as
 * one dot product: each side's levels become a **matching embedding** — the top level (`'basic'`), or every level
 * concatenated, each level below the top through its branch for `'branching'` — and the score is the dot product of
 * the two embeddings, since `Σ_l ⟨a_l, b_l⟩ = ⟨a₁ ⊕ … ⊕ a_L, b₁ ⊕ … ⊕ b_L⟩`. So a block of B_u users × B_v items
 * (DualNet's dual mini-batch) scores as one matmul, and a user against the whole catalogue too.
 *
 * - Inputs of `apply`: the user levels then the item levels, `[u₁, …, u_L, v₁, …, v_L]`, level widths aligned
 *   (`u_l` and `v_l` of one width); output: the pairs' scores `[batch, 1]` (row k of the users with row k of the items).
 * - {@link embed} gives one side's matching embedding; {@link forward} the pairs' scores.
 * - Weights (`'branching'` only): `user_kernel_l`, `user_bias_l`, `item_kernel_l`, `item_bias_l` for `l < L − 1`, each
 *   branch a square fused {@link dense} of the level's width.
 *
 * @example
 * ```ts
 * const matching = new DualMatching({ design: 'branching', seed: 3 });
 * const u = matching.embed('user', users.forward(zUsers, ctx), ctx); // [B_u, D]
 * const v = matching.embed('item', items.forward(zItems, ctx), ctx); // [B_v, D]
 * const block = ctx.op((a, b) => tf.matMul(a, b, false, true), u, v); // [B_u, B_v] scores
 * ```
 */
export class DualMatching extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysDualMatching';

  /** The design. */
  readonly design: DualDesign;
  /** Activation of the matching branches. */
  readonly branchActivation: DenseActivation;
  /**
   * Seed of a named kernel initializer, if any. Read when the weights are created, so it may be set until then: a
   * recsys model gives a block without one a seed derived from the block's name.
   */
  seed: number | undefined;
  private readonly kernelInitializer: InitializerSpec;
  private widths: number[] = [];
  private branches: Record<DualSide, { kernel: LayerVariable; bias: LayerVariable }[]> = { user: [], item: [] };

  constructor(args: DualMatchingArgs = {}) {
    super(args);
    const design = args.design ?? 'branching';
    if (!DUAL_DESIGNS.includes(design)) {
      throw new Error(`DualMatching: unknown design '${String(design)}' (${DUAL_DESIGNS.join(', ')})`);
    }
    const branchActivation = args.branchActivation ?? 'tanh';
    if (!isDenseActivation(branchActivation)) {
      throw new Error(`DualMatching: unknown branch activation '${String(branchActivation)}'`);
    }
    this.design = design;
    this.branchActivation = branchActivation;
    this.seed = normalizeSeed(args.seed);
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
  }

  override build(inputShape: Shape | Shape[]): void {
    this.widths = levelWidths(toShapeList(inputShape), 'DualMatching');
    this.branches = { user: [], item: [] };
    if (this.design === 'branching') {
      for (const [side, offset] of [
        ['user', 0],
        ['item', 100],
      ] as const) {
        for (let l = 0; l + 1 < this.widths.length; l++) {
          const width = this.widths[l]!;
          const seed = this.seed === undefined ? undefined : this.seed + offset + l;
          const init = resolveInitializer(this.kernelInitializer, seed);
          const kernel = this.addWeight(`${side}_kernel_${l}`, [width, width], 'float32', init, undefined, true);
          const zeros = tfl.initializers.zeros();
          const bias = this.addWeight(`${side}_bias_${l}`, [width], 'float32', zeros, undefined, true);
          this.branches[side].push({ kernel, bias });
        }
      }
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = toShapeList(inputShape);
    levelWidths(shapes, 'DualMatching');
    return [shapes[0]![0] ?? null, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor2D {
    void kwargs;
    const list = toTensorList(inputs) as tf.Tensor2D[];
    const half = list.length / 2;
    return tf.tidy(() => this.forward(list.slice(0, half), list.slice(half)));
  }

  /** Width of the matching embedding {@link embed} returns (known once built). */
  get embeddingSize(): number {
    if (!this.built) throw new Error(`${this.name}: the embedding size is known once the layer is built`);
    return this.design === 'basic' ? this.widths[this.widths.length - 1]! : this.widths.reduce((a, b) => a + b, 0);
  }

  /**
   * One side's matching embedding `[batch, D]` from its levels `[h₁, …, h_L]`; records on `options.tape` when given.
   * The layer must be built (by {@link forward} or `apply`) first.
   */
  embed(side: DualSide, levels: tf.Tensor2D[], options: ForwardOptions = {}): tf.Tensor2D {
    if (!this.built) throw new Error(`${this.name}: call forward (or apply) once before embed, to build the branches`);
    if (levels.length !== this.widths.length || levels.some((h, l) => h.rank !== 2 || h.shape[1] !== this.widths[l])) {
      throw new Error(
        `${this.name}: expected ${side} levels of widths [${this.widths.join(', ')}], got ` +
          levels.map((h) => `[${h.shape.join(', ')}]`).join(', '),
      );
    }
    const run = () => {
      const top = levels[levels.length - 1]!;
      if (this.design === 'basic') return top;
      const parts =
        this.design === 'multilevel'
          ? levels
          : [
              ...this.branches[side].map(({ kernel, bias }, l) =>
                dense(
                  levels[l]!,
                  kernel.read() as tf.Tensor2D,
                  bias.read() as tf.Tensor1D,
                  this.branchActivation,
                  options.tape,
                ),
              ),
              top,
            ];
      return concatColumns(parts, options.tape);
    };
    return options.tape ? run() : tf.tidy(run);
  }

  /**
   * The scores `[batch, 1]` of pairs (row k of `userLevels` with row k of `itemLevels`); records on `options.tape` when
   * given. Builds the layer on its first call.
   *
   * @throws when the two sides do not have the same number of levels of the same widths and batch size.
   */
  forward(userLevels: tf.Tensor2D[], itemLevels: tf.Tensor2D[], options: ForwardOptions = {}): tf.Tensor2D {
    const batch = userLevels[0]?.shape[0];
    if (userLevels.length === 0 || [...userLevels, ...itemLevels].some((h) => h.shape[0] !== batch)) {
      throw new Error(`${this.name}: user and item levels must be [batch, width] of one batch size`);
    }
    buildFor(this, [...userLevels, ...itemLevels]);
    const run = () =>
      rowDot(this.embed('user', userLevels, options), this.embed('item', itemLevels, options), options.tape);
    return options.tape ? run() : tf.tidy(run);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const own: tf.serialization.ConfigDict = {
      design: this.design,
      branchActivation: this.branchActivation,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      seed: this.seed ?? null,
    };
    return { ...own, ...super.getConfig() };
  }
}
tf.serialization.registerClass(DualMatching);

/** The aligned level widths of `[u₁, …, u_L, v₁, …, v_L]`. */
function levelWidths(shapes: Shape[], layer: string): number[] {
  if (shapes.length === 0 || shapes.length % 2 !== 0 || shapes.some((s) => s.length !== 2)) {
    throw new Error(
      `${layer} expects user levels then item levels, each [batch, width], got ${JSON.stringify(shapes)}`,
    );
  }
  const half = shapes.length / 2;
  const widths = shapes.slice(0, half).map((s) => lastDim(s, layer));
  const itemWidths = shapes.slice(half).map((s) => lastDim(s, layer));
  if (widths.some((w, l) => w !== itemWidths[l])) {
    throw new Error(
      `${layer}: the user and item levels must align, got widths [${widths.join(', ')}] and [${itemWidths.join(', ')}]`,
    );
  }
  return widths;
}
