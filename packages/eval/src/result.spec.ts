import { describe, expect, it } from 'vitest';
import { MetricsCollector } from './result.js';

describe('MetricsCollector', () => {
  it('collects per-case values in case order and summarises them', () => {
    const c = new MetricsCollector(3, 2);
    // Recorded out of order: case 2 first.
    c.record(2, 9, Int32Array.of(0), 1, 5); // hit
    c.record(0, 4, Int32Array.of(3), 1, 5); // miss
    c.record(1, 4, Int32Array.of(1, 4), 2, 8); // one of two in the top 2
    const r = c.result('full', 1.5);
    expect(r.protocol).toBe('full');
    expect(r.k).toBe(2);
    expect(r.users).toBe(3);
    expect(r.seconds).toBe(1.5);
    expect(r.candidates).toBe(6); // (5 + 8 + 5) / 3
    expect(Array.from(r.perUser.users)).toEqual([4, 4, 9]);
    expect(Array.from(r.perUser.hr)).toEqual([0, 1, 1]);
    expect(Array.from(r.perUser.recall)).toEqual([0, 0.5, 1]);
    expect(r.metrics.hr).toBeCloseTo(2 / 3, 15);
    expect(r.metrics.recall).toBeCloseTo(0.5, 15);
    // HR sample (0, 1, 1): s = √(1/3), half = 1.96·√(1/3)/√3 = 1.96/3
    expect(r.ci95.hr[0]).toBeCloseTo(2 / 3 - 1.96 / 3, 14);
    expect(r.ci95.hr[1]).toBeCloseTo(2 / 3 + 1.96 / 3, 14);
  });

  it('rejects missing, repeated and out-of-range cases', () => {
    const c = new MetricsCollector(2, 1);
    c.record(0, 0, Int32Array.of(0), 1, 2);
    expect(() => c.record(0, 0, Int32Array.of(0), 1, 2)).toThrow(/twice/);
    expect(() => c.record(2, 0, Int32Array.of(0), 1, 2)).toThrow(/outside/);
    expect(() => c.result('sampled', 0)).toThrow(/1 of 2 cases not recorded/);
  });
});

describe('MetricsCollector constructor', () => {
  it('refuses cases and k that are not integers ≥ 1, naming MetricsCollector', () => {
    expect(() => new MetricsCollector(1.5, 10)).toThrow('MetricsCollector: cases must be an integer ≥ 1 (got 1.5)');
    expect(() => new MetricsCollector(-1, 10)).toThrow(/MetricsCollector: cases .* \(got -1\)/);
    // Zero cases failed only at result() with "mean: no values".
    expect(() => new MetricsCollector(0, 10)).toThrow(/MetricsCollector: cases/);
    expect(() => new MetricsCollector(1, 0)).toThrow('MetricsCollector: k must be an integer ≥ 1 (got 0)');
    expect(() => new MetricsCollector(1, NaN)).toThrow(RangeError);
    expect(() => new MetricsCollector(1, 1)).not.toThrow();
  });
});
