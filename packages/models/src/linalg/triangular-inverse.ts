/**
 * Inverse of a small lower-triangular matrix, in place: `l` (row-major n × n, the lower triangle read) becomes
 * W = L⁻¹, lower triangular, with the strict upper triangle set to 0.
 *
 * Row by row: row i of W is (e_i − Σ_{k<i} L_ik · row_k(W)) / L_ii, so the inner loop adds contiguous rows of W
 * (no strided column walks). Cost n³/6 multiply-adds, one row of scratch. Used on the diagonal blocks of
 * {@link spdInverse}, which are at most its block size.
 *
 * @throws RangeError when a diagonal entry is 0 or not finite (L is singular).
 * @example
 * ```ts
 * const l = Float64Array.of(2, 0, 1, 4); // [[2, 0], [1, 4]]
 * lowerTriangularInverse(l, 2); // l = [0.5, 0, -0.125, 0.25]
 * ```
 */
export function lowerTriangularInverse(l: Float64Array, n: number): void {
  const row = new Float64Array(n);
  // Rows are replaced top to bottom: row i of W needs rows k < i of W (done) and row i of L (not yet replaced).
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const d = l[ri + i];
    if (!(d !== 0 && Number.isFinite(d))) {
      throw new RangeError(`lowerTriangularInverse: diagonal entry ${i} is ${d}; the matrix is singular`);
    }
    row.fill(0, 0, i);
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      if (lik === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) row[j] += lik * l[rk + j];
    }
    const inv = 1 / d;
    for (let j = 0; j < i; j++) l[ri + j] = -row[j] * inv;
    l[ri + i] = inv;
    for (let j = i + 1; j < n; j++) l[ri + j] = 0;
  }
}
