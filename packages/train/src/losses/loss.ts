import type * as tf from '@tensorflow/tfjs-core';

/**
 * A training loss, split the way the engine uses it:
 * - {@link objective} is a tfjs op on the model's output whose *gradient* is the loss gradient (a custom gradient;
 *   its value is the output itself, unreduced). The engine differentiates through it, so no reduction runs on the hot
 *   path. It must be the root of the differentiated graph.
 * - {@link value} computes the mean loss on the host from the outputs, for logging and validation.
 */
export interface Loss {
  /** Name, as in options. */
  readonly name: LossName;
  /**
   * Pairwise losses score a positive and a negative per example: the batch output holds the positives' scores in its
   * first half and the negatives' in the second. Pointwise losses score one (user, item, target) per row.
   */
  readonly pairwise: boolean;
  /**
   * The op to differentiate: `output` [n, 1]; `targets` and `weights` [n, 1] (pointwise). `targets` and `weights` are
   * read by the backward pass, so create them outside the differentiated function (tfjs disposes tensors made inside
   * the forward pass before backward runs).
   */
  objective(output: tf.Tensor, targets: tf.Tensor | null, weights?: tf.Tensor | null): tf.Tensor;
  /** Mean loss over the batch, computed on the host. */
  value(output: Float32Array, targets: Float32Array | null, weights?: Float32Array | null): number;
}

/** The losses recsys trains with. */
export type LossName = 'log' | 'bpr' | 'squared' | 'nce';
