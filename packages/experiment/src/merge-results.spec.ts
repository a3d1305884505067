import { describe, expect, it } from 'vitest';
import { synthetic } from '@recsys/data';
import { compare } from './compare.js';
import { mergeResults } from './merge-results.js';

const { interactions: data } = synthetic({ users: 50, items: 150, interactionsPerUser: 12, seed: 4 });
const settings = { data, models: ['itempop', 'ials'], ks: [5, 10], budget: 1 };

describe('mergeResults', () => {
  it('merges comparisons of different seeds into the comparison of all of them (but its paired tests)', async () => {
    const [both, one, two] = await Promise.all([
      compare({ ...settings, seeds: [1, 2] }),
      compare({ ...settings, seeds: [1] }),
      compare({ ...settings, seeds: [2] }),
    ]);
    const merged = mergeResults([two, one]);
    expect(merged.seeds).toEqual([1, 2]);
    expect(merged.runs.map((r) => [r.model, r.seed, r.metrics])).toEqual(
      both.runs.map((r) => [r.model, r.seed, r.metrics]),
    );
    const strip = (rows: typeof both.summary) => rows.map(({ paired: _paired, ...row }) => row);
    expect(strip(merged.summary)).toEqual(strip(both.summary));
    expect(merged.summary.some((row) => row.paired)).toBe(false);
    // A run present in both (the same model and seed, the same figures) is kept once.
    expect(mergeResults([one, both]).runs).toHaveLength(4);
  });

  it('refuses results of other settings, or the same model and seed with other figures', async () => {
    const one = await compare({ ...settings, seeds: [1] });
    const otherKs = await compare({ ...settings, ks: [10], seeds: [2] });
    expect(() => mergeResults([one, otherKs])).toThrow('result 2 differs from the first in ks ([10] against [5,10])');
    const changed = structuredClone(one);
    changed.runs[0]!.metrics.full!['hr@10'] = 0.5;
    expect(() => mergeResults([one, changed])).toThrow('itempop on seed 1 has different test figures in two results');
    expect(() => mergeResults([])).toThrow('no result to merge');
  });
});
