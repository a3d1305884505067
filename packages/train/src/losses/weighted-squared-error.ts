import * as tf from '@tensorflow/tfjs-core';
import type { Loss } from './loss.js';
import { withGradient } from './with-gradient.js';

/**
 * Weighted squared error `c·(ŷ − y)²` (DualNet's loss with confidence weights c; plain MSE without weights).
 * Gradient w.r.t. ŷ: `2c(ŷ − y)/n`.
 *
 * @example
 * ```ts
 * const objective = new WeightedSquaredError().objective(predictions, targets, confidences);
 * ```
 */
export class WeightedSquaredError implements Loss {
  readonly name = 'squared';
  readonly pairwise = false;

  objective(predictions: tf.Tensor, targets: tf.Tensor | null, weights?: tf.Tensor | null): tf.Tensor {
    if (!targets) throw new Error('squared error needs targets');
    const scale = 2 / predictions.shape[0]!;
    return withGradient(predictions, (p) => {
      const grad = tf.mul(tf.sub(p, targets), scale);
      return weights ? tf.mul(grad, weights) : grad;
    });
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
