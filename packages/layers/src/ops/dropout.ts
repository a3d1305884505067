import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';

/**
 * Inverted dropout: each value kept with probability `1 − rate` and scaled by `1 / (1 − rate)`; the same mask scales
 * the gradient. Recorded on `tape` when given (the mask then lives until the caller's `tf.tidy` ends, for the
 * backward pass); without a tape only the output survives the call. `rate` 0 returns `x` itself.
 *
 * @example
 * ```ts
 * const h = dropout(x, 0.1, tape, seed);
 * ```
 */
export function dropout(x: tf.Tensor, rate: number, tape?: Tape | null, seed?: number): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${rate}`);
  if (rate === 0) return x;
  const keep = 1 - rate;
  const mask = tf.tidy(() => tf.div(tf.floor(tf.add(tf.randomUniform(x.shape, 0, 1, 'float32', seed), keep)), keep));
  const y = tf.mul(x, mask);
  if (tape) tape.record([x], y, (dy) => [tf.mul(dy, mask)]);
  else mask.dispose();
  return y;
}
