import { describe, expect, it } from 'vitest';
import { conjugateGradient, type LinearOperator } from './conjugate-gradient.js';
import { randomSpd, relativeError, solveDense } from './test-support.js';

function dense(a: Float64Array, n: number): LinearOperator {
  return {
    apply(v, out) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * v[j];
        out[i] = s;
      }
    },
  };
}

/** ½xᵀAx − bᵀx, the quadratic CG minimises. */
function objective(a: Float64Array, n: number, b: Float64Array, x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let ax = 0;
    for (let j = 0; j < n; j++) ax += a[i * n + j] * x[j];
    s += 0.5 * x[i] * ax - b[i] * x[i];
  }
  return s;
}

describe('conjugateGradient', () => {
  it.each([1, 4, 24])('solves an SPD system in n steps, up to rounding (n = %i)', (n) => {
    const a = randomSpd(n, n, 1);
    const b = Float64Array.from({ length: n }, (_, k) => Math.cos(k));
    const x = new Float64Array(n);
    const steps = conjugateGradient(dense(a, n), b, x, 3 * n);
    expect(steps).toBeLessThanOrEqual(3 * n);
    expect(relativeError(x, solveDense(a, n, b))).toBeLessThan(1e-8);
  });

  it('lowers the objective at every step from a warm start', () => {
    const n = 30;
    const a = randomSpd(n, 11, 0.01);
    const b = Float64Array.from({ length: n }, (_, k) => Math.sin(3 * k));
    const x = Float64Array.from({ length: n }, (_, k) => 0.1 * Math.cos(k));
    let previous = objective(a, n, b, x);
    for (let step = 0; step < 10; step++) {
      // One more step from the same start each time: CG minimises over a growing Krylov space around it.
      const trial = Float64Array.from({ length: n }, (_, k) => 0.1 * Math.cos(k));
      conjugateGradient(dense(a, n), b, trial, step + 1);
      const value = objective(a, n, b, trial);
      expect(value).toBeLessThanOrEqual(previous + 1e-12);
      previous = value;
    }
  });

  it('takes no step from the solution, and none when asked for none', () => {
    const n = 5;
    const a = randomSpd(n, 2);
    const b = Float64Array.of(1, 2, 3, 4, 5);
    const solution = solveDense(a, n, b);
    const x = Float64Array.from(solution);
    expect(conjugateGradient(dense(a, n), b, x, 3)).toBe(0);
    const start = Float64Array.of(1, 1, 1, 1, 1);
    expect(conjugateGradient(dense(a, n), b, start, 0)).toBe(0);
    expect([...start]).toEqual([1, 1, 1, 1, 1]);
  });

  it('refuses vectors of different sizes', () => {
    expect(() => conjugateGradient(dense(new Float64Array(4), 2), new Float64Array(2), new Float64Array(3), 1)).toThrow(
      /size 2/,
    );
  });
});
