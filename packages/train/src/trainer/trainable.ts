import type * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../batches/batch.js';
import type { DenseWeight } from '../engine/dense-param.js';
import type { SparseTable } from '../engine/sparse-table.js';
import type { StepContext } from '../engine/step-context.js';

/**
 * What the training loop needs from a model: its parameters and the loss of a batch. Every recsys model implements
 * it (through `NeuralRecommender`); a user's own model can too.
 *
 * The batch is whatever the model and its {@link BatchSource} agree on (pairs with targets, triples, blocks of users ×
 * items, …): the loop hands batches from the source to {@link loss} and knows nothing of their layout.
 */
export interface TrainableModel<B extends Batch = Batch> {
  /** Embedding tables, trained sparsely. */
  readonly tables: readonly SparseTable[];
  /** Dense weights (tower kernels and biases). */
  denseWeights(): readonly DenseWeight[];
  /**
   * The batch's loss, a scalar recorded on `ctx.tape`: table rows come from `ctx.rows`/`ctx.bag`, layers run with
   * `forward(x, ctx)`, the loss with a recsys loss's `apply(…, ctx.tape)`. `ctx.training` switches dropout on.
   */
  loss(ctx: StepContext, batch: B): tf.Tensor;
}
