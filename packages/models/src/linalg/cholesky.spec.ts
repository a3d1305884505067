import { describe, expect, it } from 'vitest';
import { cholesky, choleskyInPlace, choleskySolve } from './cholesky.js';
import { naiveProduct, randomSpd, relativeError, solveDense } from './test-support.js';

describe('cholesky', () => {
  it.each([1, 2, 3, 7, 33, 64])('factors a random SPD matrix: L lower, L·Lᵀ = A (n = %i)', (n) => {
    const a = randomSpd(n, n);
    const l = Float64Array.from(a);
    cholesky(l, n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
    const lt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) lt[j * n + i] = l[i * n + j];
    expect(relativeError(naiveProduct(l, lt, n, n, n), a)).toBeLessThan(1e-13);
  });

  it.each([1, 5, 33])('solves A·x = b like Gauss–Jordan (n = %i)', (n) => {
    const a = randomSpd(n, 100 + n);
    const b = Float64Array.from({ length: n }, (_, k) => Math.sin(k + 1));
    const l = Float64Array.from(a);
    cholesky(l, n);
    const x = Float64Array.from(b);
    choleskySolve(l, n, x);
    expect(relativeError(x, solveDense(a, n, b))).toBeLessThan(1e-11);
  });

  it('reads only the lower triangle', () => {
    const a = Float64Array.of(4, 99, 2, 3); // upper entry 99 is ignored: [[4, 2], [2, 3]]
    cholesky(a, 2);
    expect([...a]).toEqual([2, 0, 1, Math.SQRT2]);
  });

  it('refuses a matrix that is not positive definite, naming the pivot', () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1: the second pivot is 1 − 4 < 0.
    expect(choleskyInPlace(Float64Array.of(1, 2, 2, 1), 2)).toBe(1);
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2, 'test matrix')).toThrow(
      /test matrix: the 2 × 2 matrix is not symmetric positive definite: pivot 1 is not positive/,
    );
    expect(() => cholesky(Float64Array.of(-1), 1)).toThrow(/pivot 0/);
    expect(() => cholesky(Float64Array.of(0, 0, 0, 1), 2)).toThrow(/pivot 0/); // semidefinite is refused too
    expect(() => cholesky(Float64Array.of(1, 0, NaN, 1), 2)).toThrow(/NaN/);
  });
});
