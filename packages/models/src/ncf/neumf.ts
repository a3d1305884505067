import type * as tf from '@tensorflow/tfjs-core';
import type { Interactions } from '@recsys/data';
import { concatColumns, ElementwiseProduct, halvingTower, MLPTower, PredictionHead } from '@recsys/layers';
import type { StepContext } from '@recsys/train';
import type { ModelDirContents } from '../io/model-dir.js';
import { buildLayers } from '../neural/build-layers.js';
import { EmbeddingPair } from '../neural/embedding-pair.js';
import type { NeuralFitOptions } from '../neural/neural-fit-options.js';
import { NeuralRecommender, type ModelLayers } from '../neural/neural-recommender.js';
import type { GMF } from './gmf.js';
import type { MLP } from './mlp.js';
import { positiveInteger, positiveIntegers } from './options.js';

/** Hyper-parameters of {@link NeuMF}. */
export interface NeuMFOptions {
  /** GMF embedding size (and, by default, the MLP's predictive factors). Default 8. */
  factors?: number;
  /** MLP tower sizes; default the halving tower for `factors`. MLP embeddings are `layers[0] / 2`. */
  layers?: number[];
  /** Dropout on each MLP layer's input, in training. Default 0. */
  dropout?: number;
  /** L2 on embeddings and tower kernels. Default 0. */
  l2?: number;
}

/**
 * Neural Matrix Factorization (NCF, He et al. 2017, eq. 11–12): a GMF branch and an MLP branch with their own
 * embeddings, fused by concatenating the GMF vector with the MLP's last layer under one sigmoid head.
 *
 * Trained from scratch with Adam, or — as the paper recommends — initialised from a pre-trained GMF and MLP with
 * {@link NeuMF.fromPretrained} and then fine-tuned with plain SGD.
 *
 * @example
 * ```ts
 * const gmf = new GMF({ factors: 8 });
 * await gmf.fit(train, { validation });
 * const mlp = new MLP({ factors: 8 });
 * await mlp.fit(train, { validation });
 * const neumf = NeuMF.fromPretrained(gmf, mlp, { alpha: 0.5 });
 * await neumf.fit(train, { validation, learningRate: 0.001 }); // SGD by default after pre-training
 * ```
 */
export class NeuMF extends NeuralRecommender {
  readonly name = 'neumf';
  readonly factors: number;
  readonly tower: number[];
  readonly dropout: number;
  readonly l2: number;
  /** The blocks: GMF's embeddings and product, MLP's embeddings and tower, one prediction head over both. */
  gmfEmbeddings!: EmbeddingPair;
  mlpEmbeddings!: EmbeddingPair;
  towerLayer!: MLPTower;
  head!: PredictionHead;
  private readonly product = new ElementwiseProduct({ name: 'neumf_product' });
  private pretrainedSpace: { numUsers: number; numItems: number } | undefined;

  constructor(options: NeuMFOptions = {}) {
    super();
    this.factors = positiveInteger('factors', options.factors ?? 8);
    this.tower = options.layers ? positiveIntegers('layers', options.layers) : halvingTower(this.factors);
    if (this.tower[0] % 2 !== 0)
      throw new RangeError(`the first layer (${this.tower[0]}) must be even: it is two concatenated embeddings`);
    this.dropout = options.dropout ?? 0;
    this.l2 = options.l2 ?? 0;
  }

