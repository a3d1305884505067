import type { CsrMatrix } from '../neighbourhood/csr-matrix.js';

/**
 * The lower triangle (diagonal included) of the Gram matrix XᵀX of a sparse users × items matrix X, as a dense
 * items × items row-major float32 array, built from X's rows: O(Σ_u deg_u² / 2) time, never a dense X. The strict
 * upper triangle is left 0. Memory: items² × 4 bytes (the only large allocation of an EASE fit).
 *
 * @example
 * ```ts
 * const g = gramLower(feedbackMatrix(train, 'binary', 'ease')); // g[i * n + j] = users with both i and j, j ≤ i
 * ```
 */
export function gramLower(x: CsrMatrix): Float32Array {
  const n = x.columns;
  const g = new Float32Array(n * n);
  const { offsets, indices, values } = x;
  for (let r = 0; r < x.rows; r++) {
    const start = offsets[r];
    const end = offsets[r + 1];
    for (let p = start; p < end; p++) {
      const row = indices[p] * n;
      const vp = values[p];
      // Column indices ascend within a row, so q ≤ p lands in the lower triangle.
      for (let q = start; q <= p; q++) g[row + indices[q]] += vp * values[q];
    }
  }
  return g;
}
