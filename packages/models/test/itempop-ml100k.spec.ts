import { leaveOneOut, loadInteractions, sampleTestNegatives } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test-utils/shared-data.js';
import { ItemPop } from '../src/item-pop.js';

const path = sharedData('ml-100k', 'u.data');

describe.skipIf(!path)('ItemPop on MovieLens-100K (the DMF paper protocol)', () => {
  it('reaches the published ItemPop row: HR@10 ≈ 0.406, NDCG@10 ≈ 0.231 with sampled negatives', async () => {
    const { interactions } = await loadInteractions(path!, { format: 'movielens' });
    const { train, test } = leaveOneOut(interactions);
    expect(test.size).toBe(943);
    const model = new ItemPop();
    await model.fit(train);
    const negatives = sampleTestNegatives(interactions, test, { count: 99, seed: 1 });
    const sampled = await evaluateSampled(model, negatives, { k: 10 });
    // Measured 0.409 / 0.233 (seed 1); the paper's row lies inside the 95% CI of ±0.031.
    expect(sampled.metrics.hr).toBeGreaterThan(0.37);
    expect(sampled.metrics.hr).toBeLessThan(0.44);
    expect(sampled.metrics.ndcg).toBeGreaterThan(0.2);
    expect(sampled.metrics.ndcg).toBeLessThan(0.26);
    expect(sampled.ci95.hr[0]).toBeLessThan(0.406);
    expect(sampled.ci95.hr[1]).toBeGreaterThan(0.406);
    // Against the whole catalogue the same model ranks far worse: sampled metrics flatter.
    const full = await evaluateFullRanking(model, train, test, { k: 10 });
    expect(full.metrics.hr).toBeLessThan(sampled.metrics.hr / 2);
  });
});
