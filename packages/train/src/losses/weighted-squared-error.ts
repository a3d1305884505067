import * as tf from '@tensorflow/tfjs-core';
import type { Loss } from './loss.js';

/**
 * Weighted squared error `c·(ŷ − y)²` (DualNet's loss with confidence weights c; plain MSE without weights).
 * Gradient w.r.t. ŷ: `2c(ŷ − y)/n`.
 *
 * @example
 * ```ts
 * const dPredictions = new WeightedSquaredError().gradient(predictions, targets, confidences);
 * ```
 */
export class WeightedSquaredError implements Loss {
  readonly name = 'squared';
  readonly pairwise = false;

  gradient(predictions: tf.Tensor, targets: tf.Tensor | null, weights?: tf.Tensor | null): tf.Tensor {
    if (!targets) throw new Error('squared error needs targets');
    const grad = tf.mul(tf.sub(predictions, targets), 2 / predictions.shape[0]!);
    return weights ? tf.mul(grad, weights) : grad;
  }

  value(predictions: Float32Array, targets: Float32Array | null, weights?: Float32Array | null): number {
    if (!targets) throw new Error('squared error needs targets');
    let sum = 0;
    for (let k = 0; k < predictions.length; k++) {
      const e = predictions[k] - targets[k];
      sum += (weights ? weights[k] : 1) * e * e;
    }
    return sum / predictions.length;
  }
}
