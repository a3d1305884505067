import { IdMap, Interactions, Random } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { evaluateFullRanking } from './full-ranking.js';
import { evaluateHoldout } from './holdout.js';
import { METRIC_NAMES, rankingMetrics } from './metrics.js';
import type { Scorer } from './scorer.js';

const log = (pairs: Array<[number, number]>, numUsers: number, numItems: number) =>
  Interactions.fromColumns(
    { users: Int32Array.from(pairs, (p) => p[0]), items: Int32Array.from(pairs, (p) => p[1]) },
    { numUsers, numItems },
  );

/** A scorer from a function, recording every pair and the largest batch it was given. */
function recordingScorer(f: (u: number, i: number) => number) {
  const pairs: Array<[number, number]> = [];
  let maxBatch = 0;
  const scorer: Scorer = {
    score(users, items) {
      maxBatch = Math.max(maxBatch, users.length);
      for (let k = 0; k < users.length; k++) pairs.push([users[k], items[k]]);
      return Float32Array.from(users, (u, k) => f(u, items[k]));
    },
  };
  return { scorer, pairs, maxBatch: () => maxBatch };
}

/** Reference: for each user with test rows, sort all candidates (irrelevant before relevant on ties). */
function bruteForce(
  f: (u: number, i: number) => number,
  train: Interactions,
  test: Interactions,
  exclude: Interactions[],
  k: number,
) {
  const users: number[] = [];
  const perUser: Record<string, number[]> = Object.fromEntries(METRIC_NAMES.map((m) => [m, []]));
  let candidateSum = 0;
  for (let u = 0; u < test.numUsers; u++) {
    const relevant = new Set(test.itemsOf(u));
    if (relevant.size === 0) continue;
    const seen = new Set([...train.itemsOf(u), ...exclude.flatMap((e) => Array.from(e.itemsOf(u)))]);
    const candidates: Array<{ s: number; rel: number }> = [];
    for (let i = 0; i < train.numItems; i++) {
      if (relevant.has(i)) candidates.push({ s: Math.fround(f(u, i)), rel: 1 });
      else if (!seen.has(i)) candidates.push({ s: Math.fround(f(u, i)), rel: 0 });
    }
    candidates.sort((a, b) => b.s - a.s || a.rel - b.rel);
    const positions = Int32Array.from(candidates.flatMap((c, p) => (c.rel ? [p] : [])));
    const m = rankingMetrics(positions, relevant.size, candidates.length, k);
    users.push(u);
    for (const name of METRIC_NAMES) perUser[name].push(m[name]);
    candidateSum += candidates.length;
  }
  return { users, perUser, candidates: candidateSum / users.length };
}

/** A random small case: 9 users (some without test rows), 17 items, test items never in train. */
function randomCase(seed: number) {
  const random = new Random(seed);
  const numUsers = 9;
  const numItems = 17;
  const trainPairs: Array<[number, number]> = [];
  const testPairs: Array<[number, number]> = [];
  const validPairs: Array<[number, number]> = [];
  for (let u = 0; u < numUsers; u++) {
    for (let n = random.int(8); n > 0; n--) trainPairs.push([u, random.int(numItems)]);
    const seen = new Set(trainPairs.filter((p) => p[0] === u).map((p) => p[1]));
    if (u % 4 !== 3) {
      for (let n = 1 + random.int(4); n > 0; n--) {
        let i = random.int(numItems);
        while (seen.has(i)) i = (i + 1) % numItems; // at most 7 train items of 17: ends
        testPairs.push([u, i]);
      }
    }
    if (random.next() < 0.5) validPairs.push([u, random.int(numItems)]);
  }
  const table = Array.from({ length: numUsers * numItems }, () => random.int(4) / 3);
  return {
    train: log(trainPairs, numUsers, numItems),
    test: log(testPairs, numUsers, numItems),
    validation: log(validPairs, numUsers, numItems),
    f: (u: number, i: number) => table[u * numItems + i],
  };
}

