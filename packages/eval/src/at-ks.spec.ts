import { Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { evaluateAtKs } from './at-ks.js';
import { evaluateFullRanking } from './full-ranking.js';
import { evaluateHoldout } from './holdout.js';
import type { EvaluationResult } from './result.js';
import type { Scorer } from './scorer.js';

/** A scorer that counts its calls and the pairs it scored, reusing one output buffer as the Scorer contract allows. */
function countingScorer(): Scorer & { calls: number; pairs: number } {
  let buffer = new Float32Array(0);
  const scorer = {
    calls: 0,
    pairs: 0,
    score(users: Int32Array, items: Int32Array) {
      scorer.calls++;
      scorer.pairs += users.length;
      if (buffer.length < users.length) buffer = new Float32Array(users.length);
      for (let k = 0; k < users.length; k++) buffer[k] = ((users[k]! * 31 + items[k]! * 17) % 23) / 23;
      return buffer.subarray(0, users.length);
    },
  };
  return scorer;
}

describe('evaluateAtKs', () => {
  // 30 users × 40 items, two training and two test items each.
  const users: number[] = [];
  const items: number[] = [];
  const testUsers: number[] = [];
  const testItems: number[] = [];
  for (let u = 0; u < 30; u++) {
    users.push(u, u);
    items.push(u % 40, (u + 7) % 40);
    testUsers.push(u, u);
    testItems.push((u + 13) % 40, (u + 21) % 40);
  }
  const train = Interactions.fromColumns(
    { users: Int32Array.from(users), items: Int32Array.from(items) },
    { numUsers: 30, numItems: 40 },
  );
  const test = Interactions.fromColumns(
    { users: Int32Array.from(testUsers), items: Int32Array.from(testItems) },
    train.sameSpace(),
  );
  const ks = [5, 10, 20];

  it('scores each batch once for every K, with the results of separate runs, in the order of ks', async () => {
    const alone = countingScorer();
    const separate: EvaluationResult[] = [];
    for (const k of ks) separate.push(await evaluateFullRanking(alone, train, test, { k, batchSize: 100 }));
    const shared = countingScorer();
    const together = await evaluateAtKs(shared, ks, (scorer, k) =>
      evaluateFullRanking(scorer, train, test, { k, batchSize: 100 }),
    );
    // One pass: as many calls and pairs as one separate run (30 users × 40 − 2 train items = 1140 pairs).
    expect(shared.calls).toBe(alone.calls / ks.length);
    expect(shared.calls).toBe(Math.ceil(1140 / 100));
    expect(shared.pairs).toBe(1140);
    expect(together.map((r) => r.k)).toEqual(ks);
    together.forEach((result, c) => {
      expect(result.metrics).toEqual(separate[c]!.metrics);
      expect(result.ci95).toEqual(separate[c]!.ci95);
      expect(result.perUser).toEqual(separate[c]!.perUser);
    });
  });

  it('passes each evaluation its index, so that one alone reports progress', async () => {
    const progress: number[] = [];
    const indices: number[] = [];
    const results = await evaluateAtKs(countingScorer(), ks, (scorer, k, index) => {
      indices.push(index);
      return evaluateHoldout(scorer, train, test, {
        k,
        batchSize: 300,
        ...(index === 0 && { onProgress: (done: number) => progress.push(done) }),
      });
    });
    expect(indices).toEqual([0, 1, 2]);
    expect(progress).toEqual([300, 600, 900, 1140]);
    expect(results.map((r) => r.protocol)).toEqual(['holdout', 'holdout', 'holdout']);
  });

  it('stops the other evaluations when one fails, and throws the first failure', async () => {
    const scorer = countingScorer();
    const run = evaluateAtKs(scorer, ks, async (shared, k, index) => {
      if (index === 1) throw new Error('boom at K = 10');
      return evaluateFullRanking(shared, train, test, { k, batchSize: 10 });
    });
    await expect(run).rejects.toThrow('boom at K = 10');
    // 114 batches in a full pass: the others stopped after the first one (scored before the failure was seen).
    expect(scorer.calls).toBeLessThanOrEqual(1);
  });

  it('refuses bad cut-offs, a scorer without score and an evaluate that is not a function', async () => {
    const evaluate = (scorer: Scorer, k: number) => evaluateFullRanking(scorer, train, test, { k });
    await expect(evaluateAtKs(countingScorer(), [], evaluate)).rejects.toThrow('evaluateAtKs: ks is empty');
    await expect(evaluateAtKs(countingScorer(), [10, 0], evaluate)).rejects.toThrow(
      'evaluateAtKs: ks[1] must be an integer ≥ 1 (got 0)',
    );
    await expect(evaluateAtKs(countingScorer(), [10, 10], evaluate)).rejects.toThrow(/K = 10 twice/);
    await expect(evaluateAtKs(countingScorer(), 10 as unknown as number[], evaluate)).rejects.toThrow(TypeError);
    await expect(evaluateAtKs({} as Scorer, ks, evaluate)).rejects.toThrow(/scorer must have a score method/);
    await expect(evaluateAtKs(countingScorer(), ks, undefined as never)).rejects.toThrow(/evaluate must be a function/);
  });

  it('runs a single K straight through', async () => {
    const scorer = countingScorer();
    const [only] = await evaluateAtKs(scorer, [10], (s, k) => evaluateFullRanking(s, train, test, { k }));
    expect(only!.metrics).toEqual((await evaluateFullRanking(countingScorer(), train, test)).metrics);
  });
});
