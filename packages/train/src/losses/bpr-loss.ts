import * as tf from '@tensorflow/tfjs-core';
import type { Loss } from './loss.js';

/**
 * Bayesian personalised ranking (Rendle et al.): `−log σ(s⁺ − s⁻)` per (user, positive, negative) triple. The output
 * holds the positives' scores in its first half and the negatives' in its second; the gradient w.r.t. s⁺ is
 * `−σ(s⁻ − s⁺)/b` and w.r.t. s⁻ its opposite (b = triples).
 *
 * @example
 * ```ts
 * const scores = model(concat([users, users]), concat([positives, negatives])); // [2b, 1]
 * const dScores = new BprLoss().gradient(scores);
 * ```
 */
export class BprLoss implements Loss {
  readonly name = 'bpr';
  readonly pairwise = true;

  gradient(scores: tf.Tensor): tf.Tensor {
    const n = scores.shape[0]!;
    if (n % 2 !== 0) throw new Error(`BPR needs an even number of scores (positives then negatives), got ${n}`);
    const half = n / 2;
    const [positive, negative] = tf.split(scores, [half, half], 0);
    const g = tf.mul(tf.sigmoid(tf.sub(negative, positive)), 1 / half); // σ(s⁻ − s⁺)/b
    return tf.concat([tf.neg(g), g], 0);
  }

  value(scores: Float32Array): number {
    const half = scores.length / 2;
    let sum = 0;
    for (let k = 0; k < half; k++) {
      const d = scores[k] - scores[half + k];
      sum += Math.max(-d, 0) + Math.log1p(Math.exp(-Math.abs(d))); // −log σ(d) = softplus(−d)
    }
    return sum / half;
  }
}
