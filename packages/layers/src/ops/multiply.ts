import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';
import { checkSameShape } from './same-shape.js';

/**
 * Element-wise product `a ⊙ b` (GMF's interaction), recorded on `tape` when given: `da = dy ⊙ b`, `db = dy ⊙ a`.
 * No broadcasting: `a` and `b` must have the same shape.
 *
 * @throws Error naming both shapes when they differ.
 * @example
 * ```ts
 * const gmf = multiply(userRows, itemRows, tape);
 * ```
 */
export function multiply(a: tf.Tensor, b: tf.Tensor, tape?: Tape | null): tf.Tensor {
  checkSameShape('multiply', a, b);
  const y = tf.mul(a, b);
  tape?.record([a, b], y, (dy, needs) => [needs[0] ? tf.mul(dy, b) : null, needs[1] ? tf.mul(dy, a) : null]);
  return y;
}
