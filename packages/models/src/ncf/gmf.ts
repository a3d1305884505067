import type * as tf from '@tensorflow/tfjs-core';
import type { Interactions } from '@recsys/data';
import { multiply, PredictionHead } from '@recsys/layers';
import type { Pairs, SparseTable, StepContext } from '@recsys/train';
import type { NeuralModelSpec } from '../model-spec.js';
import { EmbeddingScores } from '../neural/embedding-scores.js';
import { NeuralRecommender } from '../neural/neural-recommender.js';
import { scoringRows } from '../neural/scoring-rows.js';
import { option, type OptionInput } from '../options/option-spec.js';

const spec = {
  name: 'gmf',
  description: 'GMF (NCF): learned-weight matrix factorization, log loss with sampled negatives',
  options: {
    factors: option.int({ description: 'Predictive factors: the embedding size', default: 8, min: 1 }),
    l2: option.number({ description: 'L2 on the embeddings (the rows each step touches)', default: 0, min: 0 }),
  },
  losses: ['log', 'bpr'],
  output: 'logits',
} as const satisfies NeuralModelSpec;

/** Hyper-parameters of {@link GMF}. */
export type GMFOptions = OptionInput<typeof spec.options>;

/**
 * Generalized Matrix Factorization (NCF, He et al. 2017, eq. 9): `ŷ = σ(hᵀ(p_u ⊙ q_i))` — matrix factorization whose
 * dot product gets learned per-dimension weights h. Embeddings start from N(0, 0.01²); trained with log loss and
 * sampled negatives.
 *
 * @example
 * ```ts
 * const gmf = new GMF({ factors: 8 });
 * await gmf.fit(train, { epochs: 20, validation });
 * const scores = await gmf.score(users, items);
 * ```
 */
export class GMF extends NeuralRecommender<typeof spec.options> {
  static readonly spec = spec;
  private user!: SparseTable;
  private item!: SparseTable;
  private head!: PredictionHead;

  protected define({ numUsers, numItems }: Interactions): void {
    const { factors, l2 } = this.options;
    this.user = this.table('gmf_user', numUsers, factors, { l2 });
    this.item = this.table('gmf_item', numItems, factors, { l2 });
    this.head = this.block('gmf_head', new PredictionHead({ logits: true }));
  }

  /** The GMF vector `p_u ⊙ q_i` (NeuMF's GMF branch). */
  vector(ctx: StepContext, { users, items }: Pairs): tf.Tensor2D {
    return multiply(ctx.rows(this.user, users), ctx.rows(this.item, items), ctx.tape) as tf.Tensor2D;
  }

  forward(ctx: StepContext, pairs: Pairs): tf.Tensor {
    return this.head.forward([this.vector(ctx, pairs)], ctx);
  }

  /**
   * The logit `hᵀ(p ⊙ q) + b` is the dot product of `[p ⊙ h, b]` and `[q, 1]`: full ranking is then one matmul of
   * the users' rows against every item's, not the head run on every pair.
   */
  protected override scoringEmbeddings(): EmbeddingScores {
    const h = this.head.kernel.read().dataSync() as Float32Array;
    const b = (this.head.bias.read().dataSync() as Float32Array)[0]!;
    const users = scoringRows(this.user, { scale: h, extra: [() => b] });
    const items = scoringRows(this.item, { extra: [() => 1] });
    return new EmbeddingScores(users, items, this.options.factors + 1, { sigmoid: true });
  }
}
