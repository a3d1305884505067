import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTQuantile } from './student-t.js';

describe('Student t', () => {
  it('gives the tabulated two-sided 95% factors', () => {
    // Standard t-table values.
    const table: [number, number][] = [
      [1, 12.7062],
      [2, 4.3027],
      [3, 3.1824],
      [4, 2.7764],
      [9, 2.2622],
      [29, 2.0452],
      [1000, 1.9623],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('has the closed-form CDF of one and two degrees of freedom', () => {
    for (const t of [-3, -0.5, 0, 0.7, 2.5]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 10); // Cauchy
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 10);
    }
  });

  it('inverts its CDF and is symmetric', () => {
    for (const df of [1, 3, 17]) {
      for (const p of [0.01, 0.3, 0.5, 0.9, 0.999]) {
        const t = studentTQuantile(p, df);
        expect(studentTCdf(t, df)).toBeCloseTo(p, 9);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 8);
      }
    }
  });

  it('computes the incomplete beta and log-gamma', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12); // uniform
    expect(regularizedIncompleteBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12); // x²
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('refuses meaningless arguments', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/strictly between 0 and 1/);
    expect(() => studentTCdf(1, 0)).toThrow(/df must be/);
    expect(() => studentTCdf(Number.NaN, 2)).toThrow(/NaN/);
  });
});
