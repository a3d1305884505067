import { Interactions, Random } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { evaluateFullRanking } from './full-ranking.js';
import type { Scorer } from './scorer.js';
import { evaluateTopKLists, LIST_METRIC_NAMES, type TopKLists } from './top-k-lists.js';

const log = (pairs: Array<[number, number]>, numUsers: number, numItems: number) =>
  Interactions.fromColumns(
    { users: Int32Array.from(pairs, (p) => p[0]), items: Int32Array.from(pairs, (p) => p[1]) },
    { numUsers, numItems },
  );

/**
 * A random case: 25 users (every fifth without test rows), 30 items, up to 8 train items and 1–4 test items per user
 * (never train items), and a score table of distinct integers (exact in float32), so no two candidates tie.
 */
function randomCase(seed: number) {
  const random = new Random(seed);
  const numUsers = 25;
  const numItems = 30;
  const trainPairs: Array<[number, number]> = [];
  const testPairs: Array<[number, number]> = [];
  for (let u = 0; u < numUsers; u++) {
    for (let n = random.int(9); n > 0; n--) trainPairs.push([u, random.int(numItems)]);
    const seen = new Set(trainPairs.filter((p) => p[0] === u).map((p) => p[1]));
    if (u % 5 === 4) continue;
    for (let n = 1 + random.int(4); n > 0; n--) {
      let i = random.int(numItems);
      while (seen.has(i)) i = (i + 1) % numItems;
      testPairs.push([u, i]);
    }
  }
  // A random permutation of 0 … users × items − 1: distinct scores.
  const table = Array.from({ length: numUsers * numItems }, (_, k) => k);
  for (let k = table.length - 1; k > 0; k--) {
    const j = random.int(k + 1);
    [table[k], table[j]] = [table[j]!, table[k]!];
  }
  const f = (u: number, i: number) => table[u * numItems + i]!;
  const scorer: Scorer = { score: (users, items) => Float32Array.from(users, (u, k) => f(u, items[k]!)) };
  return { train: log(trainPairs, numUsers, numItems), test: log(testPairs, numUsers, numItems), f, scorer };
}

/** Every user's ranking of the items it has no train row for, by descending score, cut at `length` (all if absent). */
function rankedLists(f: (u: number, i: number) => number, train: Interactions, length?: number): Int32Array[] {
  return Array.from({ length: train.numUsers }, (_, u) => {
    const seen = new Set(train.itemsOf(u));
    const unseen = Array.from({ length: train.numItems }, (_, i) => i).filter((i) => !seen.has(i));
    unseen.sort((a, b) => f(u, b) - f(u, a));
    return Int32Array.from(unseen.slice(0, length));
  });
}

