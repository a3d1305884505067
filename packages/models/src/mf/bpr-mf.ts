import type * as tf from '@tensorflow/tfjs-core';
import { DotProduct } from '@recsys/layers';
import type { LossName, StepContext } from '@recsys/train';
import type { ModelDirContents } from '../io/model-dir.js';
import { buildLayers } from '../neural/build-layers.js';
import { EmbeddingPair } from '../neural/embedding-pair.js';
import { NeuralRecommender, type ModelLayers } from '../neural/neural-recommender.js';
import { positiveInteger } from '../ncf/options.js';

/** Hyper-parameters of {@link BPRMF}. */
export interface BPRMFOptions {
  /** Latent factors. Default 8. */
  factors?: number;
  /** L2 on the embeddings (on the rows each step touches). Default 0. */
  l2?: number;
}

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
export class BPRMF extends NeuralRecommender {
  readonly name = 'bprmf';
  protected override readonly defaultLoss: LossName = 'bpr';
  readonly factors: number;
  readonly l2: number;
  /** The blocks: user and item embeddings and their dot product. */
  embeddings!: EmbeddingPair;
  private readonly dot = new DotProduct({ name: 'bpr_dot' });

  constructor(options: BPRMFOptions = {}) {
    super();
    this.factors = positiveInteger('factors', options.factors ?? 8);
    this.l2 = options.l2 ?? 0;
  }

  /** Restores a saved BPR-MF. */
  static fromContents(contents: ModelDirContents): BPRMF {
    return new BPRMF(contents.config as BPRMFOptions).restoreFrom(contents);
  }

  protected buildLayers(numUsers: number, numItems: number, seed: number): ModelLayers {
    this.embeddings = new EmbeddingPair('bpr', numUsers, numItems, { dim: this.factors, l2: this.l2, seed });
    buildLayers(this.embeddings.layers, []);
    return { embeddings: this.embeddings.layers, dense: [] };
  }

  forward(ctx: StepContext, users: Int32Array, items: Int32Array): tf.Tensor {
    const [p, q] = this.embeddings.lookup(this.rows(ctx), users, items);
    return this.dot.forward(p, q, ctx);
  }

  /** BPR scores are used as they are (no sigmoid). */
  protected override outputToScore(output: tf.Tensor): tf.Tensor {
    return output;
  }

  protected override config() {
    return { factors: this.factors, l2: this.l2 };
  }
}
