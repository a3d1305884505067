import * as tf from '@tensorflow/tfjs-core';
import { isUnitSeed, type Tape } from '@recsys/layers';
import { applyPointwise, checkPointwiseLengths, type PointwiseLoss } from './loss.js';

/**
 * Weighted squared error `c·(ŷ − y)²` (DualNet's loss with confidence weights c; plain MSE without weights).
 * Gradient w.r.t. ŷ: `2c(ŷ − y)/n`.
 *
 * @example
 * ```ts
 * const value = new WeightedSquaredError().apply(predictions, targets, confidences, ctx.tape);
 * ```
 */
export class WeightedSquaredError implements PointwiseLoss {
  readonly name = 'squared';
  readonly pairwise = false;

  apply(predictions: tf.Tensor, targets: Float32Array, weights?: Float32Array | null, tape?: Tape | null): tf.Scalar {
    return applyPointwise(this, predictions, targets, weights, tape);
  }

  gradient(predictions: tf.Tensor, targets: tf.Tensor, weights?: tf.Tensor | null, dLoss?: tf.Tensor): tf.Tensor {
    const scale = dLoss && !isUnitSeed(dLoss) ? tf.mul(dLoss, 2 / predictions.shape[0]!) : 2 / predictions.shape[0]!;
    const grad = tf.mul(tf.sub(predictions, targets), scale);
    return weights ? tf.mul(grad, weights) : grad;
  }

  /** @throws RangeError when targets or weights are not as long as the outputs. */
  value(predictions: Float32Array, targets: Float32Array, weights?: Float32Array | null): number {
    checkPointwiseLengths(this.name, predictions, targets, weights);
    let sum = 0;
    for (let k = 0; k < predictions.length; k++) {
      const e = predictions[k]! - targets[k]!;
      sum += (weights ? weights[k]! : 1) * e * e;
    }
    return sum / predictions.length;
  }
}
