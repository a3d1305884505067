import * as tf from '@tensorflow/tfjs-core';
import { isUnitSeed, type Tape } from '@recsys/layers';
import { applyPointwise, checkPointwiseLengths, type PointwiseLoss } from './loss.js';

/**
 * DMF's normalized cross-entropy: targets are `Y_ij / max(R)` (explicit ratings scaled into [0, 1], 0 for sampled
 * negatives) and the prediction ŷ (a cosine, possibly ≤ 0) is clipped to `[μ, 1 − μ]` (DMF eq. 13 with μ = 1e-6) before
 * `−(y·log ŷ + (1 − y)·log(1 − ŷ))`. Gradient w.r.t. ŷ: `(ŷ − y)/(ŷ(1 − ŷ))/n` inside the clip range, 0 outside.
 *
 * @example
 * ```ts
 * const value = new NormalizedCrossEntropy({ mu: 1e-6 }).apply(cosines, ratingsOverMax, null, ctx.tape);
 * ```
 */
export class NormalizedCrossEntropy implements PointwiseLoss {
  /** `'nce'`, or `'ce'` when it serves as DMF's plain cross-entropy (binary targets). */
  readonly name: 'nce' | 'ce';
  readonly pairwise = false;
  /** The clip μ. */
  readonly mu: number;

  constructor(options: { mu?: number; name?: 'nce' | 'ce' } = {}) {
    this.name = options.name ?? 'nce';
    this.mu = options.mu ?? 1e-6;
    if (!(this.mu > 0 && this.mu < 0.5)) throw new RangeError(`mu must be in (0, 0.5), got ${this.mu}`);
  }

  apply(predictions: tf.Tensor, targets: Float32Array, weights?: Float32Array | null, tape?: Tape | null): tf.Scalar {
    return applyPointwise(this, predictions, targets, weights, tape);
  }

  gradient(predictions: tf.Tensor, targets: tf.Tensor, weights?: tf.Tensor | null, dLoss?: tf.Tensor): tf.Tensor {
    const { mu } = this;
    const clipped = tf.clipByValue(predictions, mu, 1 - mu);
    const inside = tf.cast(tf.equal(clipped, predictions), 'float32'); // no gradient where the clip is active
    const denominator = tf.mul(clipped, tf.sub(1, clipped));
    const scale = dLoss && !isUnitSeed(dLoss) ? tf.mul(dLoss, 1 / predictions.shape[0]!) : 1 / predictions.shape[0]!;
    const grad = tf.mul(tf.div(tf.sub(clipped, targets), denominator), tf.mul(inside, scale));
    return weights ? tf.mul(grad, weights) : grad;
  }

  /** @throws RangeError when targets or weights are not as long as the outputs. */
  value(predictions: Float32Array, targets: Float32Array, weights?: Float32Array | null): number {
    checkPointwiseLengths(this.name, predictions, targets, weights);
    const { mu } = this;
    let sum = 0;
    for (let k = 0; k < predictions.length; k++) {
      const p = Math.min(1 - mu, Math.max(mu, predictions[k]!));
      const y = targets[k]!;
      sum += (weights ? weights[k]! : 1) * -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    }
    return sum / predictions.length;
  }
}
