import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';

/**
 * Splits a tensor along its first axis into parts of the given sizes, recorded on `tape` when given (the gradient is
 * the parts' gradients concatenated back, zeros for a part no gradient reached). A pairwise loss uses it to take the
 * positives' and the negatives' scores out of one forward pass over both.
 *
 * @throws if the sizes do not add up to the first axis.
 * @example
 * ```ts
 * const scores = model.forward(ctx, { users: [u; u], items: [positives; negatives] }); // [2n, 1]
 * const [positive, negative] = splitRows(scores, [n, n], ctx.tape);
 * ```
 */
export function splitRows(x: tf.Tensor, sizes: readonly number[], tape?: Tape | null): tf.Tensor[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (x.rank < 1 || total !== x.shape[0] || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new Error(`splitRows: sizes [${sizes.join(', ')}] do not split [${x.shape.join(', ')}] along axis 0`);
  }
  const parts = tf.split(x, [...sizes], 0);
  tape?.recordMany([x], parts, (dys) => [
    tf.concat(
      dys.map((dy, k) => dy ?? tf.zeros(parts[k]!.shape)),
      0,
    ),
  ]);
  return parts;
}
