import { describe, expect, it } from 'vitest';
import { comparisonCharts } from './comparison-charts.js';
import { comparisonFixture } from './fixture.js';
import { ResultIndex } from './result-index.js';

describe('comparisonCharts', () => {
  it('makes a chart per protocol, then sampled vs full, time and curves', () => {
    const charts = comparisonCharts(new ResultIndex(comparisonFixture()), 'hr@10');
    expect(charts.map((c) => [c.title, c.wide])).toEqual([
      ['HR@10, sampled', false],
      ['HR@10, full ranking', false],
      ['HR@10: sampled against full ranking', true],
      ['HR@10 against training time', false],
      ['Validation curves', false],
    ]);
    expect(charts.every((c) => c.svg?.startsWith('<svg'))).toBe(true);
  });

  it('sorts bars best first and ranks each protocol', () => {
    const [sampled, , both] = comparisonCharts(new ResultIndex(comparisonFixture()), 'ndcg@10');
    const labels = [...sampled!.svg!.matchAll(/class="label"><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(labels.slice(0, 3)).toEqual(['ease', 'neumf', 'bpr-mf']);
    // gmf: 4th under sampled, 2nd under full ranking.
    expect(both!.svg).toContain('<title>gmf: NDCG@10 0.3135 (sampled), rank 4</title>');
    expect(both!.svg).toMatch(/<title>gmf: NDCG@10 0\.037\d \(full ranking\), rank 2<\/title>/);
    expect(both!.caption).toContain('2 of 7 models change rank.');
  });

  it('averages curves over the seeds that reached each epoch', () => {
    const result = comparisonFixture();
    const gmf = result.runs.filter((r) => r.model === 'gmf');
    gmf[0]!.curve = [0.1, 0.2];
    gmf[1]!.curve = [0.3, 0.4, 0.5];
    gmf[2]!.curve = [0.2];
    const curves = comparisonCharts(new ResultIndex(result), 'ndcg@10')[4]!.svg!;
    expect(curves).toContain('<title>gmf, epoch 1: 0.2000 (mean of 3 runs)</title>');
    expect(curves).toContain('<title>gmf, epoch 2: 0.3000 (mean of 2 runs)</title>');
    expect(curves).toContain('<title>gmf, epoch 3: 0.5000 (mean of 1 run)</title>');
  });
});
