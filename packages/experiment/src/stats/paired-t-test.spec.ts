import { describe, expect, it } from 'vitest';
import { pairedTTest } from './paired-t-test.js';

describe('pairedTTest', () => {
  it('matches a hand computation', () => {
    // d = [0.1, 0.2, 0, 0.2]: mean 0.125, s² = 0.0275 / 3, se = √(s²/4), t = 2.6112, df 3.
    const result = pairedTTest([0.5, 0.7, 0.9, 0.4], [0.4, 0.5, 0.9, 0.2]);
    expect(result.meanDifference).toBeCloseTo(0.125, 12);
    expect(result.t).toBeCloseTo(0.125 / Math.sqrt(0.0275 / 3 / 4), 10);
    expect(result.df).toBe(3);
    expect(result.p).toBeCloseTo(0.0796, 3); // t-table: two-sided p of t = 2.611 at 3 df
  });

  it('is antisymmetric in its arguments', () => {
    const a = [1, 2, 3, 5, 8];
    const b = [1, 3, 2, 7, 9];
    const ab = pairedTTest(a, b);
    const ba = pairedTTest(b, a);
    expect(ba.t).toBeCloseTo(-ab.t, 12);
    expect(ba.p).toBeCloseTo(ab.p, 12);
  });

  it('handles constant differences and refuses bad input', () => {
    expect(pairedTTest([1, 1], [1, 1]).p).toBe(1);
    expect(pairedTTest([2, 3], [1, 2]).p).toBe(0);
    expect(() => pairedTTest([1], [1])).toThrow(/at least two/);
    expect(() => pairedTTest([1, 2], [1])).toThrow(/2 values against 1/);
    expect(() => pairedTTest([1, Number.NaN], [1, 2])).toThrow(/pair 1/);
  });
});
