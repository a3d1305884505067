import type * as tf from '@tensorflow/tfjs-core';
import type { Interactions } from '@recsys/data';
import { rowDot } from '@recsys/layers';
import type { Pairs, SparseTable, StepContext } from '@recsys/train';
import type { NeuralModelSpec } from '../model-spec.js';
import { EmbeddingScores } from '../neural/embedding-scores.js';
import { NeuralRecommender } from '../neural/neural-recommender.js';
import { scoringRows } from '../neural/scoring-rows.js';
import { option, type OptionInput } from '../options/option-spec.js';

const spec = {
  name: 'bprmf',
  description: 'BPR-MF: dot-product matrix factorization with the pairwise BPR loss',
  options: {
    factors: option.int({ description: 'Latent factors', default: 8, min: 1 }),
    l2: option.number({ description: 'L2 on the embeddings (the rows each step touches)', default: 0, min: 0 }),
  },
  losses: ['bpr', 'log'],
  output: 'scores',
} as const satisfies NeuralModelSpec;

/** Hyper-parameters of {@link BPRMF}. */
export type BPRMFOptions = OptionInput<typeof spec.options>;

/**
 * BPR-MF (Rendle et al. 2009): matrix factorization `ŷ = p_uᵀq_i` trained with the pairwise BPR loss on
 * (user, positive, sampled negative) triples. The NCF paper's strongest classic baseline; scores are raw dot products.
 *
 * @example
 * ```ts
 * const bpr = new BPRMF({ factors: 32, l2: 1e-5 });
 * await bpr.fit(train, { epochs: 20, learningRate: 0.01, validation });
 * ```
 */
export class BPRMF extends NeuralRecommender<typeof spec.options> {
  static readonly spec = spec;
  private user!: SparseTable;
  private item!: SparseTable;

  protected define({ numUsers, numItems }: Interactions): void {
    const { factors, l2 } = this.options;
    this.user = this.table('bpr_user', numUsers, factors, { l2 });
    this.item = this.table('bpr_item', numItems, factors, { l2 });
  }

  forward(ctx: StepContext, { users, items }: Pairs): tf.Tensor {
    return rowDot(ctx.rows(this.user, users), ctx.rows(this.item, items), ctx.tape);
  }

  /** The factors themselves: full ranking is one matmul of the users' rows against every item's. */
  protected override scoringEmbeddings(): EmbeddingScores {
    return new EmbeddingScores(scoringRows(this.user), scoringRows(this.item), this.options.factors);
  }
}
