import type * as tf from '@tensorflow/tfjs-core';
import { RecsysEmbedding } from '@recsys/layers';

/** Looks up rows of an embedding layer's table for some ids (the model's `rows`, bound to a step context). */
export type RowLookup = (layer: RecsysEmbedding, ids: Int32Array) => tf.Tensor2D;

/**
 * A user table and an item table of the same width — the first block of every collaborative-filtering model here
 * (GMF's, MLP's, NeuMF's two branches, BPR-MF). Layers are named `<prefix>_user` / `<prefix>_item` and seeded `seed`
 * and `seed + 1`; names are what a saved model's tables are stored under.
 *
 * @example
 * ```ts
 * const pair = new EmbeddingPair('gmf', numUsers, numItems, { dim: 8, seed: 42 });
 * const [p, q] = pair.lookup((layer, ids) => ctx.rows(tableOf(layer), ids), users, items);
 * ```
 */
export class EmbeddingPair {
  readonly user: RecsysEmbedding;
  readonly item: RecsysEmbedding;

  constructor(prefix: string, numUsers: number, numItems: number, options: { dim: number; l2?: number; seed: number }) {
    const { dim, l2 = 0, seed } = options;
    this.user = new RecsysEmbedding({ name: `${prefix}_user`, inputDim: numUsers, outputDim: dim, l2, seed });
    this.item = new RecsysEmbedding({ name: `${prefix}_item`, inputDim: numItems, outputDim: dim, l2, seed: seed + 1 });
  }

  /** Both layers, user first. */
  get layers(): [RecsysEmbedding, RecsysEmbedding] {
    return [this.user, this.item];
  }

  /** The rows of `users` and of `items`. */
  lookup(rows: RowLookup, users: Int32Array, items: Int32Array): [tf.Tensor2D, tf.Tensor2D] {
    return [rows(this.user, users), rows(this.item, items)];
  }
}
