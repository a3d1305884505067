import * as tf from '@tensorflow/tfjs-core';
import type { Interactions } from '@recsys/data';
import { CosineHead, MLPTower, takeRows } from '@recsys/layers';
import {
  EXAMPLE_ORDERS,
  leftOutEntries,
  ratingVectors,
  type BatchSource,
  type Loss,
  type PairBatch,
  type Pairs,
  type SparseTable,
  StepContext,
  type TripleBatch,
} from '@recsys/train';
import type { NeuralModelSpec } from '../model-spec.js';
import type { NeuralFitOptions } from '../neural/neural-fit-options.js';
import { NeuralRecommender } from '../neural/neural-recommender.js';
import { distinctIds } from '../neural/distinct-ids.js';
import { EmbeddingScores } from '../neural/embedding-scores.js';
import { option, type OptionInput, type OptionSchema } from '../options/option-spec.js';
import { neuralFitOptionSchema } from '../neural/neural-fit-options.js';

/** The paper's sampled negatives per positive (§4.1) and Adam learning rate. */
const DMF_NEGATIVES = 7;
const DMF_LEARNING_RATE = 1e-4;

const spec = {
  name: 'dmf',
  description: 'DMF (Xue et al. 2017): rating rows and columns through two towers, cosine score',
  options: {
    layers: option.ints({
      description: 'Tower sizes; the first is a linear map of the rating vector, the rest ReLU layers',
      min: 1,
      default: [256, 64],
    }),
    input: option.choice({
      description: 'Rating vectors: the ratings (eq. 2) or 1 for every interaction (eq. 1)',
      choices: ['rating', 'binary'] as const,
      default: 'rating',
    }),
    floor: option.number({
      description: 'μ: cosines below it are raised to it (eq. 13)',
      default: 1e-6,
      min: 0,
      max: 1,
      maxExclusive: true,
    }),
    l2: option.number({ description: 'L2 on the first layers and tower kernels', default: 0, min: 0 }),
  },
  losses: ['nce', 'ce'],
  output: 'scores',
} as const satisfies NeuralModelSpec;

/** Hyper-parameters of {@link DMF}. */
export type DMFOptions = OptionInput<typeof spec.options>;

/** Users (items) per pass when computing every latent vector for scoring. */
const SCORING_CHUNK = 2048;
/** The cosine head's ε under the square roots (`CosineHead`): scores must not depend on which path made them. */
const COSINE_EPSILON = 1e-12;

/**
 * Deep Matrix Factorization (Xue et al., IJCAI 2017): a user is its row `Y_i*` of the rating matrix, an item its
 * column `Y_*j` (explicit ratings kept, 0 for unobserved, eq. 2); each goes through its own tower (eq. 5–7) and the
 * score is the cosine of the two latent vectors, raised to μ (eq. 8, 13).
 *
 * Assembled from blocks:
 * - first layer `Y_i* W_U1` (no bias, as eq. 5) as a table of `W_U1`'s rows summed over the user's rated items, the
 *   engine's host-side bag (`ratingVectors`): never a dense users × items matrix; the same for items with `W_V1`;
 * - the rest of each tower an `MLPTower` (ReLU), one per side;
 * - a {@link CosineHead}, per example (a user's score never depends on the rest of the batch).
 *
 * Training leaves the scored pair's own entry out of both vectors. The paper does not say it does; without it a
 * training positive's rating sits in its own input (its label leaks), while a test item never does, so the model learns
 * a shortcut it cannot use at test time. Losses: `'nce'` (eq. 12: target `Y_ij / max(R)`, the default) or `'ce'`
 * (eq. 11: target 1), both on the clipped cosine; sampled negatives target 0. A log without ratings makes both the
 * same. Training defaults are the paper's: 7 negatives, Adam at 1e-4, batch 256.
 *
 * Each distinct user's and item's vector is computed once per batch or scoring call. Initialisation differs from the paper in one
 * place: the first layers are N(0, 0.01²) as published, the towers' ReLU layers Glorot-uniform (a cosine does not
 * care about their scale, and Glorot keeps the ReLUs alive).
 *
 * @example
 * ```ts
 * const dmf = new DMF({ layers: [256, 64] }); // DMF-2
 * await dmf.fit(train, { epochs: 20, validation }); // nce, 7 negatives, Adam 1e-4
 * const dmfCe = new DMF();
 * await dmfCe.fit(train, { loss: 'ce', validation });
 * ```
 */

