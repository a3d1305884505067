import type { TestNegatives } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import type { Scorer } from './scorer.js';
import { evaluateSampled } from './sampled.js';

/** A lookup-table scorer: table[user][item]. */
function tableScorer(table: number[][]): Scorer & { calls: number; maxBatch: number } {
  const scorer = {
    calls: 0,
    maxBatch: 0,
    score(users: Int32Array, items: Int32Array): Float32Array {
      scorer.calls++;
      scorer.maxBatch = Math.max(scorer.maxBatch, users.length);
      return Float32Array.from(users, (u, k) => table[u][items[k]]);
    },
  };
  return scorer;
}

//            item:   0    1    2    3    4
const table = [
  [0.0, 0.5, 0.9, 0.5, 0.1], // user 0
  [0.8, 0.0, 0.1, 0.2, 0.3], // user 1
  [0.1, 0.0, 0.0, 0.4, 0.0], // user 2
];

// Case 0: user 0, test item 1 (0.5) vs negatives 2 (0.9), 3 (0.5, tie), 4 (0.1) → p = 2, N = 4.
// Case 1: user 1, test item 0 (0.8) vs 2, 3, 4 (all lower) → p = 0, N = 4.
// Case 2: user 2, test item 3 (0.4) vs 3 (itself: a tie, counts against) and 0 (0.1) → p = 1, N = 3.
// Its cases list 3, 3 and 2 negatives, so the tests pass negativesPerCase: 'any'.
const negatives: TestNegatives = {
  users: Int32Array.of(0, 1, 2),
  positives: Int32Array.of(1, 0, 3),
  offsets: Int32Array.of(0, 3, 6, 8),
  items: Int32Array.of(2, 3, 4, 2, 3, 4, 3, 0),
};

