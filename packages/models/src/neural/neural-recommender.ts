import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { sampleTestNegatives, type Interactions } from '@recsys/data';
import { evaluateSampled } from '@recsys/eval';
import type { RecsysEmbedding } from '@recsys/layers';
import {
  fitModel,
  selectBackend,
  SparseTable,
  StepContext,
  type LossName,
  type TrainableModel,
  type ValidationOptions,
} from '@recsys/train';
import { BaseRecommender } from '../base-recommender.js';
import type { Json, ModelDirContents, StoredArray } from '../io/model-dir.js';
import type { RowLookup } from './embedding-pair.js';
import type { NeuralFitOptions, NeuralFitReport } from './neural-fit-options.js';

/** The layers a neural model is assembled from. */
export interface ModelLayers {
  /** Embedding tables, trained sparsely by the engine. */
  embeddings: RecsysEmbedding[];
  /** Everything else with weights (towers, heads), trained densely. */
  dense: tfl.layers.Layer[];
}

/**
 * The shared machinery of the neural models (GMF, MLP, NeuMF, BPR-MF, and the later papers' models): a model is a
 * set of `@recsys/layers` blocks plus a forward pass over them. This class builds the blocks, trains them with the
 * sparse engine (`fitModel` from `@recsys/train`), scores through the same forward pass, and saves tables and
 * weights to a model directory.
 *
 * A subclass supplies {@link buildLayers} and {@link forward}. Embedding rows come from `ctx.rows(table, ids)`, so
 * the same forward serves training (rows become trainable tensors) and scoring (plain lookups). Cold ids (never
 * seen in training) read a zero embedding.
 */
export abstract class NeuralRecommender extends BaseRecommender implements TrainableModel {
  /** The model's loss when `fit` is not told otherwise. */
  protected readonly defaultLoss: LossName = 'log';
  /** Embedding tables, one per embedding layer, host-side. */
  tables: SparseTable[] = [];
  protected layers: ModelLayers = { embeddings: [], dense: [] };
  /** Parameters were set before `fit` (e.g. from pre-trained models): the next `fit` starts from them. */
  protected initialized = false;

  /** Builds fresh layers for `numUsers` × `numItems`, with weights, seeded by `seed`. */
  protected abstract buildLayers(numUsers: number, numItems: number, seed: number): ModelLayers;

  /** The output `[n, 1]` for the pairs: logits (log loss) or scores (BPR). */
  abstract forward(ctx: StepContext, users: Int32Array, items: Int32Array): tf.Tensor;

  /** Turns the forward output into a score; the sigmoid for log-loss models. */
  protected outputToScore(output: tf.Tensor): tf.Tensor {
    return tf.sigmoid(output);
  }

  denseVariables(): { variable: tf.Variable; l2?: number }[] {
    const out: { variable: tf.Variable; l2?: number }[] = [];
    for (const layer of this.layers.dense) {
      const penalties =
        'l2Penalties' in layer
          ? (layer as { l2Penalties(): { weight: tfl.LayerVariable; l2: number }[] }).l2Penalties()
          : [];
      for (const weight of layer.trainableWeights) {
        const l2 = penalties.find((p) => p.weight === weight)?.l2 ?? 0;
        out.push({ variable: weight.read() as tf.Variable, l2 });
      }
    }
    return out;
  }