describe('evaluateFullRanking', () => {
  for (const seed of [1, 2, 3]) {
    it(`equals a brute-force sort of all candidates (seed ${seed}), for every batch size`, async () => {
      const { train, test, validation, f } = randomCase(seed);
      for (const exclude of [[], [validation]]) {
        const expected = bruteForce(f, train, test, exclude, 5);
        for (const batchSize of [1, 2, 3, 4, 7, 16, 17, 18, 40, 65_536]) {
          const { scorer, maxBatch } = recordingScorer(f);
          const r = await evaluateFullRanking(scorer, train, test, { k: 5, batchSize, exclude });
          expect(r.protocol).toBe('full');
          expect(Array.from(r.perUser.users)).toEqual(expected.users);
          for (const name of METRIC_NAMES) expect(Array.from(r.perUser[name])).toEqual(expected.perUser[name]);
          expect(r.users).toBe(expected.users.length);
          expect(r.candidates).toBeCloseTo(expected.candidates, 12);
          expect(maxBatch()).toBeLessThanOrEqual(batchSize);
        }
      }
    });
  }

  it('excludes train and `exclude` items from the candidates, keeping relevant ones', async () => {
    // 5 items. User 0: train {0, 1}, validation {2, 3}, test {3} (also in validation: still relevant). Items 0, 1, 2
    // would outrank it (score 1), item 4 does not (score 0); the test item scores 0.5.
    const train = log(
      [
        [0, 0],
        [0, 1],
      ],
      1,
      5,
    );
    const validation = log(
      [
        [0, 2],
        [0, 3],
      ],
      1,
      5,
    );
    const test = log([[0, 3]], 1, 5);
    const f = (_u: number, i: number) => (i === 3 ? 0.5 : i === 4 ? 0 : 1);
    const withExclude = recordingScorer(f);
    const r = await evaluateFullRanking(withExclude.scorer, train, test, { exclude: [validation] });
    expect(r.perUser.mrr[0]).toBe(1); // candidates {3, 4}: p = 0
    expect(r.candidates).toBe(2);
    expect(withExclude.pairs.map((p) => p[1]).sort()).toEqual([3, 4]);
    const without = recordingScorer(f);
    const r2 = await evaluateFullRanking(without.scorer, train, test);
    expect(r2.perUser.mrr[0]).toBe(1 / 2); // candidates {2, 3, 4}: item 2 outranks → p = 1
    expect(r2.candidates).toBe(3);
    expect(without.pairs.map((p) => p[1]).sort()).toEqual([2, 3, 4]);
  });

  it('skips users without test rows, counts a repeated test item once, AUC with ties', async () => {
    // 6 items, users 0..2; user 1 has no test rows. User 2's test lists item 5 twice.
    const train = log(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      3,
      6,
    );
    const test = log(
      [
        [2, 5],
        [0, 4],
        [2, 5],
      ],
      3,
      6,
    );
    // All scores equal: every relevant item is last among its candidates.
    const r = await evaluateFullRanking(recordingScorer(() => 1).scorer, train, test, { k: 5 });
    expect(Array.from(r.perUser.users)).toEqual([0, 2]);
    // User 0: candidates 1..5 (5), test item 4 ties with 4 negatives → p = 4: HR@5 1, NDCG 1/log2(6), AUC 0.
    // User 2: candidates {0, 1, 3, 4, 5} (5), R = 1 → the same.
    expect(Array.from(r.perUser.hr)).toEqual([1, 1]);
    expect(r.metrics.ndcg).toBeCloseTo(1 / Math.log2(6), 15);
    expect(r.metrics.auc).toBe(0);
    expect(r.metrics.mrr).toBe(1 / 5);
    expect(r.candidates).toBe(5);
  });

  it('awaits an asynchronous scorer', async () => {
    const { train, test, f } = randomCase(4);
    const sync = await evaluateFullRanking(recordingScorer(f).scorer, train, test, { batchSize: 5 });
    const scorer: Scorer = {
      score: async (users, items) => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        return Float32Array.from(users, (u, k) => f(u, items[k]));
      },
    };
    const r = await evaluateFullRanking(scorer, train, test, { batchSize: 5 });
    expect(r.perUser).toEqual(sync.perUser);
    expect(r.metrics).toEqual(sync.metrics);
  });

  it('memory bound: the scorer never gets more than batchSize pairs, and progress adds up', async () => {
    const { train, test, validation, f } = randomCase(5);
    for (const batchSize of [1, 3, 10, 100]) {
      const { scorer, pairs, maxBatch } = recordingScorer(f);
      const progress: Array<[number, number]> = [];
      await evaluateFullRanking(scorer, train, test, {
        batchSize,
        exclude: [validation],
        onProgress: (done, total) => progress.push([done, total]),
      });
      expect(maxBatch()).toBeLessThanOrEqual(batchSize);
      const total = pairs.length;
      expect(progress.at(-1)).toEqual([total, total]);
      expect(progress.length).toBe(Math.ceil(total / batchSize));
      for (let b = 1; b < progress.length; b++) expect(progress[b][0]).toBeGreaterThan(progress[b - 1][0]);
      // No pair is a train or validation row of its user unless it is one of the user's test items.
      for (const [u, i] of pairs) if (train.has(u, i) || validation.has(u, i)) expect(test.has(u, i)).toBe(true);
    }
  });

  it('reports NaN scores and wrong lengths', async () => {
    const { train, test } = randomCase(6);
    const nan: Scorer = { score: (u, i) => Float32Array.from(u, (x, k) => (i[k] === 7 ? NaN : 0)) };
    await expect(evaluateFullRanking(nan, train, test)).rejects.toThrow(/NaN for user \d+, item 7/);
    const short: Scorer = { score: (u) => new Float32Array(u.length - 1) };
    await expect(evaluateFullRanking(short, train, test, { batchSize: 4 })).rejects.toThrow(/returned 3 scores for 4/);
  });

  it('rejects bad k, empty test sets and rows outside train’s index space', async () => {
    const { train, test } = randomCase(7);
    const s = recordingScorer(() => 0).scorer;
    await expect(evaluateFullRanking(s, train, test, { k: 0 })).rejects.toThrow(/k must be an integer ≥ 1/);
    await expect(evaluateFullRanking(s, train, test, { batchSize: 1.5 })).rejects.toThrow(/batchSize/);
    await expect(evaluateFullRanking(s, train, log([], 9, 17))).rejects.toThrow(/test set is empty/);
    await expect(evaluateFullRanking(s, train, log([[0, 17]], 9, 18))).rejects.toThrow(
      /test row 0 has item 17, outside train's \[0, 17\)/,
    );
    await expect(evaluateFullRanking(s, train, log([[9, 0]], 10, 17))).rejects.toThrow(/test row 0 has user 9/);
    await expect(evaluateFullRanking(s, train, test, { exclude: [log([[1, 20]], 9, 21)] })).rejects.toThrow(
      /exclude\[0\] row 0 has item 20/,
    );
  });
});

