import { describe, expect, it } from 'vitest';
import { cholesky } from './cholesky.js';
import { naiveProduct, randomSpd } from './test-support.js';
import { lowerTriangularInverse } from './triangular-inverse.js';

describe('lowerTriangularInverse', () => {
  it.each([1, 2, 9, 40])('inverts a Cholesky factor: L·W = I, W lower (n = %i)', (n) => {
    const l = randomSpd(n, n + 7);
    cholesky(l, n);
    const w = Float64Array.from(l);
    lowerTriangularInverse(w, n);
    const product = naiveProduct(l, w, n, n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(product[i * n + j]).toBeCloseTo(i === j ? 1 : 0, 10);
        if (j > i) expect(w[i * n + j]).toBe(0);
      }
    }
  });

  it('refuses a zero diagonal', () => {
    expect(() => lowerTriangularInverse(Float64Array.of(1, 0, 5, 0), 2)).toThrow(/diagonal entry 1 is 0/);
  });
});
