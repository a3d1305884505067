import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';
import { checkSameShape } from './same-shape.js';

/**
 * Row-wise dot products of two `[n, d]` tensors, as `[n, 1]` (matrix factorization's score), recorded on `tape` when
 * given: `da = dy ⊙ b`, `db = dy ⊙ a` (dy broadcast over the row). Only the output survives the call (no
 * intermediate is left behind outside a `tf.tidy`).
 *
 * @throws Error naming both shapes when they differ, or when they are not rank 2.
 * @example
 * ```ts
 * const scores = rowDot(userRows, itemRows, tape); // [n, 1]
 * ```
 */
export function rowDot(a: tf.Tensor2D, b: tf.Tensor2D, tape?: Tape | null): tf.Tensor2D {
  checkSameShape('rowDot', a, b);
  if (a.rank !== 2) throw new Error(`rowDot: expects [n, d] inputs, got [${a.shape.join(', ')}]`);
  // The backward rule reads a and b only: the product can go at once, taped or not.
  const product = tf.mul(a, b);
  const y = tf.sum(product, 1, true) as tf.Tensor2D;
  product.dispose();
  tape?.record([a, b], y, (dy, needs) => [needs[0] ? tf.mul(dy, b) : null, needs[1] ? tf.mul(dy, a) : null]);
  return y;
}
