import type * as tf from '@tensorflow/tfjs-core';
import type { SparseTable } from '../engine/sparse-table.js';
import type { StepContext } from '../engine/step-context.js';

/**
 * What the trainer needs from a model: its sparse tables, its dense variables, and a forward pass from (user, item)
 * pairs to one output per pair. Every recsys model implements it; a user's own model can too.
 */
export interface TrainableModel {
  /** Embedding tables, trained sparsely. */
  readonly tables: readonly SparseTable[];
  /** Dense variables (tower kernels and biases) with their L2 weights. */
  denseVariables(): { variable: tf.Variable; l2?: number }[];
  /**
   * The model's output `[n, 1]` for the pairs (`users[k]`, `items[k]`): logits for the log loss, scores for BPR.
   * Embedding rows come from `ctx.rows(table, ids)`; `ctx.training` switches dropout on.
   */
  forward(ctx: StepContext, users: Int32Array, items: Int32Array): tf.Tensor;
}
