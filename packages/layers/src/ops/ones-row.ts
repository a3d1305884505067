import * as tf from '@tensorflow/tfjs-core';

/**
 * Ones rows kept across steps: one per size for the first {@link EXACT_SIZES} sizes met (a training run's batch sizes),
 * and the longest row met, sliced for any other size. A dense layer over a batch's distinct entries (DELF's attention)
 * meets a new row count nearly every step: a row cached per size grew by a tensor a step.
 */
const exact = new Map<number, tf.Tensor2D>();
export const EXACT_SIZES = 4;
let longest: tf.Tensor2D | undefined;

/**
 * A `[1, n]` row of ones, and whether the caller owns it (must dispose it): `ones·dz` is the column sum of `dz` (a bias
 * gradient) as one matmul, about 3× faster than `tf.sum(dz, 0)` on wasm and 9× on cpu (measured at [256, 32]).
 */
function onesRow(n: number): { ones: tf.Tensor2D; owned: boolean } {
  const cached = exact.get(n);
  if (cached && !cached.isDisposed) return { ones: cached, owned: false };
  if (exact.size < EXACT_SIZES || cached) {
    const ones = tf.keep(tf.ones([1, n]) as tf.Tensor2D);
    exact.set(n, ones);
    return { ones, owned: false };
  }
  if (!longest || longest.isDisposed || longest.shape[1] < n) {
    longest?.dispose();
    longest = tf.keep(tf.ones([1, n]) as tf.Tensor2D);
  }
  if (longest.shape[1] === n) return { ones: longest, owned: false };
  return { ones: tf.slice(longest, [0, 0], [1, n]), owned: true };
}

/** The column sums of a `[n, d]` tensor, as a `[d]` tensor (only the result survives the call). */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  const { ones, owned } = onesRow(x.shape[0]);
  const sums = tf.matMul(ones, x);
  if (owned) ones.dispose();
  const y = tf.reshape(sums, [x.shape[1]]) as tf.Tensor1D; // shares the data: disposing `sums` frees nothing of y
  sums.dispose();
  return y;
}
