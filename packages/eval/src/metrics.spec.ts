import { describe, expect, it } from 'vitest';
import {
  auc,
  averagePrecision,
  hitRate,
  METRIC_NAMES,
  mrr,
  ndcg,
  precision,
  rankingMetrics,
  recall,
} from './metrics.js';
import { rankPositions } from './rank.js';

const p = (...positions: number[]) => Int32Array.from(positions);

describe('metrics, one relevant item', () => {
  it('position 2 of 100, K = 10', () => {
    const m = rankingMetrics(p(2), 1, 100, 10);
    expect(m.hr).toBe(1);
    expect(m.ndcg).toBeCloseTo(1 / Math.log2(4), 15); // 0.5
    expect(m.mrr).toBeCloseTo(1 / 3, 15);
    expect(m.precision).toBeCloseTo(1 / 10, 15);
    expect(m.recall).toBe(1);
    expect(m.auc).toBeCloseTo(97 / 99, 15); // 99 negatives, 2 above it
    expect(m.map).toBeCloseTo(1 / 3, 15);
    expect(Object.keys(m).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('position K is a miss; MRR and AUC still see it', () => {
    const m = rankingMetrics(p(10), 1, 100, 10);
    expect([m.hr, m.ndcg, m.precision, m.recall, m.map]).toEqual([0, 0, 0, 0, 0]);
    expect(m.mrr).toBeCloseTo(1 / 11, 15);
    expect(m.auc).toBeCloseTo(89 / 99, 15);
  });

  it('tied with 2 negatives → position 2: NDCG 0.5, HR@2 = 0, HR@3 = 1', () => {
    const positions = rankPositions([0.5], [0.1, 0.5, 0.2, 0.5]);
    expect(hitRate(positions, 1, 5, 2)).toBe(0);
    expect(hitRate(positions, 1, 5, 3)).toBe(1);
    expect(ndcg(positions, 1, 5, 3)).toBeCloseTo(0.5, 15);
    // AUC: 4 negatives, 2 tie (count as losses, not halves), 2 strictly below → 2/4.
    expect(auc(positions, 1, 5, 1)).toBe(0.5);
  });

  it('all scores equal: last place, AUC 0', () => {
    const positions = rankPositions([3], [3, 3, 3, 3]);
    expect(Array.from(positions)).toEqual([4]);
    expect(hitRate(positions, 1, 5, 4)).toBe(0);
    expect(hitRate(positions, 1, 5, 5)).toBe(1);
    expect(mrr(positions, 1, 5, 1)).toBe(1 / 5);
    expect(auc(positions, 1, 5, 1)).toBe(0);
  });

  it('AUC is 1 when there is no irrelevant candidate', () => {
    expect(auc(p(0), 1, 1, 1)).toBe(1);
    expect(auc(p(0, 1), 2, 2, 1)).toBe(1);
  });
});

describe('metrics, several relevant items', () => {
  it('R = 3 interleaved at [0, 2, 5] of N = 10, K = 3', () => {
    const positions = p(0, 2, 5);
    expect(hitRate(positions, 3, 10, 3)).toBe(1);
    expect(precision(positions, 3, 10, 3)).toBeCloseTo(2 / 3, 15); // hits 0 and 2
    expect(recall(positions, 3, 10, 3)).toBeCloseTo(2 / 3, 15);
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.1309297535714578
    expect(ndcg(positions, 3, 10, 3)).toBeCloseTo(1.5 / 2.1309297535714578, 14);
    expect(mrr(positions, 3, 10, 3)).toBe(1);
    // 7 negatives; above each: 0, 1, 3 → (7/7 + 6/7 + 4/7) / 3 = 17/21
    expect(auc(positions, 3, 10, 3)).toBeCloseTo(17 / 21, 15);
    // (1/min(3,3)) (1/1 + 2/3) = 5/9
    expect(averagePrecision(positions, 3, 10, 3)).toBeCloseTo(5 / 9, 15);
  });

  it('K < R: normalised by min(R, K)', () => {
    const positions = p(0, 1, 2, 3);
    const m = rankingMetrics(positions, 4, 6, 2);
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(0.5);
    expect(m.ndcg).toBeCloseTo(1, 15);
    expect(m.map).toBe(1);
    expect(m.auc).toBe(1);
  });

  it('R = 2 at [1, 4] of N = 6, K = 5 (from scores with a tie)', () => {
    // Relevant 0.8, 0.2; negatives 0.9, 0.5, 0.2, 0.1 → p_0 = 0 + 1, p_1 = 1 + 3 (the 0.2 tie counts).
    const positions = rankPositions([0.2, 0.8], [0.9, 0.5, 0.2, 0.1]);
    expect(Array.from(positions)).toEqual([1, 4]);
    const m = rankingMetrics(positions, 2, 6, 5);
    expect(m.hr).toBe(1);
    expect(m.precision).toBeCloseTo(2 / 5, 15);
    expect(m.recall).toBe(1);
    expect(m.ndcg).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(6)) / (1 + 1 / Math.log2(3)), 15);
    expect(m.mrr).toBe(0.5);
    // 4 negatives; above 0.8: 1 (0.9); at or above 0.2: 3 (0.9, 0.5, the tied 0.2) → (3/4 + 1/4) / 2 = 1/2
    expect(m.auc).toBe(0.5);
    // (1/2)(1/2 + 2/5) = 0.45
    expect(m.map).toBeCloseTo(0.45, 15);
  });
});

describe('argument checks', () => {
  it('rejects bad K, R, N and impossible positions', () => {
    expect(() => hitRate(p(0), 1, 5, 0)).toThrow(/k must be an integer ≥ 1/);
    expect(() => hitRate(p(0), 1, 5, 1.5)).toThrow(RangeError);
    expect(() => recall(p(), 0, 5, 1)).toThrow(/relevant items must be an integer ≥ 1/);
    expect(() => recall(p(0), 2, 5, 1)).toThrow(/1 positions for 2 relevant/);
    expect(() => ndcg(p(0, 1), 2, 1, 1)).toThrow(/candidates/);
    expect(() => mrr(p(5), 1, 5, 1)).toThrow(/impossible/); // p in [0, 4]
    expect(() => mrr(p(2, 1), 2, 5, 1)).toThrow(/impossible/); // not ascending
    expect(() => mrr(p(1, 1), 2, 5, 1)).toThrow(/impossible/); // p_1 < 1 + (p_0 − 0)
    expect(() => rankingMetrics(p(-1), 1, 5, 1)).toThrow(/impossible/);
  });
});

describe('positions must be integers', () => {
  it('refuses a fractional position (Float32Array.of(0.5) gave NDCG 0.756)', () => {
    const half = Float32Array.of(0.5) as unknown as Int32Array;
    expect(() => rankingMetrics(half, 1, 10, 10)).toThrow(/rankingMetrics: position 0 is 0.5, not an integer/);
    expect(() => ndcg(Float64Array.of(0, 1.5) as unknown as Int32Array, 2, 10, 10)).toThrow(/position 1 is 1.5/);
    expect(() => hitRate(Float64Array.of(NaN) as unknown as Int32Array, 1, 10, 10)).toThrow(/not an integer/);
    expect(rankingMetrics(Float32Array.of(0) as unknown as Int32Array, 1, 10, 10).ndcg).toBe(1);
  });
});
