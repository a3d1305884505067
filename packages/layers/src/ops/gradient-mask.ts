import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';

/**
 * The identity in the forward pass; in the backward pass, the gradient of row k is kept where `mask[k]` is 1 and
 * zeroed where it is 0. So a branch whose output passes through it learns only from the rows the mask selects, while
 * every row still gets its value: the multi-feedback model's supportive branches are updated only by pairs that have
 * their behaviour (§3.3), yet score every pair. Without a tape (scoring) it returns `x` itself.
 *
 * @param x - `[n, d]`.
 * @param mask - one 0/1 entry per row of `x`.
 * @throws RangeError when the mask's length is not the number of rows.
 * @example
 * ```ts
 * const hCart = gradientMask(cartBranch.forward(x, ctx), hasCart, ctx.tape); // only carted pairs train the branch
 * ```
 */
export function gradientMask(x: tf.Tensor2D, mask: Float32Array, tape?: Tape | null): tf.Tensor2D {
  if (x.rank !== 2 || mask.length !== x.shape[0]) {
    throw new RangeError(`gradientMask: ${mask.length} mask entries for a [${x.shape.join(', ')}] input`);
  }
  if (!tape) return x;
  const y = tf.clone(x);
  const column = tf.tensor2d(mask, [mask.length, 1]); // lives until the step's tidy ends, for the backward pass
  tape.record([x], y, (dy) => [tf.mul(dy, column)]);
  return y;
}
