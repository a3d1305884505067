import type * as tf from '@tensorflow/tfjs-core';
import { ElementwiseProduct, PredictionHead } from '@recsys/layers';
import type { StepContext } from '@recsys/train';
import type { ModelDirContents } from '../io/model-dir.js';
import { NeuralRecommender, type ModelLayers } from '../neural/neural-recommender.js';
import { buildLayers } from '../neural/build-layers.js';
import { EmbeddingPair } from '../neural/embedding-pair.js';
import { positiveInteger } from './options.js';

/** Hyper-parameters of {@link GMF}. */
export interface GMFOptions {
  /** Predictive factors: the embedding size. Default 8. */
  factors?: number;
  /** L2 on the embeddings (applied to the rows each step touches). Default 0. */
  l2?: number;
}

/**
 * Generalized Matrix Factorization (NCF, He et al. 2017, eq. 9): `ŷ = σ(hᵀ(p_u ⊙ q_i))` — matrix factorization whose
 * dot product gets learned per-dimension weights h. Embeddings start from N(0, 0.01); trained with log loss and
 * sampled negatives.
 *
 * @example
 * ```ts
 * const gmf = new GMF({ factors: 8 });
 * await gmf.fit(train, { epochs: 20, validation });
 * const scores = await gmf.score(users, items);
 * ```
 */
export class GMF extends NeuralRecommender {
  readonly name = 'gmf';
  readonly factors: number;
  readonly l2: number;
  /** The blocks: user and item embeddings, their element-wise product, the prediction head. */
  embeddings!: EmbeddingPair;
  private readonly product = new ElementwiseProduct({ name: 'gmf_product' });
  head!: PredictionHead;

  constructor(options: GMFOptions = {}) {
    super();
    this.factors = positiveInteger('factors', options.factors ?? 8);
    this.l2 = options.l2 ?? 0;
  }

  /** Restores a saved GMF. */
  static fromContents(contents: ModelDirContents): GMF {
    return new GMF(contents.config as GMFOptions).restoreFrom(contents);
  }

  protected buildLayers(numUsers: number, numItems: number, seed: number): ModelLayers {
    this.embeddings = new EmbeddingPair('gmf', numUsers, numItems, { dim: this.factors, l2: this.l2, seed });
    this.head = new PredictionHead({ name: 'gmf_head', seed: seed + 2 });
    buildLayers(this.embeddings.layers, [[this.head, [this.factors]]]);
    return { embeddings: this.embeddings.layers, dense: [this.head] };
  }

  /** The GMF vector `p_u ⊙ q_i`. */
  vector(ctx: StepContext, users: Int32Array, items: Int32Array): tf.Tensor2D {
    const [p, q] = this.embeddings.lookup(this.rows(ctx), users, items);
    return this.product.forward(p, q, ctx) as tf.Tensor2D;
  }

  forward(ctx: StepContext, users: Int32Array, items: Int32Array): tf.Tensor {
    return this.head.forward([this.vector(ctx, users, items)], { tape: ctx.tape, logits: true });
  }

  protected override config() {
    return { factors: this.factors, l2: this.l2 };
  }
}
