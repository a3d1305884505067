import { describe, expect, it } from 'vitest';
import { caseCount, negativesOf, negativesPerCase, type TestNegatives } from './test-negatives.js';

function withCounts(counts: number[]): TestNegatives {
  const offsets = [0];
  for (const n of counts) offsets.push(offsets[offsets.length - 1] + n);
  const total = offsets[offsets.length - 1];
  return {
    users: Int32Array.from(counts, (_, c) => c),
    positives: new Int32Array(counts.length),
    offsets: Int32Array.from(offsets),
    items: Int32Array.from({ length: total }, (_, k) => k),
  };
}

describe('test negatives', () => {
  it('gives each case its slice', () => {
    const negatives = withCounts([2, 3]);
    expect(caseCount(negatives)).toBe(2);
    expect(Array.from(negativesOf(negatives, 1))).toEqual([2, 3, 4]);
  });

  it('counts negatives per case: the usual count, the spread, the first that differs', () => {
    expect(negativesPerCase(withCounts([99, 99, 5, 99, 0]))).toEqual({
      min: 0,
      max: 99,
      common: 99,
      differing: 2,
      empty: 1,
      firstDiffering: 2,
    });
    expect(negativesPerCase(withCounts([4, 4]))).toMatchObject({ common: 4, differing: 0, firstDiffering: -1 });
    expect(negativesPerCase(withCounts([3, 5]))).toMatchObject({ common: 5, differing: 1, firstDiffering: 0 });
    expect(negativesPerCase(withCounts([]))).toMatchObject({ min: 0, max: 0, differing: 0, empty: 0 });
  });
});
