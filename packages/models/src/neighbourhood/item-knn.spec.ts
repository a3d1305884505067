import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { createRecommender, loadRecommender } from '../registry.js';
import type { CsrMatrix } from './csr-matrix.js';
import { feedbackMatrix } from './feedback-matrix.js';
import { ItemKNN } from './item-knn.js';
import { weightFeedback } from './item-weighting.js';

// 5 users × 6 items; user 0 repeats item 1 (two rows), item 5 has no user.
const users = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4);
const items = Int32Array.of(0, 1, 1, 2, 0, 2, 3, 1, 3, 0, 1, 4, 2, 4);
const values = Float32Array.of(5, 1, 2, 3, 4, 4, 2, 5, 1, 3, 3, 5, 2, 1);
const train = Interactions.fromColumns(
  { users, items, values },
  { itemIds: IdMap.from(['a', 'b', 'c', 'd', 'e', 'f']), numItems: 6 },
);

function dense(m: CsrMatrix): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array<number>(m.columns).fill(0));
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.offsets[r]!; k < m.offsets[r + 1]!; k++) out[r]![m.indices[k]!] = m.values[k]!;
  }
  return out;
}

/** s_ij = x_i·x_j / (‖x_i‖‖x_j‖ + shrink) over columns of the dense matrix x, 0 on the diagonal. */
function naiveCosine(x: number[][], shrink: number): number[][] {
  const n = x[0]!.length;
  const column = (i: number) => x.map((row) => row[i]!);
  const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k]!, 0);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      if (i === j) return 0;
      const [a, b] = [column(i), column(j)];
      const d = dot(a, b);
      return d === 0 ? 0 : d / (Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)) + shrink);
    }),
  );
}

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]![c]!, 5)));
}

