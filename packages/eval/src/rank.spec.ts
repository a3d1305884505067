import { Random } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { RelevantRanking, rankPositions } from './rank.js';

/** Reference: sort all candidates by score descending, irrelevant before relevant on ties; read off positions. */
function bruteForce(relevant: number[], irrelevant: number[]): number[] {
  const all = [...relevant.map((s) => ({ s, rel: 1 })), ...irrelevant.map((s) => ({ s, rel: 0 }))];
  all.sort((a, b) => b.s - a.s || a.rel - b.rel);
  return all.flatMap((c, p) => (c.rel ? [p] : []));
}

describe('rankPositions', () => {
  it('counts ties against the test item: tied with 2 negatives → position 2', () => {
    expect(Array.from(rankPositions([0.5], [0.1, 0.5, 0.2, 0.5]))).toEqual([2]);
  });

  it('puts a single relevant item last when all scores are equal', () => {
    expect(Array.from(rankPositions([1], [1, 1, 1, 1]))).toEqual([4]);
  });

  it('gives tied relevant items consecutive positions after all tied negatives', () => {
    // s = [1, 1]; 3 negatives ≥ 1 each: p_0 = 0 + 3, p_1 = 1 + 3.
    expect(Array.from(rankPositions([1, 1], [1, 1, 1]))).toEqual([3, 4]);
  });

  it('interleaves several relevant items', () => {
    // Relevant sorted: 0.8, 0.6, 0.3. Negatives ≥ 0.8: {0.9} → 1; ≥ 0.6: {0.9, 0.7, 0.6} → 3; ≥ 0.3: 5.
    // p = [0+1, 1+3, 2+5] = [1, 4, 7]. Full order: .9 R.8 .7 .6 R.6 .5 .3 R.3 .1
    expect(Array.from(rankPositions([0.3, 0.8, 0.6], [0.9, 0.7, 0.6, 0.5, 0.3, 0.1]))).toEqual([1, 4, 7]);
  });

  it('treats -0 and +0 as a tie', () => {
    expect(Array.from(rankPositions([0], [-0]))).toEqual([1]);
    expect(Array.from(rankPositions([-0], [0]))).toEqual([1]);
  });

  it('matches a brute-force sort on random scores with many ties', () => {
    const random = new Random(7);
    for (let trial = 0; trial < 200; trial++) {
      const relevant = Array.from({ length: 1 + random.int(5) }, () => random.int(6) / 5);
      const irrelevant = Array.from({ length: random.int(20) }, () => random.int(6) / 5);
      expect(Array.from(rankPositions(relevant, irrelevant))).toEqual(bruteForce(relevant, irrelevant));
    }
  });

  it('rejects NaN and an empty relevant set', () => {
    expect(() => rankPositions([NaN], [1])).toThrow(RangeError);
    expect(() => rankPositions([1], [NaN])).toThrow(RangeError);
    expect(() => rankPositions([], [1])).toThrow(RangeError);
  });
});

describe('RelevantRanking', () => {
  it('add and addAll agree, also over a sub-range', () => {
    const scores = Float32Array.of(9, 0.5, 0.25, 0.75, 0.5, 9);
    const a = new RelevantRanking([0.5, 0.25]);
    for (let k = 1; k < 5; k++) a.add(scores[k]);
    const b = new RelevantRanking([0.5, 0.25]);
    b.addAll(scores, 1, 5);
    expect(Array.from(a.positions())).toEqual(Array.from(b.positions()));
    // ≥ 0.5: {0.5, 0.75, 0.5} → 3; ≥ 0.25: 4. p = [3, 5].
    expect(Array.from(b.positions())).toEqual([3, 5]);
    expect(b.candidates).toBe(6);
    expect(b.relevantCount).toBe(2);
  });

  it('single relevant fast path counts ties', () => {
    const r = new RelevantRanking([0.5]);
    r.addAll(Float32Array.of(0.9, 0.5, 0.5, 0.1));
    expect(Array.from(r.positions())).toEqual([3]);
    expect(r.candidates).toBe(5);
  });
});

describe('RelevantRanking argument checks', () => {
  it('refuses a NaN or non-number score in add, and a NaN in addAll', () => {
    const r = new RelevantRanking(Float64Array.of(0.5));
    expect(() => r.add(NaN)).toThrow(/RelevantRanking.add: score must be a number, not NaN \(got NaN\)/);
    expect(() => r.add('1' as unknown as number)).toThrow(RangeError);
    expect(() => r.addAll(Float32Array.of(0.1, NaN))).toThrow(/score 1 is NaN/);
    const several = new RelevantRanking(Float64Array.of(0.5, 0.2));
    expect(() => several.addAll(Float32Array.of(NaN))).toThrow(/NaN/);
    expect(r.candidates).toBe(1); // nothing was counted by the refused calls before the NaN
  });

  it('refuses ranges outside the scores or not integer (they counted phantom candidates)', () => {
    const scores = Float32Array.of(0.9, 0.1);
    for (const [start, end] of [
      [2, 0],
      [0, 10],
      [0.5, 2],
      [-1, 1],
      [0, NaN],
    ]) {
      const r = new RelevantRanking(Float64Array.of(0.5));
      expect(() => r.addAll(scores, start, end)).toThrow(/RelevantRanking.addAll: range .* within \[0, 2\]/);
      expect(r.candidates).toBe(1);
    }
    const r = new RelevantRanking(Float64Array.of(0.5));
    r.addAll(scores, 1, 2);
    r.addAll(scores, 2, 2);
    expect(r.candidates).toBe(2);
    expect(Array.from(r.positions())).toEqual([0]);
  });
});