  /**
   * A NeuMF initialised from a trained GMF and MLP (NCF §3.4.1): their embeddings and tower are copied, and the head
   * is `h ← [α·h_GMF; (1−α)·h_MLP]` with bias `α·b_GMF + (1−α)·b_MLP`. Its `fit` then defaults to plain SGD: Adam's
   * moments are not part of the pre-trained state. Both models must be trained on the same index space.
   */
  static fromPretrained(gmf: GMF, mlp: MLP, options: { alpha?: number } = {}): NeuMF {
    const alpha = options.alpha ?? 0.5;
    if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${alpha}`);
    if (!gmf.fitted || !mlp.fitted) throw new Error('NeuMF.fromPretrained: both GMF and MLP must be trained first');
    if (gmf.numUsers !== mlp.numUsers || gmf.numItems !== mlp.numItems) {
      throw new Error(
        `NeuMF.fromPretrained: GMF (${gmf.numUsers} users × ${gmf.numItems} items) and MLP (${mlp.numUsers} × ${mlp.numItems}) were trained on different data`,
      );
    }
    const neumf = new NeuMF({ factors: gmf.factors, layers: mlp.tower, dropout: mlp.dropout, l2: mlp.l2 });
    neumf.setLayers(neumf.buildLayers(gmf.numUsers, gmf.numItems, 0));
    neumf.tables[0].data.set(gmf.tables[0].data);
    neumf.tables[1].data.set(gmf.tables[1].data);
    neumf.tables[2].data.set(mlp.tables[0].data);
    neumf.tables[3].data.set(mlp.tables[1].data);
    const tower = mlp.towerLayer.getWeights();
    neumf.towerLayer.setWeights(tower);
    const [hGmf, bGmf] = gmf.head.getWeights().map((w) => w.dataSync() as Float32Array);
    const [hMlp, bMlp] = mlp.head.getWeights().map((w) => w.dataSync() as Float32Array);
    neumf.head.setKernelParts(
      [hGmf.map((v) => alpha * v), hMlp.map((v) => (1 - alpha) * v)],
      alpha * bGmf[0] + (1 - alpha) * bMlp[0],
    );
    neumf.initialized = true;
    neumf.pretrainedSpace = { numUsers: gmf.numUsers, numItems: gmf.numItems };
    return neumf;
  }

  /** Restores a saved NeuMF. */
  static fromContents(contents: ModelDirContents): NeuMF {
    return new NeuMF(contents.config as NeuMFOptions).restoreFrom(contents);
  }

  protected override async fitModel(train: Interactions, options: NeuralFitOptions): Promise<void> {
    const space = this.pretrainedSpace;
    if (this.initialized && space && (space.numUsers !== train.numUsers || space.numItems !== train.numItems)) {
      throw new Error(
        `NeuMF: pre-trained on ${space.numUsers} users × ${space.numItems} items, fit on ${train.numUsers} × ${train.numItems}`,
      );
    }
    await super.fitModel(train, options);
  }

  protected override defaultOptimizer(): 'adam' | 'sgd' {
    return this.initialized ? 'sgd' : 'adam';
  }

  protected buildLayers(numUsers: number, numItems: number, seed: number): ModelLayers {
    const mlpSize = this.tower[0] / 2;
    const { factors, l2 } = this;
    // Names and seeds as in GMF and MLP, so the branches line up with the models they are pre-trained from.
    this.gmfEmbeddings = new EmbeddingPair('gmf', numUsers, numItems, { dim: factors, l2, seed });
    this.mlpEmbeddings = new EmbeddingPair('mlp', numUsers, numItems, { dim: mlpSize, l2, seed: seed + 10 });
    this.towerLayer = new MLPTower({
      name: 'mlp_tower',
      units: this.tower,
      dropout: this.dropout,
      l2,
      seed: seed + 12,
    });
    this.head = new PredictionHead({ name: 'neumf_head', seed: seed + 20 });
    const embeddings = [...this.gmfEmbeddings.layers, ...this.mlpEmbeddings.layers];
    buildLayers(embeddings, [
      [this.towerLayer, [2 * mlpSize]],
      [this.head, [factors, this.tower[this.tower.length - 1]]],
    ]);
    return { embeddings, dense: [this.towerLayer, this.head] };
  }

  forward(ctx: StepContext, users: Int32Array, items: Int32Array): tf.Tensor {
    const rows = this.rows(ctx);
    const gmf = this.product.forward(...this.gmfEmbeddings.lookup(rows, users, items), ctx) as tf.Tensor2D;
    const mlp = this.towerLayer.forward(concatColumns(this.mlpEmbeddings.lookup(rows, users, items), ctx.tape), ctx);
    return this.head.forward([gmf, mlp], { tape: ctx.tape, logits: true });
  }

  protected override config() {
    return { factors: this.factors, layers: this.tower, dropout: this.dropout, l2: this.l2 };
  }
}