describe('evaluateSampled', () => {
  it('computes the hand-worked example (K = 2)', async () => {
    const r = await evaluateSampled(tableScorer(table), negatives, { k: 2, negativesPerCase: 'any' });
    expect(r.protocol).toBe('sampled');
    expect(r.k).toBe(2);
    expect(r.users).toBe(3);
    expect(r.candidates).toBeCloseTo(11 / 3, 15); // (4 + 4 + 3) / 3
    expect(r.candidateRange).toEqual([3, 4]);
    expect(Array.from(r.perUser.users)).toEqual([0, 1, 2]);
    // HR@2: p = 2, 0, 1 → 0, 1, 1
    expect(Array.from(r.perUser.hr)).toEqual([0, 1, 1]);
    expect(r.metrics.hr).toBeCloseTo(2 / 3, 15);
    // NDCG@2: 0, 1, 1/log2(3) = 0.6309297535714575
    expect(r.perUser.ndcg[2]).toBeCloseTo(0.6309297535714575, 15);
    expect(r.metrics.ndcg).toBeCloseTo((1 + 0.6309297535714575) / 3, 15);
    // MRR: 1/3, 1, 1/2 → 11/18
    expect(r.metrics.mrr).toBeCloseTo(11 / 18, 15);
    // Precision@2: 0, 1/2, 1/2 → 1/3; recall@2 = HR with one relevant item.
    expect(r.metrics.precision).toBeCloseTo(1 / 3, 15);
    expect(r.metrics.recall).toBeCloseTo(2 / 3, 15);
    // AUC: (3 − 2)/3, 3/3, (2 − 1)/2 → (1/3 + 1 + 1/2)/3 = 11/18
    expect(Array.from(r.perUser.auc)).toEqual([1 / 3, 1, 0.5]);
    expect(r.metrics.auc).toBeCloseTo(11 / 18, 15);
    // MAP@2: 0, 1, 1/2 → 1/2
    expect(r.metrics.map).toBeCloseTo(0.5, 15);
    // CI of HR over (0, 1, 1): 2/3 ± 1.96·√(1/3)/√3 = 2/3 ± 1.96/3
    expect(r.ci95.hr[0]).toBeCloseTo(2 / 3 - 1.96 / 3, 14);
    expect(r.ci95.hr[1]).toBeCloseTo(2 / 3 + 1.96 / 3, 14);
    expect(r.seconds).toBeGreaterThanOrEqual(0);
  });

  it('gives the same numbers for every batch size, never exceeding it', async () => {
    const reference = await evaluateSampled(tableScorer(table), negatives, { k: 2, negativesPerCase: 'any' });
    for (const batchSize of [1, 2, 3, 4, 5, 7, 11, 64]) {
      const scorer = tableScorer(table);
      const progress: number[] = [];
      const r = await evaluateSampled(scorer, negatives, {
        k: 2,
        batchSize,
        negativesPerCase: 'any',
        onProgress: (d) => progress.push(d),
      });
      expect(r.perUser).toEqual(reference.perUser);
      expect(r.metrics).toEqual(reference.metrics);
      expect(scorer.maxBatch).toBeLessThanOrEqual(batchSize);
      expect(scorer.calls).toBe(Math.ceil(11 / batchSize)); // 11 pairs in all
      expect(progress.at(-1)).toBe(11);
    }
  });

  it('counts a duplicated negative twice', async () => {
    // User 0, test item 1 (0.5) vs [2, 2] (0.9 twice) → p = 2.
    const dup: TestNegatives = {
      users: Int32Array.of(0),
      positives: Int32Array.of(1),
      offsets: Int32Array.of(0, 2),
      items: Int32Array.of(2, 2),
    };
    const r = await evaluateSampled(tableScorer(table), dup, { k: 2 });
    expect(r.perUser.mrr[0]).toBe(1 / 3);
    expect(r.candidates).toBe(3);
    // One case: the interval collapses to the mean.
    expect(r.ci95.mrr).toEqual([1 / 3, 1 / 3]);
  });

  it('refuses a case without negatives, even when unequal counts are allowed', async () => {
    // A heads-only negatives file used to give HR = NDCG = AUC = 1.
    const none: TestNegatives = {
      users: Int32Array.of(1, 2),
      positives: Int32Array.of(4, 3),
      offsets: Int32Array.of(0, 1, 1),
      items: Int32Array.of(0),
    };
    for (const negativesPerCase of ['equal', 'any'] as const) {
      await expect(evaluateSampled(tableScorer(table), none, { negativesPerCase })).rejects.toThrow(
        '1 of 2 cases have no negatives (first: case 1, user 2, 0 negatives)',
      );
    }
  });

  it('refuses unequal numbers of negatives unless told to rank them as listed', async () => {
    // Cutting some cases' negatives short raised HR@10 from 0.36 to 0.66 in a probe: the metric changed meaning.
    await expect(evaluateSampled(tableScorer(table), negatives)).rejects.toThrow(
      '1 of 3 cases do not list the usual 3 negatives (from 2 to 3; first: case 2, user 2, 2 negatives)',
    );
    const r = await evaluateSampled(tableScorer(table), negatives, { negativesPerCase: 'any' });
    expect(r.candidateRange).toEqual([3, 4]);
    await expect(evaluateSampled(tableScorer(table), negatives, { negativesPerCase: 'some' as 'any' })).rejects.toThrow(
      /negativesPerCase must be/,
    );
  });

  it('awaits an asynchronous scorer', async () => {
    const sync = tableScorer(table);
    const scorer: Scorer = { score: async (u, i) => sync.score(u, i) };
    const r = await evaluateSampled(scorer, negatives, { k: 2, batchSize: 3, negativesPerCase: 'any' });
    expect(r.metrics).toEqual(
      (await evaluateSampled(tableScorer(table), negatives, { k: 2, negativesPerCase: 'any' })).metrics,
    );
  });

  it('reports a NaN score with its user and item', async () => {
    const bad = table.map((row) => row.slice());
    bad[1][3] = NaN;
    await expect(evaluateSampled(tableScorer(bad), negatives, { negativesPerCase: 'any' })).rejects.toThrow(
      /NaN for user 1, item 3/,
    );
  });

  it('reports a scorer answering with the wrong length', async () => {
    const scorer: Scorer = { score: (u) => new Float32Array(u.length + 1) };
    await expect(evaluateSampled(scorer, negatives, { negativesPerCase: 'any' })).rejects.toThrow(
      /returned 12 scores for 11/,
    );
  });

  it('rejects bad options and malformed or empty negatives', async () => {
    const s = tableScorer(table);
    await expect(evaluateSampled(s, negatives, { k: 0 })).rejects.toThrow(/k must be an integer ≥ 1/);
    await expect(evaluateSampled(s, negatives, { batchSize: 0 })).rejects.toThrow(/batchSize/);
    const empty: TestNegatives = {
      users: new Int32Array(0),
      positives: new Int32Array(0),
      offsets: Int32Array.of(0),
      items: new Int32Array(0),
    };
    await expect(evaluateSampled(s, empty)).rejects.toThrow(/no test cases/);
    await expect(evaluateSampled(s, { ...negatives, offsets: Int32Array.of(0, 3, 6, 7) })).rejects.toThrow(
      /offsets end at 7 but there are 8/,
    );
    await expect(evaluateSampled(s, { ...negatives, offsets: Int32Array.of(0, 3, 8) })).rejects.toThrow(/length/);
    await expect(evaluateSampled(s, { ...negatives, offsets: Int32Array.of(0, 6, 3, 8) })).rejects.toThrow(/decrease/);
    await expect(evaluateSampled(s, { ...negatives, positives: Int32Array.of(1, 0) })).rejects.toThrow(/positives/);
    await expect(evaluateSampled(s, { ...negatives, positives: Int32Array.of(1, -1, 3) })).rejects.toThrow(
      /item index -1/,
    );
  });

  it('refuses unknown option keys', async () => {
    const s = tableScorer(table);
    await expect(evaluateSampled(s, negatives, { negatives: 'any' } as never)).rejects.toThrow(
      'evaluateSampled has no option "negatives" (its options: k, batchSize, onProgress, negativesPerCase)',
    );
    await expect(evaluateSampled(s, negatives, 'k' as never)).rejects.toThrow(/options must be an object/);
  });
});
