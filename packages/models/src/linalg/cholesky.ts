/**
 * Cholesky factorisation of a small dense symmetric positive-definite matrix, in place: A = L·Lᵀ with L lower
 * triangular. `a` is row-major n × n; only its lower triangle is read, L overwrites it, and the strict upper triangle
 * is set to 0 (so `a` holds exactly L afterwards).
 *
 * Row-oriented (Cholesky–Banachiewicz): every inner loop is a dot product of two contiguous row prefixes, which keeps
 * it cache-friendly in row-major storage. Cost n³/6 multiply-adds; no extra memory. Used for iALS's f × f systems and
 * for the diagonal blocks of {@link spdInverse}.
 *
 * @returns -1 when the matrix is positive definite; otherwise the index j of the first pivot that is not positive
 * (or not finite) after eliminating rows 0..j−1 — the leading (j+1) × (j+1) minor is not positive definite. `a` is
 * then partly overwritten.
 * @example
 * ```ts
 * const a = Float64Array.of(4, 2, 2, 3); // [[4, 2], [2, 3]]
 * choleskyInPlace(a, 2); // -1; a = [2, 0, 1, √2]
 * ```
 */
export function choleskyInPlace(a: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      let k = 0;
      // Two accumulators: the dependency chain of one sum is what limits a dot product in JS.
      let s2 = 0;
      for (; k + 1 < j; k += 2) {
        s -= a[ri + k] * a[rj + k];
        s2 += a[ri + k + 1] * a[rj + k + 1];
      }
      if (k < j) s -= a[ri + k] * a[rj + k];
      s -= s2;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return i;
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j];
      }
    }
    for (let j = i + 1; j < n; j++) a[ri + j] = 0;
  }
  return -1;
}

/**
 * {@link choleskyInPlace} that throws on a matrix that is not symmetric positive definite.
 *
 * @param what - names the matrix in the message (e.g. `'ials: user 12's system'`).
 * @throws RangeError naming `what`, the failing pivot and what it means.
 * @example
 * ```ts
 * cholesky(Float64Array.of(1, 2, 2, 1), 2); // throws: not positive definite (pivot 1 …)
 * ```
 */
export function cholesky(a: Float64Array, n: number, what = 'cholesky'): void {
  const bad = choleskyInPlace(a, n);
  if (bad >= 0) throw notPositiveDefinite(what, bad, n);
}

/**
 * The error for a matrix whose pivot `index` (0-based) was not positive: one place for the message, so the blocked
 * inverse and the small factorisation say the same thing.
 */
export function notPositiveDefinite(what: string, index: number, n: number): RangeError {
  return new RangeError(
    `${what}: the ${n} × ${n} matrix is not symmetric positive definite: pivot ${index} is not positive after ` +
      `eliminating the rows before it (its leading ${index + 1} × ${index + 1} block has an eigenvalue ≤ 0, or a ` +
      'NaN/Infinity)',
  );
}

/**
 * Solves L·Lᵀ·x = b in place (`b` becomes x), given the factor L from {@link choleskyInPlace} (row-major n × n).
 * Forward then backward substitution, both reading L by rows. Cost n² multiply-adds.
 *
 * @example
 * ```ts
 * const l = Float64Array.of(4, 2, 2, 3);
 * cholesky(l, 2);
 * const b = Float64Array.of(6, 5);
 * choleskySolve(l, 2, b); // b = [1, 1]: [[4, 2], [2, 3]] · [1, 1] = [6, 5]
 * ```
 */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, offset = 0): void {
  // L y = b, row by row.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[offset + i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * b[offset + k];
    b[offset + i] = s / l[ri + i];
  }
  // Lᵀ x = y: x_i is final once y_i is divided by L_ii; row i of L then updates the entries before it.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = (b[offset + i] /= l[ri + i]);
    for (let k = 0; k < i; k++) b[offset + k] -= l[ri + k] * xi;
  }
}
