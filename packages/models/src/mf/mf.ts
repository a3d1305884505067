import * as tf from '@tensorflow/tfjs-core';
import type { Interactions } from '@recsys/data';
import { rowDot } from '@recsys/layers';
import type { BatchSource, Loss, PairBatch, Pairs, SparseTable, StepContext, TripleBatch } from '@recsys/train';
import type { NeuralModelSpec } from '../model-spec.js';
import { neuralFitOptionSchema, type NeuralFitOptions } from '../neural/neural-fit-options.js';
import { EmbeddingScores } from '../neural/embedding-scores.js';
import { NeuralRecommender } from '../neural/neural-recommender.js';
import { scoringRows } from '../neural/scoring-rows.js';
import { option, type OptionInput, type OptionSchema } from '../options/option-spec.js';

/** The paper's SGD step per example (Rendle et al. 2020, section 4.1). */
export const MF_STEP_PER_EXAMPLE = 0.002;
/** The paper's sampled negatives per positive. */
export const MF_NEGATIVES = 8;

const spec = {
  name: 'mf',
  description: 'MF with biases (Rendle et al. 2020): dot product + user, item and global bias, log loss, SGD',
  options: {
    factors: option.int({ description: 'Latent factors (the paper: up to 192)', default: 64, min: 1 }),
    l2: option.number({
      description: "The paper's λ: each example's loss gets λ/2·(‖p_u‖² + ‖q_i‖² + b_u² + b_i²)",
      default: 0.005,
      min: 0,
    }),
    std: option.number({ description: 'Embeddings start from N(0, std²)', default: 0.1, min: 0 }),
  },
  losses: ['log'],
  output: 'logits',
} as const satisfies NeuralModelSpec;

/** Hyper-parameters of {@link MF}. */
export type MFOptions = OptionInput<typeof spec.options>;

/**
 * Matrix factorization with biases, as Rendle, Krichene, Zhang & Anderson 2020 ("Neural Collaborative Filtering vs.
 * Matrix Factorization Revisited", arXiv 2005.09683) tune it against NCF:
 *
 * `ŷ(u, i) = b + b_u + b_i + p_uᵀq_i`, scored as σ(ŷ),
 *
 * trained with the log loss on each positive and `negatives` uniformly drawn items (re-drawn every epoch), plain SGD,
 * and the per-example L2 term `λ/2·(‖p_u‖² + ‖q_i‖² + b_u² + b_i²)` (`l2` = λ; added on the tape per example, so it
 * weighs rows by their frequency as the paper's per-example SGD does; the global bias is not penalised). Embeddings
 * start from N(0, `std`²), biases from 0. A cold user reads zeros (its score is `σ(b + b_i)`, item popularity); a
 * cold item likewise.
 *
 * Training defaults are the paper's: SGD, 8 negatives, and its per-example step 0.002. The loss here is the mean over
 * a batch, so a step of `batchSize` examples at learning rate `η·batchSize` moves the parameters as `batchSize`
 * per-example steps of η would (to first order): the default learning rate is `0.002 · batchSize` (0.512 at the
 * default batch of 256). That step needs hundreds of epochs; on MovieLens-100K (leave-one-out, validation-chosen) 64 factors,
 * λ 0.005, `learningRate: 16` (0.0625 per example), `learningRateDecay: 0.85` peaked at epoch 10 (the MF search
 * space of `compare` starts there): pass such a rate, and validation to pick the epoch.
 *
 * Cost: `(users + items) · (factors + 1)` parameters; a training step is O(batchSize · factors).
 *
 * @example
 * ```ts
 * const mf = new MF({ factors: 64, l2: 0.005 });
 * await mf.fit(train, { epochs: 30, validation }); // SGD, 8 negatives, learning rate 0.002 · 256
 * const scores = await mf.score(users, items);
 * ```
 */
export class MF extends NeuralRecommender<typeof spec.options> {
  static readonly spec = spec;
  private user!: SparseTable;
  private item!: SparseTable;
  private userBias!: SparseTable;
  private itemBias!: SparseTable;
  private bias!: SparseTable;

  protected define({ numUsers, numItems }: Interactions): void {
    const { factors, std } = this.options;
    this.user = this.table('mf_user', numUsers, factors, { std });
    this.item = this.table('mf_item', numItems, factors, { std });
    this.userBias = this.table('mf_user_bias', numUsers, 1, { std: 0 });
    this.itemBias = this.table('mf_item_bias', numItems, 1, { std: 0 });
    // The global bias: a one-row table every example looks up, so its gradient is the batch's summed residual.
    this.bias = this.table('mf_bias', 1, 1, { std: 0 });
  }

