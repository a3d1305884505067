import * as tf from '@tensorflow/tfjs-core';

const cache = new Map<number, tf.Tensor2D>();

/**
 * A cached `[1, n]` tensor of ones: `onesRow(n)·dz` is the column sum of `dz` (a bias gradient) as one matmul, about
 * 3× faster than `tf.sum(dz, 0)` on wasm and 9× on cpu (measured at [256, 32]). Kept across steps, one per batch size.
 */
export function onesRow(n: number): tf.Tensor2D {
  const cached = cache.get(n);
  if (cached && !cached.isDisposed) return cached;
  const ones = tf.keep(tf.ones([1, n]) as tf.Tensor2D);
  cache.set(n, ones);
  return ones;
}

/** The column sums of a `[n, d]` tensor, as a `[d]` tensor (only the result survives the call). */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  const sums = tf.matMul(onesRow(x.shape[0]), x);
  const y = tf.reshape(sums, [x.shape[1]]) as tf.Tensor1D; // shares the data: disposing `sums` frees nothing of y
  sums.dispose();
  return y;
}
