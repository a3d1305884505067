import type * as tf from '@tensorflow/tfjs-core';

/**
 * A training loss, split the way the engine uses it:
 * - {@link gradient} is the closed-form gradient of the mean loss w.r.t. the model's output, which seeds the backward
 *   pass; no reduction runs on the hot path.
 * - {@link value} computes the mean loss on the host from the outputs, for logging.
 */
export interface Loss {
  /** Name, as in options. */
  readonly name: LossName;
  /**
   * Pairwise losses score a positive and a negative per example: the batch output holds the positives' scores in its
   * first half and the negatives' in the second. Pointwise losses score one (user, item, target) per row.
   */
  readonly pairwise: boolean;
  /** d(mean loss)/d(output), `[n, 1]`: `output` [n, 1]; `targets` and `weights` [n, 1] (pointwise losses). */
  gradient(output: tf.Tensor, targets: tf.Tensor | null, weights?: tf.Tensor | null): tf.Tensor;
  /** Mean loss over the batch, computed on the host. */
  value(output: Float32Array, targets: Float32Array | null, weights?: Float32Array | null): number;
}

/** The losses recsys trains with. */
export type LossName = 'log' | 'bpr' | 'squared' | 'nce';
