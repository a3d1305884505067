import { describe, expect, it } from 'vitest';
import { linearScale, logScale, logTicks, niceTicks, xAxis, yAxis } from './axis.js';

describe('niceTicks', () => {
  it('covers the range with 1-2-5 steps', () => {
    const t = niceTicks(0, 0.62);
    expect(t.values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(t.domain).toEqual([0, 0.7]);
    expect(t.values.map(t.format)).toEqual(['0.0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7']);
    expect(niceTicks(0, 0.081, 4).values).toEqual([0, 0.02, 0.04, 0.06, 0.08, 0.1]);
    expect(niceTicks(1, 19).values).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks(1, 19).format(5)).toBe('5');
    expect(niceTicks(-0.3, 0.3).values).toContain(0);
  });

  it('widens a zero-width range and refuses non-finite bounds', () => {
    expect(niceTicks(0.5, 0.5).domain[0]).toBeLessThan(0.5);
    expect(niceTicks(0, 0).domain).toEqual([-1, 1]);
    expect(() => niceTicks(NaN, 1)).toThrow('niceTicks: needs finite min ≤ max, got NaN and 1');
    expect(() => niceTicks(2, 1)).toThrow(RangeError);
    expect(() => niceTicks(0, 1, 0)).toThrow('count must be an integer ≥ 1');
  });
});

describe('logTicks', () => {
  it('gives powers of ten, denser over a narrow range', () => {
    expect(logTicks(0.012, 41.3).values).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(logTicks(0.012, 41.3).values.map(logTicks(0.012, 41.3).format)).toEqual(['0.01', '0.1', '1', '10', '100']);
    expect(logTicks(2, 40).values).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks(3, 3).domain).toEqual([1, 10]);
    expect(() => logTicks(0, 1)).toThrow('logTicks: needs finite 0 < min ≤ max, got 0 and 1');
  });
});

describe('scales and axes', () => {
  it('maps linearly and logarithmically', () => {
    expect(linearScale([0, 1], [300, 20])(0.5)).toBe(160);
    expect(logScale([1, 100], [0, 200])(10)).toBeCloseTo(100);
  });

  it('draws ticks, grid and title', () => {
    const ticks = niceTicks(0, 1, 2);
    const scale = linearScale(ticks.domain, [0, 100]);
    const x = xAxis({ ticks, scale, at: 50, gridTo: 0, label: 'NDCG<10>', labelAt: 80 });
    expect(x.match(/class="tick"/g)).toHaveLength(3);
    expect(x).toContain('NDCG&lt;10&gt;');
    const y = yAxis({ ticks, scale, at: 10, gridTo: 200, label: 'loss', labelAt: 2 });
    expect(y).toContain('rotate(-90 2');
  });
});
