import { describe, expect, it } from 'vitest';
import { meanInterval } from './confidence-interval.js';

describe('meanInterval', () => {
  it('uses the Student t factor of n − 1 degrees of freedom', () => {
    const { mean, ci, n } = meanInterval([0.64, 0.66, 0.65]);
    expect(n).toBe(3);
    expect(mean).toBeCloseTo(0.65, 12);
    // s = 0.01, t(0.975, 2) = 4.302653, h = 4.302653 · 0.01 / √3
    expect(ci[1] - mean).toBeCloseTo((4.302653 * 0.01) / Math.sqrt(3), 6);
    expect(mean - ci[0]).toBeCloseTo(ci[1] - mean, 12);
  });

  it('gives a point interval for one value and refuses none or non-finite ones', () => {
    expect(meanInterval([0.5]).ci).toEqual([0.5, 0.5]);
    expect(() => meanInterval([])).toThrow(/no values/);
    expect(() => meanInterval([0.1, Number.NaN])).toThrow(/value 1 is NaN/);
  });
});
