import { describe, expect, it } from 'vitest';
import { mean, sampleStandardDeviation, summarize, Z_95 } from './summary.js';

describe('summary', () => {
  it('mean and CI of 1..5', () => {
    // mean 3; s² = (4+1+0+1+4)/4 = 2.5; half-width = 1.96·√2.5/√5 = 1.96·√0.5 = 1.3859292911256333
    const s = summarize(Float64Array.of(1, 2, 3, 4, 5));
    expect(s.mean).toBe(3);
    expect(s.ci95[0]).toBeCloseTo(3 - 1.3859292911256333, 14);
    expect(s.ci95[1]).toBeCloseTo(3 + 1.3859292911256333, 14);
    expect(Z_95).toBe(1.96);
  });

  it('a 0/1 sample: HR with 3 hits in 4', () => {
    // mean 0.75; s² = (3·0.0625 + 0.5625)/3 = 0.25; half = 1.96·0.5/2 = 0.49
    const s = summarize([1, 1, 0, 1]);
    expect(s.mean).toBe(0.75);
    expect(s.ci95[0]).toBeCloseTo(0.26, 14);
    expect(s.ci95[1]).toBeCloseTo(1.24, 14);
  });

  it('n < 2 gives [mean, mean]; constant samples a zero-width interval', () => {
    expect(summarize([0.4])).toEqual({ mean: 0.4, ci95: [0.4, 0.4] });
    expect(summarize([2, 2, 2]).ci95).toEqual([2, 2]);
  });

  it('sample standard deviation uses n − 1', () => {
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(sampleStandardDeviation([5])).toBe(0);
  });

  it('rejects an empty sample', () => {
    expect(() => mean([])).toThrow(RangeError);
    expect(() => summarize(new Float64Array(0))).toThrow(RangeError);
  });
});

describe('summary argument checks', () => {
  it('takes numbers only: strings would concatenate ("1" + "2" → mean 6)', () => {
    expect(() => mean(['1', '2'] as unknown as number[])).toThrow(/mean: value 0 is "1", not a number/);
    expect(() => summarize([1, null] as unknown as number[])).toThrow(TypeError);
    expect(() => sampleStandardDeviation([1, '2'] as unknown as number[])).toThrow(TypeError);
    expect(mean([1, 2])).toBe(1.5);
  });
});