export class DMF extends NeuralRecommender<typeof spec.options> {
  static readonly spec = spec;
  private log!: Interactions;
  private userFirst!: SparseTable;
  private itemFirst!: SparseTable;
  private userTower: MLPTower | undefined;
  private itemTower: MLPTower | undefined;
  private head!: CosineHead;

  protected define(train: Interactions): void {
    const { layers, l2 } = this.options;
    if (this.options.input === 'rating' && !train.values) {
      throw new RangeError(
        "dmf: input 'rating' needs ratings, but the training log has no value column: read one, or use input 'binary'",
      );
    }
    this.log = train;
    // W_U1 has a row per item (the user's row vector is over items), W_V1 a row per user.
    this.userFirst = this.table('user_first', train.numItems, layers[0]!, { l2 });
    this.itemFirst = this.table('item_first', train.numUsers, layers[0]!, { l2 });
    const rest = layers.slice(1);
    this.userTower = rest.length > 0 ? this.block('user_tower', new MLPTower({ units: rest, l2 })) : undefined;
    this.itemTower = rest.length > 0 ? this.block('item_tower', new MLPTower({ units: rest, l2 })) : undefined;
    this.head = this.block('cosine', new CosineHead({ floor: this.options.floor }));
  }

  /** The latent vectors `p` of `users` (eq. 7), leaving `leaveOut[r]` out of row `r`'s vector when given. */
  userVectors(ctx: StepContext, users: Int32Array, leaveOut?: Int32Array): tf.Tensor2D {
    const first = this.firstLayer(ctx, 'user', this.userFirst, users, leaveOut);
    return this.userTower ? this.userTower.forward(first, ctx) : first;
  }

  /** The latent vectors `q` of `items` (eq. 7), leaving `leaveOut[r]` out of row `r`'s vector when given. */
  itemVectors(ctx: StepContext, items: Int32Array, leaveOut?: Int32Array): tf.Tensor2D {
    const first = this.firstLayer(ctx, 'item', this.itemFirst, items, leaveOut);
    return this.itemTower ? this.itemTower.forward(first, ctx) : first;
  }

  /**
   * `Y W₁` for each of `ids`, summed host-side (the engine's bag). The sums dominate a step (|row| × width per
   * vector), so when a batch repeats its ids (a user's positive with its negatives) each distinct id's full vector is
   * summed once, gathered back to the examples, and the left-out entry's row subtracted where it is in the vector.
   */
  private firstLayer(
    ctx: StepContext,
    side: 'user' | 'item',
    table: SparseTable,
    ids: Int32Array,
    leaveOut: Int32Array | undefined,
  ): tf.Tensor2D {
    const values = this.options.input;
    const distinct = distinctIds(ids);
    if (2 * distinct.ids.length > ids.length) {
      // Few repeats (a shuffled batch): one vector per example, its left-out entry never added. Gathering shared
      // vectors back and subtracting the left-out rows would cost more ops than the repeated sums it saves.
      return ctx.bag(table, ratingVectors(this.log, side, ids, { leaveOut, values }));
    }
    const sums = ctx.bag(table, ratingVectors(this.log, side, distinct.ids, { values }));
    let first =
      distinct.ids.length === ids.length
        ? sums // every id distinct, in order: the sums are the examples'
        : takeRows(sums, distinct.index, ctx.tape); // host-side: tfjs's wasm GatherV2 is slow at these sizes
    if (!leaveOut) return first;
    const out = leftOutEntries(this.log, side, ids, leaveOut, values);
    if (!out.ids.some((id) => id >= 0)) return first;
    const rows = ctx.rows(table, out.ids); // −1 (nothing left out) reads zeros and trains nothing
    const weights = tf.tensor2d(out.weights, [ids.length, 1]);
    first = ctx.op((x: tf.Tensor2D, r: tf.Tensor2D, w: tf.Tensor2D) => tf.sub(x, tf.mul(r, w)), first, rows, weights);
    return first;
  }

