import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { createRecommender, loadRecommender } from '../registry.js';
import type { CsrMatrix } from './csr-matrix.js';
import { feedbackMatrix } from './feedback-matrix.js';
import { RP3beta } from './rp3beta.js';

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

/** W_ij = Σ_u (x_ui/Σ_v x_vi)^α (x_uj/Σ_l x_ul)^α / pop_j^β, diagonal 0, straight from the dense matrix. */
function naiveRp3(x: number[][], alpha: number, beta: number): number[][] {
  const n = x[0]!.length;
  const rowSum = x.map((row) => row.reduce((a, b) => a + b, 0));
  const colSum = Array.from({ length: n }, (_, i) => x.reduce((a, row) => a + row[i]!, 0));
  const pop = Array.from({ length: n }, (_, i) => x.filter((row) => row[i]! > 0).length);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      if (i === j || pop[j] === 0) return 0;
      let walk = 0;
      x.forEach((row, u) => {
        if (row[i]! > 0 && row[j]! > 0) walk += (row[i]! / colSum[i]!) ** alpha * (row[j]! / rowSum[u]!) ** alpha;
      });
      return walk / pop[j]! ** beta;
    }),
  );
}

function expectClose(actual: number[][], expected: number[][]): void {
  actual.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]![c]!, 5)));
}

describe('RP3beta', () => {
  it('is the popularity-penalised product of the transition probabilities raised to alpha', async () => {
    for (const [alpha, beta, feedback] of [
      [1, 0.5, 'binary'],
      [0.6, 0.8, 'weighted'],
      [1.5, 0, 'weighted'],
    ] as const) {
      const model = new RP3beta({ alpha, beta, neighbours: 10, feedback });
      await model.fit(train);
      const x = dense(feedbackMatrix(train, feedback, 'test'));
      expectClose(dense(model.itemSimilarity), naiveRp3(x, alpha, beta));
    }
  });

  it('keeps the k largest entries of each row (ties to the lower index), L1-normalised on request', async () => {
    const model = new RP3beta({ neighbours: 2, beta: 0.3 });
    await model.fit(train);
    const s = dense(model.itemSimilarity);
    const naive = naiveRp3(dense(feedbackMatrix(train, 'binary', 'test')), 1, 0.3);
    naive.forEach((row, i) => {
      const expected = row
        .map((v, j) => [v, j] as const)
        .filter(([v]) => v > 0)
        .sort((a, b) => b[0] - a[0] || a[1] - b[1])
        .slice(0, 2)
        .map(([, j]) => j)
        .sort((a, b) => a - b);
      expect(s[i]!.flatMap((v, j) => (v !== 0 ? [j] : []))).toEqual(expected);
    });
    const normalised = new RP3beta({ neighbours: 2, beta: 0.3, normalize: true });
    await normalised.fit(train);
    dense(normalised.itemSimilarity).forEach((row, i) => {
      const sum = s[i]!.reduce((a, b) => a + b, 0);
      row.forEach((v, j) => expect(v).toBeCloseTo(sum > 0 ? s[i]![j]! / sum : 0, 6));
    });
    // One user with items 0–3: every walk from item 0 is equally likely; one neighbour keeps item 1.
    const tie = Interactions.fromColumns({ users: Int32Array.of(0, 0, 0, 0), items: Int32Array.of(0, 1, 2, 3) });
    const one = new RP3beta({ neighbours: 1 });
    await one.fit(tie);
    expect(dense(one.itemSimilarity)[0]!.map((v) => v > 0)).toEqual([false, true, false, false]);
  });

  it('scores Σ_i x_ui s_ij, cold users and items 0', async () => {
    const model = new RP3beta({ neighbours: 3, feedback: 'weighted', alpha: 0.8 });
    await model.fit(train);
    const x = dense(model.feedback);
    const s = dense(model.itemSimilarity);
    const u = Int32Array.from({ length: 30 }, (_, k) => [2, 0, 4, 1, 3][Math.floor(k / 6)]!);
    const i = Int32Array.from({ length: 30 }, (_, k) => k % 6);
    const scores = await model.score(u, i);
    u.forEach((user, k) => {
      const expected = x[user]!.reduce((sum, xui, j) => sum + xui * s[j]![i[k]!]!, 0);
      expect(scores[k]).toBeCloseTo(expected, 5);
    });
    expect([...(await model.score(Int32Array.of(5, 0), Int32Array.of(1, 9)))]).toEqual([0, 0]);
  });

  it('save → load gives identical scores', async () => {
    const model = createRecommender('rp3beta', { neighbours: 3, alpha: 0.7, normalize: true, feedback: 'weighted' });
    await model.fit(train);
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-rp3beta-')), 'model');
    await model.save(dir);
    const loaded = await loadRecommender(dir);
    expect(loaded).toBeInstanceOf(RP3beta);
    const u = Int32Array.from({ length: 30 }, (_, k) => Math.floor(k / 6));
    const i = Int32Array.from({ length: 30 }, (_, k) => k % 6);
    expect(await loaded.score(u, i)).toEqual(await model.score(u, i));
  });

  it('refuses bad options, naming them', () => {
    expect(() => new RP3beta({ alfa: 1 } as never)).toThrow(/rp3beta has no option "alfa"/);
    expect(() => new RP3beta({ neighbours: 1.5 })).toThrow(/neighbours" must be an integer ≥ 1, got 1.5/);
    expect(() => new RP3beta({ beta: -0.1 })).toThrow(/beta" must be a number ≥ 0, got -0.1/);
    expect(() => new RP3beta({ alpha: Infinity })).toThrow(/alpha/);
    expect(() => createRecommender('rp3beta', { normalize: 'yes' })).toThrow(/normalize" must be true or false/);
  });
});
