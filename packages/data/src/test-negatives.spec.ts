import { describe, expect, it } from 'vitest';
import { caseCount, negativesOf, negativesPerCase, selectCases, type TestNegatives } from './test-negatives.js';

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

describe('selectCases', () => {
  it('keeps the chosen cases in order, each with exactly its own negatives', () => {
    const negatives = withCounts([2, 3, 1, 2]);
    negatives.positives.set([10, 11, 12, 13]);
    const kept = selectCases(negatives, (c) => c !== 1);
    expect(Array.from(kept.users)).toEqual([0, 2, 3]);
    expect(Array.from(kept.positives)).toEqual([10, 12, 13]);
    expect(Array.from(kept.offsets)).toEqual([0, 2, 3, 5]);
    expect(Array.from(kept.items)).toEqual([0, 1, 5, 6, 7]);
    expect(caseCount(selectCases(negatives, () => false))).toBe(0);
  });

  it('refuses malformed negatives', () => {
    const broken = { ...withCounts([2]), offsets: Int32Array.from([0, 5]) };
    expect(() => selectCases(broken, () => true)).toThrow('selectCases: negatives.offsets must run from 0');
  });
});

describe('test negatives shape', () => {
  // Before: users and offsets disagreeing gave NaN counts (offsets[c + 1] undefined).
  it('negativesPerCase refuses lengths that disagree, naming them', () => {
    const negatives = { ...withCounts([2, 3]), users: Int32Array.of(0, 1, 2) };
    expect(() => negativesPerCase(negatives)).toThrow(
      'negativesPerCase: negatives has 3 users, 2 positives and 3 offsets; expected as many positives as users and one more offset',
    );
    expect(() => negativesPerCase({ ...withCounts([2, 3]), offsets: Int32Array.of(0, 2, 4) })).toThrow(
      'negativesPerCase: negatives.offsets must run from 0 to items.length = 5, got 0..4',
    );
    expect(() => negativesPerCase({ ...withCounts([2, 3]), offsets: Int32Array.of(0, 6, 5) })).toThrow(
      'negativesPerCase: negatives.offsets decrease at case 1 (6 → 5)',
    );
    expect(() => negativesPerCase({ ...withCounts([2]), items: [0, 1] as unknown as Int32Array })).toThrow(
      'negativesPerCase: negatives.items must be an Int32Array, got an array of 2',
    );
  });

  // Before: negativesOf(neg, 5) was the view (undefined, undefined): every negative of every case.
  it.each([5, 2, -1, 0.5, NaN])('negativesOf refuses case %s', (c) => {
    expect(() => negativesOf(withCounts([2, 3]), c)).toThrow(/^negativesOf: case .* is not an integer in \[0, 2\)/);
  });

  it('negativesOf refuses a case that offsets cannot hold', () => {
    const short = { ...withCounts([2, 3]), offsets: Int32Array.of(0, 2) };
    expect(() => negativesOf(short, 1)).toThrow(
      'negativesOf: case 1 is not an integer in [0, 2) (and offsets has 2 entries)',
    );
  });
});
