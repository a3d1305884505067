import * as tf from '@tensorflow/tfjs-core';
import { isUnitSeed, type Tape } from '@recsys/layers';
import type { PairwiseLoss } from './loss.js';

/**
 * Bayesian personalised ranking (Rendle et al. 2009): `−log σ(s⁺ − s⁻)` per (user, positive, negative) triple. The
 * gradient w.r.t. s⁺ is `−σ(s⁻ − s⁺)/n` and w.r.t. s⁻ its opposite (n = triples).
 *
 * @example
 * ```ts
 * const scores = model.forward(ctx, { users: [u; u], items: [positives; negatives] }); // [2n, 1]
 * const [positive, negative] = splitRows(scores, [n, n], ctx.tape);
 * const value = new BprLoss().apply(positive, negative, ctx.tape);
 * ```
 */
export class BprLoss implements PairwiseLoss {
  readonly name = 'bpr';
  readonly pairwise = true;

  apply(positive: tf.Tensor, negative: tf.Tensor, tape?: Tape | null): tf.Scalar {
    if (positive.shape.join() !== negative.shape.join() || positive.size !== positive.shape[0]) {
      throw new Error(
        `BPR loss: expects positive and negative scores of equal shape [n, 1], got [${positive.shape.join(', ')}] ` +
          `and [${negative.shape.join(', ')}]`,
      );
    }
    const value = tf.scalar(this.value(positive.dataSync() as Float32Array, negative.dataSync() as Float32Array));
    tape?.record([positive, negative], value, (dy) => this.gradient(positive, negative, dy));
    return value;
  }

  gradient(positive: tf.Tensor, negative: tf.Tensor, dLoss?: tf.Tensor): [tf.Tensor, tf.Tensor] {
    const n = positive.shape[0]!;
    const scale = dLoss && !isUnitSeed(dLoss) ? tf.mul(dLoss, 1 / n) : 1 / n;
    const g = tf.mul(tf.sigmoid(tf.sub(negative, positive)), scale); // σ(s⁻ − s⁺)/n
    return [tf.neg(g), g];
  }

  /** @throws RangeError when the two arrays differ in length. */
  value(positive: Float32Array, negative: Float32Array): number {
    if (positive.length !== negative.length) {
      throw new RangeError(`BPR loss: ${positive.length} positive scores for ${negative.length} negative scores`);
    }
    let sum = 0;
    for (let k = 0; k < positive.length; k++) {
      const d = positive[k]! - negative[k]!;
      sum += Math.max(-d, 0) + Math.log1p(Math.exp(-Math.abs(d))); // −log σ(d) = softplus(−d)
    }
    return sum / positive.length;
  }
}
