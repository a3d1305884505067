import * as tf from '@tensorflow/tfjs-core';

let cached: tf.Scalar | undefined;
let cachedBackend = '';

/**
 * A kept scalar 1, the seed of a backward pass from a scalar loss. A backward rule whose gradient scales with its
 * incoming gradient may skip the multiplication when {@link isUnitSeed} says it got this one: two kernels fewer per
 * training step (the seed's `OnesLike` and a scalar `Multiply`, counted with `tf.profile` on a GMF step).
 *
 * @example
 * ```ts
 * const grads = tape.gradients(loss, unitSeed(), wrt);
 * // in a rule: const scale = isUnitSeed(dy) ? 1 / n : tf.mul(dy, 1 / n);
 * ```
 */
export function unitSeed(): tf.Scalar {
  const backend = tf.getBackend();
  if (!cached || cached.isDisposed || cachedBackend !== backend) {
    cached?.dispose();
    cached = tf.keep(tf.scalar(1));
    cachedBackend = backend;
  }
  return cached;
}

/** Whether `dy` is the {@link unitSeed} (so multiplying by it can be skipped). */
export function isUnitSeed(dy: tf.Tensor | null | undefined): boolean {
  return dy !== undefined && dy !== null && dy === cached;
}
