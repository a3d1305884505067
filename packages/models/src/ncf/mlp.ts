import type * as tf from '@tensorflow/tfjs-core';
import { concatColumns, halvingTower, MLPTower, PredictionHead } from '@recsys/layers';
import type { StepContext } from '@recsys/train';
import type { ModelDirContents } from '../io/model-dir.js';
import { buildLayers } from '../neural/build-layers.js';
import { EmbeddingPair } from '../neural/embedding-pair.js';
import { NeuralRecommender, type ModelLayers } from '../neural/neural-recommender.js';
import { positiveInteger, positiveIntegers } from './options.js';

/** Hyper-parameters of {@link MLP}. */
export interface MLPOptions {
  /** Predictive factors: the last tower layer. Default 8 (tower 32 → 16 → 8, embeddings 16). */
  factors?: number;
  /** Tower sizes; default the paper's halving tower for `factors` (`[4f, 2f, f]`). Embeddings are `layers[0] / 2`. */
  layers?: number[];
  /** Dropout on each tower layer's input, in training. Default 0. */
  dropout?: number;
  /** L2 on the tower kernels and the embeddings. Default 0. */
  l2?: number;
}

/**
 * NCF's Multi-Layer Perceptron (He et al. 2017, eq. 10): the user and item embeddings are concatenated and passed
 * through a ReLU tower that halves at each layer; a sigmoid head on the last layer (the predictive factors).
 *
 * @example
 * ```ts
 * const mlp = new MLP({ factors: 8 }); // embeddings 16 + 16 → 32 → 16 → 8 → ŷ
 * await mlp.fit(train, { epochs: 20, validation });
 * ```
 */
export class MLP extends NeuralRecommender {
  readonly name = 'mlp';
  readonly tower: number[];
  readonly embeddingSize: number;
  readonly dropout: number;
  readonly l2: number;
  /** The blocks: user and item embeddings, the tower over their concatenation, the prediction head. */
  embeddings!: EmbeddingPair;
  towerLayer!: MLPTower;
  head!: PredictionHead;

  constructor(options: MLPOptions = {}) {
    super();
    this.tower = options.layers
      ? positiveIntegers('layers', options.layers)
      : halvingTower(positiveInteger('factors', options.factors ?? 8));
    if (this.tower[0] % 2 !== 0)
      throw new RangeError(`the first layer (${this.tower[0]}) must be even: it is two concatenated embeddings`);
    this.embeddingSize = this.tower[0] / 2;
    this.dropout = options.dropout ?? 0;
    this.l2 = options.l2 ?? 0;
  }

  /** Predictive factors (the last layer). */
  get factors(): number {
    return this.tower[this.tower.length - 1];
  }

  /** Restores a saved MLP. */
  static fromContents(contents: ModelDirContents): MLP {
    return new MLP(contents.config as MLPOptions).restoreFrom(contents);
  }

  protected buildLayers(numUsers: number, numItems: number, seed: number): ModelLayers {
    const { embeddingSize, l2 } = this;
    this.embeddings = new EmbeddingPair('mlp', numUsers, numItems, { dim: embeddingSize, l2, seed: seed + 10 });
    this.towerLayer = new MLPTower({
      name: 'mlp_tower',
      units: this.tower,
      dropout: this.dropout,
      l2,
      seed: seed + 12,
    });
    this.head = new PredictionHead({ name: 'mlp_head', seed: seed + 13 });
    buildLayers(this.embeddings.layers, [
      [this.towerLayer, [2 * embeddingSize]],
      [this.head, [this.factors]],
    ]);
    return { embeddings: this.embeddings.layers, dense: [this.towerLayer, this.head] };
  }

  /** The last tower layer's output. */
  vector(ctx: StepContext, users: Int32Array, items: Int32Array): tf.Tensor2D {
    return this.towerLayer.forward(concatColumns(this.embeddings.lookup(this.rows(ctx), users, items), ctx.tape), ctx);
  }

  forward(ctx: StepContext, users: Int32Array, items: Int32Array): tf.Tensor {
    return this.head.forward([this.vector(ctx, users, items)], { tape: ctx.tape, logits: true });
  }

  protected override config() {
    return { layers: this.tower, dropout: this.dropout, l2: this.l2 };
  }
}
