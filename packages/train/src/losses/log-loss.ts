import * as tf from '@tensorflow/tfjs-core';
import { isUnitSeed, type Tape } from '@recsys/layers';
import { applyPointwise, checkPointwiseLengths, type PointwiseLoss } from './loss.js';

/**
 * Log loss (binary cross-entropy) on logits, the NCF objective: pointwise, each positive with N sampled negatives
 * (targets 1 and 0; soft targets in [0, 1] work too). Gradient w.r.t. the logit z: `w·(σ(z) − y)/n`.
 *
 * @example
 * ```ts
 * const loss = new LogLoss();
 * const value = loss.apply(logits, batch.targets, null, ctx.tape); // a scalar on the tape
 * ```
 */
export class LogLoss implements PointwiseLoss {
  readonly name = 'log';
  readonly pairwise = false;

  apply(logits: tf.Tensor, targets: Float32Array, weights?: Float32Array | null, tape?: Tape | null): tf.Scalar {
    return applyPointwise(this, logits, targets, weights, tape);
  }

  gradient(logits: tf.Tensor, targets: tf.Tensor, weights?: tf.Tensor | null, dLoss?: tf.Tensor): tf.Tensor {
    const scale = dLoss && !isUnitSeed(dLoss) ? tf.mul(dLoss, 1 / logits.shape[0]!) : 1 / logits.shape[0]!;
    const grad = tf.mul(tf.sub(tf.sigmoid(logits), targets), scale);
    return weights ? tf.mul(grad, weights) : grad;
  }

  /** @throws RangeError when targets or weights are not as long as the outputs. */
  value(logits: Float32Array, targets: Float32Array, weights?: Float32Array | null): number {
    checkPointwiseLengths(this.name, logits, targets, weights);
    let sum = 0;
    for (let k = 0; k < logits.length; k++) {
      const z = logits[k]!;
      // softplus(z) − y·z, computed without overflow.
      const loss = Math.max(z, 0) - z * targets[k]! + Math.log1p(Math.exp(-Math.abs(z)));
      sum += (weights ? weights[k]! : 1) * loss;
    }
    return sum / logits.length;
  }
}