  /** `b + b_u + b_i + p_uᵀq_i`, `[n, 1]` logits. */
  forward(ctx: StepContext, { users, items }: Pairs): tf.Tensor {
    const dot = rowDot(ctx.rows(this.user, users), ctx.rows(this.item, items), ctx.tape);
    return ctx.op(
      (d: tf.Tensor, bu: tf.Tensor, bi: tf.Tensor, b: tf.Tensor) => tf.addN([d, bu, bi, b]),
      dot,
      ctx.rows(this.userBias, users),
      ctx.rows(this.itemBias, items),
      ctx.rows(this.bias, new Int32Array(users.length)), // row 0 for every pair
    );
  }

  /**
   * The logit `b + b_u + b_i + pᵀq` is the dot product of `[p, b_u + b, 1]` and `[q, 1, b_i]`: full ranking is then
   * one matmul of the users' rows against every item's.
   */
  protected override scoringEmbeddings(): EmbeddingScores {
    const b = this.bias.data[0]!;
    const { userBias, itemBias } = this;
    const users = scoringRows(this.user, {
      extra: [(u) => (u < userBias.rows ? userBias.data[u]! : 0) + b, () => 1],
    });
    const items = scoringRows(this.item, { extra: [() => 1, (i) => (i < itemBias.rows ? itemBias.data[i]! : 0)] });
    return new EmbeddingScores(users, items, this.options.factors + 2, { sigmoid: true });
  }

  /** The mean log loss of the batch plus the per-example L2 term, on the tape. */
  override loss(ctx: StepContext, batch: PairBatch | TripleBatch): tf.Tensor {
    const value = super.loss(ctx, batch);
    const lambda = this.options.l2;
    if (lambda === 0) return value;
    const { users, items } = batch as PairBatch;
    // Lookups of the same rows again: the engine sums a table's lookups per row, so this adds λ·row per occurrence.
    const rows = [
      ctx.rows(this.user, users),
      ctx.rows(this.item, items),
      ctx.rows(this.userBias, users),
      ctx.rows(this.itemBias, items),
    ];
    const scale = lambda / (2 * users.length);
    return ctx.op(
      (loss: tf.Tensor, ...tables: tf.Tensor[]) =>
        tf.add(loss, tf.mul(scale, tf.addN(tables.map((t) => tf.sum(tf.square(t)))))),
      value,
      ...rows,
    );
  }

  protected override defaultOptimizer(): 'sgd' {
    return 'sgd';
  }

  protected override batches(
    train: Interactions,
    options: NeuralFitOptions,
    loss: Loss,
  ): BatchSource<PairBatch | TripleBatch> {
    return super.batches(train, { ...options, negatives: options.negatives ?? MF_NEGATIVES }, loss);
  }

  protected override async fitModel(train: Interactions, options: NeuralFitOptions): Promise<void> {
    const batchSize = options.batchSize ?? 256;
    await super.fitModel(train, { ...options, learningRate: options.learningRate ?? MF_STEP_PER_EXAMPLE * batchSize });
  }
}

/**
 * MF's training options for the command line: the neural models' ({@link neuralFitOptionSchema}), with MF's defaults
 * in their help (SGD, 8 negatives, learning rate 0.002 × batch size); the defaults themselves are applied by
 * {@link MF}'s fit.
 *
 * @example
 * ```ts
 * registerRecommender({ ...neuralModelEntry(MF), fitOptions: mfFitOptionSchema() });
 * ```
 */
export function mfFitOptionSchema(): OptionSchema {
  const schema = neuralFitOptionSchema(spec.losses);
  return {
    ...schema,
    negatives: option.int({
      description: 'Sampled negatives per positive, re-drawn each epoch',
      min: 0,
      defaultText: String(MF_NEGATIVES),
    }),
    learningRate: option.number({
      description: 'Learning rate of the batch-mean loss (the paper’s per-example step × batch size)',
      flag: 'lr',
      min: 0,
      minExclusive: true,
      defaultText: `${MF_STEP_PER_EXAMPLE} × batch size`,
    }),
    optimizer: option.choice({
      description: 'Optimizer',
      choices: ['adam', 'sgd', 'momentum', 'adagrad'] as const,
      defaultText: 'sgd',
    }),
  };
}
