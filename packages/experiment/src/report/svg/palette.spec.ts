import { describe, expect, it } from 'vitest';
import { PALETTE, seriesStyle } from './palette.js';

describe('seriesStyle', () => {
  it('gives 12 distinct styles', () => {
    const styles = Array.from({ length: 12 }, (_, i) => JSON.stringify(seriesStyle(i)));
    expect(new Set(styles).size).toBe(12);
    expect(seriesStyle(PALETTE.length).dash).toBe('6 3');
    expect(() => seriesStyle(-1)).toThrow('seriesStyle: i must be an integer ≥ 0, got -1');
  });
});