describe('ItemKNN', () => {
  it('computes the shrunk cosine of the item columns (binary and weighted feedback)', async () => {
    for (const feedback of ['binary', 'weighted'] as const) {
      const model = new ItemKNN({ neighbours: 10, shrink: 2, feedback });
      await model.fit(train);
      const x = dense(feedbackMatrix(train, feedback, 'test'));
      if (feedback === 'weighted')
        expect(x[0]![1]).toBe(3); // the repeated pair's values summed
      else expect(x[0]![1]).toBe(1);
      // Stored by source: row j holds s_ji; the cosine is symmetric.
      expectClose(dense(model.itemSimilarity), naiveCosine(x, 2));
    }
  });

  it('keeps exactly the k largest similarities of each target item, ties to the lower index', async () => {
    const model = new ItemKNN({ neighbours: 2, shrink: 1 });
    await model.fit(train);
    const s = dense(model.itemSimilarity);
    const naive = naiveCosine(dense(feedbackMatrix(train, 'binary', 'test')), 1);
    for (let i = 0; i < 6; i++) {
      const kept = [0, 1, 2, 3, 4, 5].filter((j) => s[j]![i] !== 0);
      const expected = [0, 1, 2, 3, 4, 5]
        .filter((j) => naive[j]![i]! > 0)
        .sort((a, b) => naive[b]![i]! - naive[a]![i]! || a - b)
        .slice(0, 2)
        .sort((a, b) => a - b);
      expect(kept).toEqual(expected);
    }
    // Items 1, 2 and 3 have the same single user 0; item 0 is as similar to each: one neighbour keeps item 1.
    const tie = Interactions.fromColumns({ users: Int32Array.of(0, 0, 0, 0), items: Int32Array.of(0, 1, 2, 3) });
    const one = new ItemKNN({ neighbours: 1, shrink: 0 });
    await one.fit(tie);
    expect(dense(one.itemSimilarity).map((row) => row[0])).toEqual([0, 1, 0, 0]);
  });

  it('weights the matrix with TF-IDF and BM25 as documented', () => {
    // 2 users × 4 items: user 0 has item 0 (1) and item 1 (4); user 1 has item 0 (2).
    const x: CsrMatrix = {
      rows: 2,
      columns: 4,
      offsets: Int32Array.of(0, 2, 3),
      indices: Int32Array.of(0, 1, 0),
      values: Float32Array.of(1, 4, 2),
    };
    const idf0 = Math.log(4 / 3); // user 0 has 2 items
    const idf1 = Math.log(4 / 2);
    expect([...weightFeedback(x, 'tfidf', { k1: 1.2, b: 0.75 }).values]).toEqual(
      [1 * idf0, 2 * idf0, Math.SQRT2 * idf1].map(Math.fround),
    );
    // Item lengths 3, 4, 0, 0: average 7/4.
    const norm = (length: number) => 1 - 0.75 + (0.75 * length) / 1.75;
    const bm25 = (tf: number, length: number, idf: number) => ((tf * 2.2) / (1.2 * norm(length) + tf)) * idf;
    const got = [...weightFeedback(x, 'bm25', { k1: 1.2, b: 0.75 }).values];
    [bm25(1, 3, idf0), bm25(4, 4, idf0), bm25(2, 3, idf1)].forEach((v, k) => expect(got[k]).toBeCloseTo(v, 6));
    expect(weightFeedback(x, 'none', { k1: 1.2, b: 0.75 })).toBe(x);
    // A user with every item has idf 0 (clamped, never negative).
    const all: CsrMatrix = { ...x, columns: 2, offsets: Int32Array.of(0, 2, 2), indices: Int32Array.of(0, 1) };
    expect([...weightFeedback({ ...all, values: Float32Array.of(1, 1) }, 'tfidf', { k1: 1, b: 1 }).values]).toEqual([
      0, 0,
    ]);
  });

  it('runs the cosine over the weighted matrix', async () => {
    const model = new ItemKNN({ neighbours: 10, shrink: 0.5, weighting: 'bm25', bm25K1: 2, bm25B: 0.5 });
    await model.fit(train);
    const w = weightFeedback(feedbackMatrix(train, 'binary', 'test'), 'bm25', { k1: 2, b: 0.5 });
    expectClose(dense(model.itemSimilarity), naiveCosine(dense(w), 0.5));
  });

  it('scores Σ_j x_uj s_ji, cold users and items 0, in any order of users', async () => {
    const model = new ItemKNN({ neighbours: 2, shrink: 1, feedback: 'weighted' });
    await model.fit(train);
    const x = dense(model.feedback);
    const s = dense(model.itemSimilarity);
    const pairsU: number[] = [];
    const pairsI: number[] = [];
    for (const u of [0, 3, 0, 1, 2, 4, 1]) {
      for (let i = 0; i < 6; i++) {
        pairsU.push(u);
        pairsI.push(i);
      }
    }
    const scores = await model.score(Int32Array.from(pairsU), Int32Array.from(pairsI));
    pairsU.forEach((u, k) => {
      const expected = x[u]!.reduce((sum, xuj, j) => sum + xuj * s[j]![pairsI[k]!]!, 0);
      expect(scores[k]).toBeCloseTo(expected, 5);
    });
    expect([...(await model.score(Int32Array.of(5, -1, 0, 0), Int32Array.of(0, 0, 6, -1)))]).toEqual([0, 0, 0, 0]);
  });

  it('save → load gives identical scores (weighted feedback included)', async () => {
    const model = createRecommender('itemknn', { neighbours: 3, feedback: 'weighted', weighting: 'tfidf' });
    await model.fit(train);
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-itemknn-')), 'model');
    await model.save(dir);
    const loaded = await loadRecommender(dir);
    expect(loaded).toBeInstanceOf(ItemKNN);
    const u = Int32Array.from({ length: 30 }, (_, k) => Math.floor(k / 6));
    const i = Int32Array.from({ length: 30 }, (_, k) => k % 6);
    expect(await loaded.score(u, i)).toEqual(await model.score(u, i));
    expect((loaded as ItemKNN).options).toEqual((model as ItemKNN).options);
  });

  it('refuses bad options, naming them', () => {
    expect(() => new ItemKNN({ neighbors: 5 } as never)).toThrow(/itemknn has no option "neighbors"/);
    expect(() => new ItemKNN({ neighbours: 2.5 })).toThrow(/neighbours" must be an integer ≥ 1, got 2.5/);
    expect(() => new ItemKNN({ neighbours: 0 })).toThrow(/neighbours/);
    expect(() => new ItemKNN({ shrink: -1 })).toThrow(/shrink" must be a number ≥ 0, got -1/);
    expect(() => new ItemKNN({ shrink: NaN })).toThrow(/shrink/);
    expect(() => new ItemKNN({ weighting: 'idf' as never })).toThrow(/weighting" must be one of none, tfidf, bm25/);
    expect(() => new ItemKNN({ bm25B: 2, weighting: 'bm25' })).toThrow(/bm25B" must be a number in \[0, 1\]/);
    expect(() => new ItemKNN({ bm25K1: 1 })).toThrow(/apply with weighting 'bm25' only/);
    expect(() => createRecommender('itemknn', { feedback: 'counts' })).toThrow(/feedback" must be one of/);
  });

  it('refuses negative values with weighted feedback, and an unknown fit option', async () => {
    const negative = Interactions.fromColumns({
      users: Int32Array.of(0, 1),
      items: Int32Array.of(0, 0),
      values: Float32Array.of(1, -2),
    });
    await expect(new ItemKNN({ feedback: 'weighted' }).fit(negative)).rejects.toThrow(/values ≥ 0, got -2/);
    await expect(new ItemKNN().fit(train, { epochs: 3 } as never)).rejects.toThrow(/no option "epochs"/);
  });
});
