import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';

/**
 * Row-wise dot products of two `[n, d]` tensors, as `[n, 1]` (matrix factorization's score), recorded on `tape` when
 * given: `da = dy ⊙ b`, `db = dy ⊙ a` (dy broadcast over the row).
 *
 * @example
 * ```ts
 * const scores = rowDot(userRows, itemRows, tape); // [n, 1]
 * ```
 */
export function rowDot(a: tf.Tensor2D, b: tf.Tensor2D, tape?: Tape | null): tf.Tensor2D {
  const y = tf.sum(tf.mul(a, b), 1, true) as tf.Tensor2D;
  tape?.record([a, b], y, (dy, needs) => [needs[0] ? tf.mul(dy, b) : null, needs[1] ? tf.mul(dy, a) : null]);
  return y;
}
