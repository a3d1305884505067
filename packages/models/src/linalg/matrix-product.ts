import * as tf from '@tensorflow/tfjs-core';

/**
 * A dense matrix product C = A·B of row-major float32 matrices, A m × k and B k × n; returns C (m × n, a new array).
 * The heavy blocks of {@link spdInverse} go through one of these, so the same blocked algorithm runs on plain JS or
 * on a tfjs backend.
 */
export type MatrixProduct = (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => Float32Array;

/** Columns of C updated per pass over a row of B: 512 floats keep the two rows of C in L1. */
const COLUMN_TILE = 512;

/**
 * {@link MatrixProduct} in plain JS: two rows of C at a time, four rows of B per pass (8 multiply-adds per 4 loads of
 * B), columns in tiles of 512. About 1.9 GFLOP/s on a 2-core AMD EPYC (Node 20) for 1682 × 256 × 1682, against
 * 0.8 GFLOP/s for the plain i-k-j loop and 0.7 GFLOP/s for tfjs's cpu backend matMul — which is why the cpu backend
 * uses this instead of tfjs.
 *
 * @example
 * ```ts
 * jsProduct(Float32Array.of(1, 2), Float32Array.of(3, 4), 1, 2, 1); // [11]
 * ```
 */
export const jsProduct: MatrixProduct = (a, b, m, k, n) => {
  const c = new Float32Array(m * n);
  for (let j0 = 0; j0 < n; j0 += COLUMN_TILE) {
    const j1 = Math.min(n, j0 + COLUMN_TILE);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const c0 = i * n;
      const c1 = c0 + n;
      const r0 = i * k;
      const r1 = r0 + k;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        const a00 = a[r0 + p];
        const a01 = a[r0 + p + 1];
        const a02 = a[r0 + p + 2];
        const a03 = a[r0 + p + 3];
        const a10 = a[r1 + p];
        const a11 = a[r1 + p + 1];
        const a12 = a[r1 + p + 2];
        const a13 = a[r1 + p + 3];
        const b0 = p * n;
        const b1 = b0 + n;
        const b2 = b1 + n;
        const b3 = b2 + n;
        for (let j = j0; j < j1; j++) {
          const x0 = b[b0 + j];
          const x1 = b[b1 + j];
          const x2 = b[b2 + j];
          const x3 = b[b3 + j];
          c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
          c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
        }
      }
      for (; p < k; p++) {
        const a0 = a[r0 + p];
        const a1 = a[r1 + p];
        const bp = p * n;
        for (let j = j0; j < j1; j++) {
          const x = b[bp + j];
          c[c0 + j] += a0 * x;
          c[c1 + j] += a1 * x;
        }
      }
    }
    for (; i < m; i++) {
      const c0 = i * n;
      for (let p = 0; p < k; p++) {
        const av = a[i * k + p];
        const bp = p * n;
        for (let j = j0; j < j1; j++) c[c0 + j] += av * b[bp + j];
      }
    }
  }
  return c;
};

/**
 * {@link MatrixProduct} on the current tfjs backend (`tf.matMul`, then `dataSync`). On the wasm backend (XNNPACK,
 * single-threaded in Node) it runs at 16–23 GFLOP/s including the copies in and out for the block shapes of
 * {@link spdInverse} (1682 × 256 × 1682: 74 ms), about 10× {@link jsProduct}. Operands are passed untransposed:
 * `matMul` with a transpose flag falls to about 2 GFLOP/s on wasm.
 *
 * @example
 * ```ts
 * await selectBackend(); // wasm here
 * tensorProduct(Float32Array.of(1, 2), Float32Array.of(3, 4), 1, 2, 1); // [11]
 * ```
 */
export const tensorProduct: MatrixProduct = (a, b, m, k, n) => {
  const ta = tf.tensor2d(a, [m, k]);
  const tb = tf.tensor2d(b, [k, n]);
  try {
    const tc = tf.matMul(ta, tb);
    try {
      // The cpu backend hands back its own array and wasm a copy: either way the caller owns it once disposed.
      return tc.dataSync() as Float32Array;
    } finally {
      tc.dispose();
    }
  } finally {
    ta.dispose();
    tb.dispose();
  }
};

/**
 * The product to use on tfjs backend `backend`: {@link jsProduct} on `'cpu'` (tfjs's cpu matMul is slower than it),
 * {@link tensorProduct} on the others (wasm, native tensorflow, webgl).
 *
 * @example
 * ```ts
 * const product = productFor((await selectBackend()).name);
 * ```
 */
export function productFor(backend: string): MatrixProduct {
  return backend === 'cpu' ? jsProduct : tensorProduct;
}
