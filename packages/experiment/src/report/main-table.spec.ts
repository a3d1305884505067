import { describe, expect, it } from 'vitest';
import { comparisonFixture } from './fixture.js';
import { defaultColumns, mainTable } from './main-table.js';
import { ResultIndex } from './result-index.js';

describe('defaultColumns', () => {
  it('takes HR and NDCG at K = 10 for each protocol present', () => {
    expect(defaultColumns(new ResultIndex(comparisonFixture()))).toEqual([
      { protocol: 'sampled', metric: 'hr@10' },
      { protocol: 'sampled', metric: 'ndcg@10' },
      { protocol: 'full', metric: 'hr@10' },
      { protocol: 'full', metric: 'ndcg@10' },
    ]);
    const full = comparisonFixture();
    full.protocols = ['full'];
    full.summary = full.summary.filter((s) => s.protocol === 'full');
    expect(defaultColumns(new ResultIndex(full)).map((c) => c.protocol)).toEqual(['full', 'full']);
  });
});

describe('mainTable', () => {
  it('writes mean ± half-width with marks, the mean alone for one seed, n/a when missing', () => {
    const result = comparisonFixture();
    const neumf = result.summary.find((s) => s.model === 'neumf' && s.protocol === 'sampled' && s.metric === 'hr@10')!;
    [neumf.ci95, neumf.values] = [[neumf.mean, neumf.mean], [neumf.mean]]; // as for one seed
    const ease = result.summary.find((s) => s.model === 'ease' && s.protocol === 'sampled' && s.metric === 'ndcg@10')!;
    Object.assign(ease, { mean: 0.3, ci95: [0.3, 0.3], values: [0.3, 0.3, 0.3] }); // seeds that agree exactly
    result.summary = result.summary.filter(
      (s) => !(s.model === 'mlp' && s.metric === 'hr@10' && s.protocol === 'sampled'),
    );
    const table = mainTable(new ResultIndex(result), [{ protocol: 'sampled', metric: 'hr@10' }], 3);
    const cell = (model: string) => table.rows.find((r) => r.model === model)!.cells[0]!;
    expect(table.headers).toEqual(['HR@10 sampled']);
    expect(cell('ease')).toEqual({ text: '0.620 ± 0.025', best: true, worse: false });
    expect(cell('itempop')).toEqual({ text: '0.400 ± 0.025', best: false, worse: true });
    expect(cell('neumf').text).toBe('0.615');
    const ndcg = mainTable(new ResultIndex(result), [{ protocol: 'sampled', metric: 'ndcg@10' }], 3);
    expect(ndcg.rows.find((r) => r.model === 'ease')!.cells[0]!.text).toBe('0.300 ± 0.000');
    expect(cell('mlp')).toEqual({ text: 'n/a', best: false, worse: false });
    expect(table.rows.find((r) => r.model === 'ease')!.fitSeconds).toBe('2.10 s');
  });
});
