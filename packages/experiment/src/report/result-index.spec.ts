import { describe, expect, it } from 'vitest';
import { comparisonFixture } from './fixture.js';
import { ResultIndex } from './result-index.js';

describe('ResultIndex', () => {
  it('lists models in run order, without the skipped one', () => {
    const index = new ResultIndex(comparisonFixture());
    expect(index.models).toEqual(['itempop', 'bpr-mf', 'ease', 'gmf', 'mlp', 'neumf', '<script>alert(1)</script>']);
  });

  it('finds the best of a column from the summary, and the significantly worse', () => {
    const index = new ResultIndex(comparisonFixture());
    expect(index.best('sampled', 'hr@10')).toEqual(['ease']);
    expect(index.best('full', 'coverage@10')).toEqual(['<script>alert(1)</script>']);
    expect(index.significantlyWorse('itempop', 'sampled', 'hr@10')).toBe(true);
    // neumf is 0.005 behind ease: t ≈ 0.62, not significant.
    expect(index.significantlyWorse('neumf', 'sampled', 'hr@10')).toBe(false);
    expect(index.significantlyWorse('ease', 'sampled', 'hr@10')).toBe(false);
  });

  it('orders metric keys by metric, then K', () => {
    const index = new ResultIndex(comparisonFixture());
    expect(index.metrics('sampled')).toEqual([
      'hr@5',
      'hr@10',
      'hr@20',
      'ndcg@5',
      'ndcg@10',
      'ndcg@20',
      'mrr',
      'recall@5',
      'recall@10',
      'recall@20',
      'precision@5',
      'precision@10',
      'precision@20',
      'auc',
    ]);
    expect(index.metrics('full')).toContain('coverage@20');
  });

  it('treats non-finite means as missing and says which model lacks a protocol', () => {
    const result = comparisonFixture();
    result.summary = result.summary.filter((s) => !(s.model === 'gmf' && s.protocol === 'full'));
    for (const s of result.summary) if (s.model === 'mlp' && s.metric === 'hr@10') s.mean = NaN;
    const index = new ResultIndex(result);
    expect(index.summary('mlp', 'sampled', 'hr@10')).toBeUndefined();
    expect(index.missing()).toEqual(['gmf: no full results']);
  });

  it('picks the headline K and chart metric', () => {
    const result = comparisonFixture();
    expect(new ResultIndex(result).headlineK()).toBe(10);
    expect(new ResultIndex(result).chartMetric()).toBe('ndcg@10');
    result.ks = [5, 20];
    expect(new ResultIndex(result).headlineK()).toBe(5);
    expect(new ResultIndex(result).chartMetric()).toBe('ndcg@5');
  });

  it('averages fit seconds and keeps curves of the runs that have them', () => {
    const index = new ResultIndex(comparisonFixture());
    // ease's fit seconds are 2.1 × (1 ± 0.06·offset), offsets −1, 0, +1 → mean 2.1.
    expect(index.meanFitSeconds('ease')).toBeCloseTo(2.1, 6);
    expect(index.curves('gmf')).toHaveLength(3);
    expect(index.curves('ease')).toEqual([]);
    expect(index.meanFitSeconds('nobody')).toBeUndefined();
  });
});