describe('evaluateFullRanking and evaluateHoldout: the test log must be train’s', () => {
  const s: Scorer = { score: (users) => new Float32Array(users.length) };
  const ids = (...raw: string[]) => IdMap.from(raw);
  // Train: users a, b; items x, y, z. The same pairs loaded from another file would number ids in its own order.
  const train = Interactions.fromColumns(
    { users: Int32Array.of(0, 1), items: Int32Array.of(0, 1) },
    { userIds: ids('a', 'b'), itemIds: ids('x', 'y', 'z') },
  );

  for (const [name, evaluate] of [
    ['evaluateFullRanking', evaluateFullRanking],
    ['evaluateHoldout', evaluateHoldout],
  ] as const) {
    it(`${name} refuses a test log built with other id maps, naming the index and both raw ids`, async () => {
      // Users b, a in this file: index 0 is b here but a in train.
      const otherUsers = Interactions.fromColumns(
        { users: Int32Array.of(0), items: Int32Array.of(2) },
        { userIds: ids('b', 'a'), itemIds: ids('x', 'y', 'z') },
      );
      await expect(evaluate(s, train, otherUsers)).rejects.toThrow(
        new RangeError(
          `${name}: test numbers its users differently from train: user index 0 is "b" in test but "a" in train; ` +
            "build it from train (a split of it) or load it with train's id maps",
        ),
      );
      const otherItems = Interactions.fromColumns(
        { users: Int32Array.of(0), items: Int32Array.of(2) },
        { userIds: ids('a', 'b'), itemIds: ids('x', 'q', 'z') },
      );
      await expect(evaluate(s, train, otherItems)).rejects.toThrow(/item index 1 is "q" in test but "y" in train/);
      await expect(evaluate(s, train, train.select(Int32Array.of(0)), { exclude: [otherItems] })).rejects.toThrow(
        /exclude\[0\] numbers its items differently from train/,
      );
    });

    it(`${name} accepts train's maps, equal copies, and a test log extending them with cold ids`, async () => {
      const test = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(2) }, train.sameSpace());
      await expect(evaluate(s, train, test)).resolves.toMatchObject({ users: 1 });
      const copies = Interactions.fromColumns(
        { users: Int32Array.of(1), items: Int32Array.of(2) },
        { userIds: ids('a', 'b', 'cold'), itemIds: ids('x', 'y', 'z', 'new'), numUsers: 2, numItems: 3 },
      );
      await expect(evaluate(s, train, copies)).resolves.toMatchObject({ users: 1 });
    });

    it(`${name} refuses test pairs that are training pairs, naming the counts`, async () => {
      await expect(evaluate(s, train, train)).rejects.toThrow(
        new RangeError(
          `${name}: 2 of 2 held-out rows are training pairs (first: row 0, user "a", item "x"); a held-out pair cannot ` +
            'also be a seen item',
        ),
      );
    });

    it(`${name} refuses unknown option keys (\`excluded\` left validation items among the candidates)`, async () => {
      const test = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(2) }, train.sameSpace());
      await expect(evaluate(s, train, test, { excluded: [test] } as never)).rejects.toThrow(
        new RangeError(`${name} has no option "excluded" (its options: k, batchSize, onProgress, exclude, candidates)`),
      );
      await expect(evaluate(s, train, test, { exclude: test } as never)).rejects.toThrow(
        /exclude must be an array of logs/,
      );
    });
  }
});