  protected async fitModel(train: Interactions, options: NeuralFitOptions): Promise<void> {
    await selectBackend({ backend: options.backend, log: options.log });
    const seed = options.seed ?? 42;
    if (!this.initialized) this.setLayers(this.buildLayers(train.numUsers, train.numItems, seed));
    const optimizer = options.optimizer ?? this.defaultOptimizer();
    this.initialized = false;
    this.lastOptimizer = optimizer;
    this.lastHistory = await fitModel(this, train, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      negatives: options.negatives,
      learningRate: options.learningRate,
      learningRateDecay: options.learningRateDecay,
      optimizer,
      loss: options.loss ?? this.defaultLoss,
      seed,
      validation: this.validation(train, options),
      progress: options.progress,
      onEpochEnd: options.onEpochEnd,
    });
    this.syncTablesToLayers();
  }

  override async fit(train: Interactions, options: NeuralFitOptions = {}): Promise<NeuralFitReport> {
    const report = await super.fit(train, options);
    return { ...report, history: this.lastHistory!, optimizer: this.lastOptimizer! };
  }

  private lastHistory: NeuralFitReport['history'] | undefined;
  private lastOptimizer: NeuralFitReport['optimizer'] | undefined;

  /** The optimizer `fit` uses by default. */
  protected defaultOptimizer(): 'adam' | 'sgd' {
    return 'adam';
  }

  async score(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    if (!this.fitted || this.tables.length === 0) throw new Error(`${this.name}: the model is not fitted`);
    await selectBackend();
    return tf.tidy(() => {
      const output = this.outputToScore(this.forward(new StepContext(false), users, items));
      return Float32Array.from(output.dataSync() as Float32Array);
    });
  }

  protected config(): { [key: string]: Json } {
    return {};
  }

  protected arrays(): Record<string, StoredArray> {
    const arrays: Record<string, StoredArray> = {};
    this.tables.forEach((table) => (arrays[`table.${table.name}`] = table.data));
    for (const layer of this.layers.dense) {
      layer
        .getWeights()
        .forEach((w, k) => (arrays[`dense.${layer.name}.${k}`] = Float32Array.from(w.dataSync() as Float32Array)));
    }
    return arrays;
  }

  /** Rebuilds the layers for a saved model's index space and loads its tables and weights. */
  protected restoreFrom(contents: ModelDirContents): this {
    const { train, arrays } = contents;
    this.setLayers(this.buildLayers(train.numUsers, train.numItems, 0));
    for (const table of this.tables) {
      const saved = arrays[`table.${table.name}`];
      if (!(saved instanceof Float32Array) || saved.length !== table.data.length) {
        throw new Error(`${this.name}: saved table "${table.name}" is missing or has the wrong size`);
      }
      table.data.set(saved);
    }
    for (const layer of this.layers.dense) {
      const weights = layer.getWeights().map((w, k) => {
        const saved = arrays[`dense.${layer.name}.${k}`];
        if (!(saved instanceof Float32Array) || saved.length !== w.size) {
          throw new Error(`${this.name}: saved weight ${k} of layer "${layer.name}" is missing or has the wrong size`);
        }
        return tf.tensor(saved, w.shape);
      });
      layer.setWeights(weights);
      tf.dispose(weights);
    }
    this.syncTablesToLayers();
    this.restore(train);
    return this;
  }

  /** Installs layers and makes a host-side table of each embedding layer. */
  protected setLayers(layers: ModelLayers): void {
    this.disposeLayers();
    this.layers = layers;
    this.tables = layers.embeddings.map(
      (layer) => new SparseTable(layer.name, layer.inputDim, layer.outputDim, layer.getTable(), layer.l2),
    );
  }

  /** Writes the host tables into the embedding layers, so the layers hold the trained model (export, save). */
  protected syncTablesToLayers(): void {
    this.layers.embeddings.forEach((layer, k) => layer.setTable(this.tables[k].data));
  }

  /** A lookup of embedding rows in this model's tables, bound to `ctx` (see {@link EmbeddingPair.lookup}). */
  protected rows(ctx: StepContext): RowLookup {
    return (layer, ids) => ctx.rows(this.table(layer), ids);
  }

  /** The table of an embedding layer. */
  protected table(layer: RecsysEmbedding): SparseTable {
    const k = this.layers.embeddings.indexOf(layer);
    if (k < 0) throw new Error(`${this.name}: ${layer.name} is not one of the model's embeddings`);
    return this.tables[k];
  }

  /** Frees the tfjs memory of the model's layers. */
  dispose(): void {
    this.disposeLayers();
  }

  private disposeLayers(): void {
    for (const layer of [...this.layers.embeddings, ...this.layers.dense]) if (layer.built) layer.dispose();
    this.layers = { embeddings: [], dense: [] };
  }

  private validation(train: Interactions, options: NeuralFitOptions): ValidationOptions | undefined {
    const validation = options.validation;
    if (!validation) return undefined;
    const negatives =
      typeof options.validationNegatives === 'object'
        ? options.validationNegatives
        : sampleTestNegatives(train, validation, {
            count: options.validationNegatives ?? 99,
            seed: (options.seed ?? 42) + 7,
          });
    const k = options.k ?? 10;
    return {
      evaluate: async () => {
        const { metrics } = await evaluateSampled(this, negatives, { k });
        return { hr: metrics.hr, ndcg: metrics.ndcg, mrr: metrics.mrr, auc: metrics.auc };
      },
      monitor: options.monitor ?? 'ndcg',
      patience: options.patience,
      restoreBest: true,
    };
  }
}