  /**
   * Every user's and item's latent vector, normalised, computed once after training (or loading): a score is then
   * max(μ, p̂·q̂), the cosine head's value, and full ranking is one matmul per batch of users instead of the item tower
   * run again for every pair. A cold id (outside the training log) reads the towers' output for an empty vector.
   */
  protected override scoringEmbeddings(): EmbeddingScores {
    const side = (count: number, vectors: (ctx: StepContext, ids: Int32Array) => tf.Tensor2D) => {
      const size = this.options.layers.at(-1)!;
      const out = new Float32Array((count + 1) * size);
      for (let start = 0; start <= count; start += SCORING_CHUNK) {
        const ids = Int32Array.from({ length: Math.min(SCORING_CHUNK, count + 1 - start) }, (_, k) => start + k);
        const unit = tf.tidy(() => {
          const x = vectors(new StepContext(false), ids);
          // As the cosine head: x / √(|x|² + ε), so p̂·q̂ = p·q / (√(|p|² + ε) √(|q|² + ε)).
          return tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), COSINE_EPSILON)));
        });
        try {
          out.set(unit.dataSync() as Float32Array, start * size);
        } finally {
          unit.dispose();
        }
      }
      return out;
    };
    const users = side(this.numUsers, (ctx, ids) => this.userVectors(ctx, ids));
    const items = side(this.numItems, (ctx, ids) => this.itemVectors(ctx, ids));
    return new EmbeddingScores(users, items, this.options.layers.at(-1)!, { floor: this.options.floor });
  }

  forward(ctx: StepContext, { users, items }: Pairs): tf.Tensor {
    // In training the pair's own entry is out of both vectors; a sampled negative is in neither.
    const p = this.userVectors(ctx, users, ctx.training ? items : undefined);
    const q = this.itemVectors(ctx, items, ctx.training ? users : undefined);
    return this.head.forward(p, q, ctx);
  }

  protected override keptLogColumns(): readonly ('values' | 'order')[] {
    return this.options.input === 'rating' ? ['values'] : [];
  }

  protected override batches(
    train: Interactions,
    options: NeuralFitOptions,
    loss: Loss,
  ): BatchSource<PairBatch | TripleBatch> {
    // nce's target is the rating over the largest rating; ce's is 1. Without ratings both are 1.
    const targets = loss.name === 'nce' && train.values ? 'rating' : 'binary';
    if (options.targets !== undefined && options.targets !== targets) {
      throw new RangeError(
        `dmf: targets follow the loss (nce: rating / max rating; ce: 1${train.values ? '' : '; no ratings: 1'}), ` +
          `got targets '${options.targets}' with loss '${loss.name}'`,
      );
    }
    // Grouped epochs: a batch then holds each user's positive with its negatives, and the user's row is summed once.
    const order = options.order ?? 'grouped';
    return super.batches(train, { ...options, targets, order, negatives: options.negatives ?? DMF_NEGATIVES }, loss);
  }

  protected override async fitModel(train: Interactions, options: NeuralFitOptions): Promise<void> {
    await super.fitModel(train, { ...options, learningRate: options.learningRate ?? DMF_LEARNING_RATE });
  }
}

/**
 * DMF's training options for the command line: the neural models' with DMF's defaults in their help (7 negatives,
 * Adam at 1e-4, grouped epochs; no `targets`: they follow the loss); the defaults themselves are applied by
 * {@link DMF}'s fit.
 *
 * @example
 * ```ts
 * registerRecommender({ ...neuralModelEntry(DMF), fitOptions: dmfFitOptionSchema() });
 * ```
 */
export function dmfFitOptionSchema(): OptionSchema {
  const schema = neuralFitOptionSchema(spec.losses);
  const { targets: _targets, ...rest } = schema;
  return {
    ...rest,
    negatives: option.int({
      description: 'Sampled negatives per positive, re-drawn each epoch',
      min: 0,
      defaultText: String(DMF_NEGATIVES),
    }),
    learningRate: option.number({
      description: 'Learning rate',
      flag: 'lr',
      min: 0,
      minExclusive: true,
      defaultText: String(DMF_LEARNING_RATE),
    }),
    order: option.choice({
      description: 'Pointwise epochs: examples shuffled one by one, or each positive kept with its negatives',
      choices: EXAMPLE_ORDERS,
      defaultText: 'grouped',
    }),
  };
}
