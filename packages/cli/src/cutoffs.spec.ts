import { describe, expect, it } from 'vitest';
import { cutoffsOption } from './cutoffs.js';

const args = (k?: string) => ({ values: { k }, positionals: [] });

describe('cutoffsOption', () => {
  it('reads one cut-off, a comma list in its order, or the fallback', () => {
    expect(cutoffsOption(args(), 'k', 50)).toEqual([50]);
    expect(cutoffsOption(args('10'), 'k', 50)).toEqual([10]);
    expect(cutoffsOption(args('200,50,100'), 'k', 10)).toEqual([200, 50, 100]);
  });

  it('refuses anything but integers ≥ 1, and repeats, naming the flag', () => {
    expect(() => cutoffsOption(args('0'), 'k', 10)).toThrow('--k must be an integer in [1, ');
    for (const given of ['5,', ',5', '5,0', '5, 10', '5,1e2', '5,-1']) {
      expect(() => cutoffsOption(args(given), 'k', 10), given).toThrow(
        `--k must be integers ≥ 1 separated by commas (e.g. 50,100,200), got "${given}"`,
      );
    }
    expect(() => cutoffsOption(args('50,100,50'), 'k', 10)).toThrow('--k lists 50 twice: "50,100,50"');
  });
});
