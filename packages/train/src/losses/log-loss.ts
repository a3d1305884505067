import * as tf from '@tensorflow/tfjs-core';
import type { Loss } from './loss.js';

/**
 * Log loss (binary cross-entropy) on logits, the NCF objective: pointwise, each positive with N sampled negatives
 * (targets 1 and 0). Gradient w.r.t. the logit z: `w·(σ(z) − y)/n`.
 *
 * @example
 * ```ts
 * const loss = new LogLoss();
 * const dLogits = loss.gradient(logits, labels); // seeds the backward pass
 * const mean = loss.value(await logits.data() as Float32Array, labelValues);
 * ```
 */
export class LogLoss implements Loss {
  readonly name = 'log';
  readonly pairwise = false;

  gradient(logits: tf.Tensor, targets: tf.Tensor | null, weights?: tf.Tensor | null): tf.Tensor {
    if (!targets) throw new Error('log loss needs targets');
    const grad = tf.mul(tf.sub(tf.sigmoid(logits), targets), 1 / logits.shape[0]!);
    return weights ? tf.mul(grad, weights) : grad;
  }

  value(logits: Float32Array, targets: Float32Array | null, weights?: Float32Array | null): number {
    if (!targets) throw new Error('log loss needs targets');
    let sum = 0;
    for (let k = 0; k < logits.length; k++) {
      const z = logits[k];
      // softplus(z) − y·z, computed without overflow.
      const loss = Math.max(z, 0) - z * targets[k] + Math.log1p(Math.exp(-Math.abs(z)));
      sum += (weights ? weights[k] : 1) * loss;
    }
    return sum / logits.length;
  }
}
