import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';

/**
 * Concatenates `[n, d_k]` tensors along the last axis, recorded on `tape` when given (the gradient is split back).
 * A single input is returned as it is.
 *
 * @example
 * ```ts
 * const mlpInput = concatColumns([userRows, itemRows], tape);
 * ```
 */
export function concatColumns(xs: tf.Tensor2D[], tape?: Tape | null): tf.Tensor2D {
  if (xs.length === 1) return xs[0];
  const y = tf.concat(xs, 1);
  tape?.record(xs, y, (dy, needs) => {
    const parts = tf.split(
      dy,
      xs.map((x) => x.shape[1]),
      1,
    );
    return parts.map((part, k) => (needs[k] ? part : null));
  });
  return y;
}
