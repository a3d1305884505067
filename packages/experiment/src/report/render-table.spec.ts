import { describe, expect, it } from 'vitest';
import { displayWidth } from './display-width.js';
import { comparisonFixture, T975 } from './fixture.js';
import { renderTable } from './render-table.js';

describe('renderTable', () => {
  const text = renderTable(comparisonFixture());
  const lines = text.split('\n');
  const row = (model: string) => lines.find((l) => l.startsWith(model + ' '))!;

  it('has a row per model and the default columns', () => {
    for (const model of ['itempop', 'bpr-mf', 'ease', 'gmf', 'mlp', 'neumf', '<script>alert(1)</script>']) {
      expect(row(model)).toBeDefined();
    }
    expect(lines[2]).toMatch(/^model +HR@10 sampled +NDCG@10 sampled +HR@10 full +NDCG@10 full +fit$/);
  });

  it('shows mean ± CI half-width computed by hand, and marks the best and the significantly worse', () => {
    // ease, sampled HR@10: seeds 0.61, 0.62, 0.63 → mean 0.620, sd 0.01, half-width t(2) · 0.01 / √3 = 0.0248.
    expect((T975[2]! * 0.01) / Math.sqrt(3)).toBeCloseTo(0.02484, 5);
    expect(row('ease')).toContain('0.620 ± 0.025 *');
    // itempop, full HR@10: 0.04 ± 0.002 per seed → 0.040 ± 0.005 (t(2) · 0.002 / √3 = 0.00497), far below ease.
    expect(row('itempop')).toContain('0.040 ± 0.005 †');
    // neumf is close to ease on sampled HR@10 (0.615): not significant, so unmarked.
    expect(row('neumf')).toMatch(/0\.615 ± 0\.025 {3}/);
    expect(row('ease')).toContain('2.10 s');
  });

  it('aligns columns by display width', () => {
    const table = lines.slice(2, 11);
    const widths = new Set(table.map((l) => displayWidth(l.trimEnd())));
    // Every row ends with the fit column, right-aligned: all the same width.
    expect(widths.size).toBe(1);
  });

  it('ends with the legend, then the skipped models and their reasons', () => {
    expect(text).toContain('* best mean of the column; † below the best at p < 0.05');
    expect(text).toContain('skipped: slim: the 1682 × 1682 item-item solve needs 2.3 GB');
  });

  it('renders chosen columns and decimals, and names what is missing', () => {
    const result = comparisonFixture();
    result.summary = result.summary.filter((s) => !(s.model === 'gmf' && s.protocol === 'full'));
    const custom = renderTable(result, { columns: [{ protocol: 'full', metric: 'recall@20' }], decimals: 4 });
    expect(custom.split('\n')[2]).toMatch(/^model +Recall@20 full +fit$/);
    expect(custom).toMatch(/gmf +n\/a/);
    expect(custom).toContain('missing: gmf: no full results');
    expect(custom).not.toContain('NaN');
  });

  it('escapes control characters in names', () => {
    const result = comparisonFixture();
    for (const r of result.summary) if (r.model === 'mlp') r.model = 'ml\np';
    for (const r of result.runs) if (r.model === 'mlp') r.model = 'ml\np';
    expect(renderTable(result)).toContain('ml\\u{a}p');
  });

  it('refuses bad input, naming the function and the value', () => {
    const result = comparisonFixture();
    expect(() => renderTable({ ...result, format: 'x' } as never)).toThrow(
      'renderTable: format must be "recsys-comparison", got "x"',
    );
    expect(() => renderTable(result, { decimal: 2 } as never)).toThrow('renderTable has no option "decimal"');
    expect(() => renderTable(result, { decimals: -1 })).toThrow(
      'renderTable: decimals must be an integer in [0, 10], got -1',
    );
    expect(() => renderTable(result, { columns: [{ protocol: 'full', metric: 'ndcg@15' }] })).toThrow(
      'renderTable: no model has "ndcg@15" under full (there: hr@5,',
    );
    expect(() => renderTable(null as never)).toThrow('renderTable: expected a comparison result, got null');
  });
});