describe('evaluateTopKLists', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives evaluateFullRanking's HR, NDCG, precision, recall and MAP for the lists it ranks (seed ${seed})`, async () => {
      const { train, test, f, scorer } = randomCase(seed);
      const ks = [1, 3, 5, 10];
      // Whole rankings (cut at each K) and top-10 lists (as another system would save them): the same numbers.
      for (const lists of [rankedLists(f, train), rankedLists(f, train, 10)]) {
        const several = evaluateTopKLists(lists, test, { ks });
        for (const [c, k] of ks.entries()) {
          const full = await evaluateFullRanking(scorer, train, test, { k, batchSize: 37 });
          for (const result of [evaluateTopKLists(lists, test, { k }), several[c]!]) {
            expect(result.k).toBe(k);
            expect(result.users).toBe(full.users);
            expect(result.perUser.users).toEqual(full.perUser.users);
            for (const name of LIST_METRIC_NAMES) {
              expect(result.perUser[name]).toEqual(full.perUser[name]);
              expect(result.metrics[name]).toBe(full.metrics[name]);
              expect(result.ci95[name]).toEqual(full.ci95[name]);
            }
            expect(result.missingLists).toBe(0);
            expect(result.ignoredLists).toBe(5); // users 4, 9, 14, 19, 24 have lists but no test rows
          }
        }
      }
    });
  }

  it('reads a Map as it reads an array', () => {
    const { train, test, f } = randomCase(4);
    const array = rankedLists(f, train, 7);
    const map = new Map(array.map((list, u) => [u, list]));
    expect(evaluateTopKLists(map, test, { k: 5 })).toEqual({
      ...evaluateTopKLists(array, test, { k: 5 }),
      seconds: expect.any(Number),
    });
  });

  // Items 0–5. User 0: relevant {1, 3}, list [3, 0, 1, 5]. User 1: relevant {2}, list [4, 5]. User 2: no test rows,
  // list [0, 1, 2] (ignored). User 3: relevant {0} (listed twice in test), no list.
  const test = log(
    [
      [0, 3],
      [1, 2],
      [0, 1],
      [3, 0],
      [3, 0],
    ],
    4,
    6,
  );
  const lists = [Int32Array.of(3, 0, 1, 5), Int32Array.of(4, 5), Int32Array.of(0, 1, 2)];

  it('counts a test user without a list as one with no hits, cuts long lists at K, ignores lists of other users', () => {
    const at2 = evaluateTopKLists(lists, test, { k: 2 });
    expect(at2.protocol).toBe('top-k-lists');
    expect(at2.users).toBe(3);
    expect(Array.from(at2.perUser.users)).toEqual([0, 1, 3]);
    // User 0: [3, 0] holds item 3 at position 0, item 1 comes after the cut.
    expect(Array.from(at2.perUser.hr)).toEqual([1, 0, 0]);
    expect(Array.from(at2.perUser.precision)).toEqual([1 / 2, 0, 0]);
    expect(Array.from(at2.perUser.recall)).toEqual([1 / 2, 0, 0]);
    expect(Array.from(at2.perUser.map)).toEqual([1 / 2, 0, 0]);
    expect(at2.perUser.ndcg[0]).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 15);
    expect(at2.metrics.hr).toBeCloseTo(1 / 3, 15); // the user without a list pulls the mean down, as it should
    expect(at2.missingLists).toBe(1);
    expect(Array.from(at2.usersWithoutList)).toEqual([3]);
    expect(at2.ignoredLists).toBe(1);
    expect(at2.truncatedLists).toBe(1); // user 0's four items
    expect(at2.shortLists).toBe(0);
    // No MRR, no AUC: a list does not say where the items it leaves out are.
    expect(Object.keys(at2.metrics).sort()).toEqual(['hr', 'map', 'ndcg', 'precision', 'recall']);
    expect(Object.keys(at2.ci95).sort()).toEqual(['hr', 'map', 'ndcg', 'precision', 'recall']);
    expect('mrr' in at2.perUser || 'auc' in at2.perUser).toBe(false);
  });

  it('evaluates several K in one pass, each as alone; a short list has fewer chances', () => {
    const [at2, at3, at5] = evaluateTopKLists(lists, test, { ks: [2, 3, 5] });
    expect({ ...at2!, seconds: 0 }).toEqual({ ...evaluateTopKLists(lists, test, { k: 2 }), seconds: 0 });
    // K = 3: user 0's [3, 0, 1] holds both relevant items, at positions 0 and 2.
    expect(at3!.k).toBe(3);
    expect(Array.from(at3!.perUser.precision)).toEqual([2 / 3, 0, 0]);
    expect(Array.from(at3!.perUser.recall)).toEqual([1, 0, 0]);
    expect(at3!.perUser.map[0]).toBeCloseTo((1 + 2 / 3) / 2, 15);
    expect(at3!.perUser.ndcg[0]).toBeCloseTo((1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)), 15);
    expect([at3!.shortLists, at3!.truncatedLists]).toEqual([1, 1]); // user 1's two items; user 0's four
    // K = 5: precision divides by K even for a list of four.
    expect(at5!.perUser.precision[0]).toBe(2 / 5);
    expect([at5!.shortLists, at5!.truncatedLists]).toEqual([2, 0]);
  });

  it('defaults to K = 10 and returns arrays of its own per K', () => {
    const result = evaluateTopKLists(lists, test);
    expect(result.k).toBe(10);
    const [a, b] = evaluateTopKLists(lists, test, { ks: [1, 2] });
    expect(a!.perUser.users).not.toBe(b!.perUser.users);
  });

  it('refuses a list with a duplicate, negative, fractional or out-of-space item, naming the user and position', () => {
    const bad = (list: ArrayLike<number>, user = 1): TopKLists => {
      const copy: Array<ArrayLike<number> | undefined> = [...lists];
      copy[user] = list;
      return copy;
    };
    expect(() => evaluateTopKLists(bad(Int32Array.of(2, 5, 2)), test)).toThrow(
      'evaluateTopKLists: the list of user 1 has item 2 twice, at positions 0 and 2',
    );
    expect(() => evaluateTopKLists(bad(Int32Array.of(4, -1)), test)).toThrow(
      "evaluateTopKLists: the list of user 1 has item -1 at position 1, outside test's item space [0, 6)",
    );
    expect(() => evaluateTopKLists(bad(Int32Array.of(6)), test)).toThrow(/user 1 has item 6 at position 0, outside/);
    expect(() => evaluateTopKLists(bad([0, 1.5]), test)).toThrow(
      'evaluateTopKLists: the list of user 1 has 1.5 at position 1, not an integer item index',
    );
    expect(() => evaluateTopKLists(bad([NaN]), test)).toThrow(/user 1 has NaN at position 0/);
    expect(() => evaluateTopKLists(bad(['1'] as unknown as number[]), test)).toThrow(/user 1 has "1" at position 0/);
    // A duplicate after the cut is an error too: the list is broken, wherever K falls.
    expect(() => evaluateTopKLists(bad(Int32Array.of(0, 1, 2, 3, 1)), test, { k: 2 })).toThrow(/positions 1 and 4/);
    // Ignored lists are checked too: a broken producer is broken for every user.
    expect(() => evaluateTopKLists(bad(Int32Array.of(0, 0), 2), test)).toThrow(/user 2 has item 0 twice/);
    expect(() => evaluateTopKLists(bad(Int32Array.of(9), 7), test)).toThrow(/user 7 has item 9/);
    expect(() => evaluateTopKLists(bad(7 as unknown as number[]), test)).toThrow(
      'evaluateTopKLists: the list of user 1 must be an array of item indices, got 7',
    );
    expect(() => evaluateTopKLists(bad('12' as unknown as number[]), test)).toThrow(TypeError);
  });

  it('refuses Map keys that are not user indices, and lists that are neither a Map nor an array', () => {
    for (const key of [-1, 1.5, '0'] as unknown as number[]) {
      expect(() => evaluateTopKLists(new Map([[key, Int32Array.of(0)]]), test)).toThrow(
        /evaluateTopKLists: lists has key .* not a user index/,
      );
    }
    expect(() => evaluateTopKLists({ 0: Int32Array.of(1) } as unknown as TopKLists, test)).toThrow(
      /lists must be a Map from user to list or an array indexed by user/,
    );
    // A Map entry for a user outside test's space is one more ignored list.
    const map = new Map([
      [0, Int32Array.of(1)],
      [99, Int32Array.of(1)],
      [1, undefined],
    ]);
    const result = evaluateTopKLists(map, test);
    expect([result.ignoredLists, result.missingLists]).toEqual([1, 2]);
  });

  it('refuses bad cut-offs and options, and an empty test set', () => {
    expect(() => evaluateTopKLists(lists, test, { k: 0 })).toThrow(
      'evaluateTopKLists: k must be an integer ≥ 1 (got 0)',
    );
    expect(() => evaluateTopKLists(lists, test, { ks: [] })).toThrow(/ks is empty/);
    expect(() => evaluateTopKLists(lists, test, { ks: [5, 2.5] })).toThrow(/ks\[1\] must be an integer ≥ 1/);
    expect(() => evaluateTopKLists(lists, test, { ks: [5, 10, 5] })).toThrow(/ks lists K = 5 twice \(at 0 and 2\)/);
    expect(() => evaluateTopKLists(lists, test, { k: 5, ks: [5] } as never)).toThrow(/give k or ks, not both/);
    expect(() => evaluateTopKLists(lists, test, { kk: 5 } as never)).toThrow(/kk/);
    expect(() => evaluateTopKLists(lists, log([], 4, 6))).toThrow('evaluateTopKLists: the test set is empty');
  });
});
