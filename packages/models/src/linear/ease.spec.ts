import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { selectBackend } from '@recsys/train';
import { afterAll, describe, expect, it } from 'vitest';
import { gaussJordanInverse, relativeError } from '../linalg/test-support.js';
import { createRecommender, loadRecommender } from '../registry.js';
import { EASE } from './ease.js';

// 6 users × 5 items; user 0 has item 1 twice (values 4 and 2), user 2 has item 3 twice (values 5 and 1).
const rows = [
  [0, 0, 5],
  [0, 1, 4],
  [0, 3, 3],
  [0, 1, 2],
  [1, 1, 1],
  [1, 2, 3],
  [2, 0, 2],
  [2, 2, 4],
  [2, 3, 5],
  [2, 4, 1],
  [2, 3, 1],
  [3, 0, 3],
  [3, 4, 5],
  [4, 1, 2],
  [4, 3, 4],
  [4, 4, 3],
  [5, 2, 5],
  [5, 4, 2],
] as const;
const column = (c: 0 | 1) => Int32Array.from(rows, (r) => r[c]);
const withValues = Interactions.fromColumns({
  users: column(0),
  items: column(1),
  values: Float32Array.from(rows, (r) => r[2]),
});
const withoutValues = Interactions.fromColumns({ users: column(0), items: column(1) });
const numUsers = 6;
const numItems = 5;

/** Dense X: binary, summed values, or row counts. */
function denseX(kind: 'binary' | 'values' | 'counts'): Float64Array {
  const x = new Float64Array(numUsers * numItems);
  for (const [u, i, v] of rows) {
    if (kind === 'binary') x[u * numItems + i] = 1;
    else x[u * numItems + i] += kind === 'values' ? v : 1;
  }
  return x;
}

/** B by the closed form, computed naively: P = (XᵀX + λI)⁻¹ by Gauss–Jordan, B_ji = −P_ji / P_ii, B_ii = 0. */
function closedFormB(x: Float64Array, lambda: number): Float64Array {
  const n = numItems;
  const g = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) for (let u = 0; u < numUsers; u++) g[a * n + b] += x[u * n + a] * x[u * n + b];
    g[a * n + a] += lambda;
  }
  const p = gaussJordanInverse(g, n);
  const b = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) b[j * n + i] = i === j ? 0 : -p[j * n + i] / p[i * n + i];
  return b;
}

/** Every (user, item) pair, grouped by user. */
function allPairs(users = numUsers, items = numItems) {
  const u = new Int32Array(users * items);
  const i = new Int32Array(users * items);
  for (let k = 0; k < u.length; k++) [u[k], i[k]] = [Math.floor(k / items), k % items];
  return { u, i };
}

describe('EASE', () => {
  afterAll(() => selectBackend({ backend: 'cpu', log: () => {} }));

  it.each(['cpu', 'wasm'] as const)(
    'fits B = I − P·diag(1/diag P) by the closed form (%s backend)',
    async (backend) => {
      await selectBackend({ backend, log: () => {} });
      const model = new EASE({ lambda: 2 });
      await model.fit(withValues);
      const b = model.weightMatrix();
      expect(relativeError(b, closedFormB(denseX('binary'), 2))).toBeLessThan(1e-5);
      for (let i = 0; i < numItems; i++) expect(b[i * numItems + i]).toBe(0);
    },
  );

  it('scores x_u · B, the same whether a user comes with few pairs or the whole catalogue', async () => {
    const model = new EASE({ lambda: 2 });
    await model.fit(withValues);
    const b = model.weightMatrix();
    const x = denseX('binary');
    const { u, i } = allPairs();
    const scores = await model.score(u, i);
    for (let k = 0; k < u.length; k++) {
      let expected = 0;
      for (let j = 0; j < numItems; j++) expected += x[u[k] * numItems + j] * b[j * numItems + i[k]];
      expect(scores[k]).toBeCloseTo(expected, 6);
    }
    // One pair per call takes the direct sum, a user's whole row the cached row: identical scores.
    for (let k = 0; k < u.length; k++) {
      const one = await model.score(u.subarray(k, k + 1), i.subarray(k, k + 1));
      expect(one[0]).toBe(scores[k]);
    }
  });

  it("weighted feedback sums a pair's values (or counts its rows without a value column)", async () => {
    const weighted = new EASE({ lambda: 2, feedback: 'weighted' });
    await weighted.fit(withValues);
    expect(relativeError(weighted.weightMatrix(), closedFormB(denseX('values'), 2))).toBeLessThan(1e-5);
    const counted = new EASE({ lambda: 2, feedback: 'weighted' });
    await counted.fit(withoutValues);
    expect(relativeError(counted.weightMatrix(), closedFormB(denseX('counts'), 2))).toBeLessThan(1e-5);
    // Binary ignores both values and repeated rows.
    const binary = new EASE({ lambda: 2 });
    await binary.fit(withValues);
    const plain = new EASE({ lambda: 2 });
    await plain.fit(withoutValues);
    expect(plain.weightMatrix()).toEqual(binary.weightMatrix());
    const { u, i } = allPairs();
    expect(await weighted.score(u, i)).not.toEqual(await binary.score(u, i));
  });

  it('scores cold users and cold items 0', async () => {
    const model = new EASE({ lambda: 2 });
    await model.fit(withValues);
    const scores = await model.score(Int32Array.of(6, 99, 0, 0, -1), Int32Array.of(0, 1, 5, -1, 0));
    expect([...scores]).toEqual([0, 0, 0, 0, 0]);
    expect(await model.recommend(99, 2)).toEqual([
      { item: 0, score: 0 },
      { item: 1, score: 0 },
    ]);
  });

  it('inverts over the items with interactions only: the others get zero rows and columns, the rest is unchanged', async () => {
    // The same rows in a catalogue of 8 items, 5 and 7 without interactions (they decouple from the inverse).
    const wider = Interactions.fromColumns(
      { users: column(0), items: Int32Array.from(column(1), (i) => (i >= 4 ? 6 : i)) },
      { numItems: 8, itemIds: IdMap.identity(8) },
    );
    const model = new EASE({ lambda: 2 });
    const lines: string[] = [];
    await model.fit(wider, { log: (line) => lines.push(line) });
    expect(Array.from(model.coveredItems)).toEqual([0, 1, 2, 3, 6]);
    expect(lines.some((l) => l.startsWith('ease: 5 items with training interactions (of 8)'))).toBe(true);
    const full = model.weightMatrix();
    const b = closedFormB(denseX('binary'), 2); // over the 5 items that have interactions
    const at = (item: number) => (item === 4 ? 6 : item);
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 5; i++) expect(full[at(j) * 8 + at(i)]).toBeCloseTo(b[j * 5 + i]!, 5);
    }
    for (const idle of [4, 5, 7]) {
      for (let k = 0; k < 8; k++) expect([full[idle * 8 + k], full[k * 8 + idle]]).toEqual([0, 0]);
    }
    // Scores: by row and pair by pair alike, 0 for the items without interactions; save → load keeps them.
    const { u, i } = allPairs(numUsers, 8);
    const scores = await model.score(u, i);
    const one = await model.score(Int32Array.of(2, 2), Int32Array.of(7, 6));
    expect(one[0]).toBe(0);
    expect(one[1]).toBeCloseTo(scores[2 * 8 + 6]!, 6);
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-ease-')), 'model');
    await model.save(dir);
    expect(await (await loadRecommender(dir)).score(u, i)).toEqual(scores);
  });

  it('states its memory need and refuses a catalogue above maxMemoryMB before allocating anything', async () => {
    expect(EASE.memoryBytes(1682)).toBeGreaterThan(4 * 1682 * 1682);
    expect(EASE.memoryBytes(50_000)).toBeGreaterThan(10e9);
    // 100,000 items with interactions would need 40 GB: a fit that allocated would not come back with a message.
    const huge = Interactions.fromColumns(
      { users: new Int32Array(100_000), items: Int32Array.from({ length: 100_000 }, (_, k) => k) },
      { numItems: 100_000 },
    );
    const model = new EASE({ lambda: 2 });
    await model.fit(withValues);
    const before = await model.score(Int32Array.of(0), Int32Array.of(2));
    const rss = process.memoryUsage().rss;
    const figure = Math.ceil(EASE.memoryBytes(100_000) / 2 ** 20).toLocaleString('en-US');
    await expect(model.fit(huge)).rejects.toThrow(
      `ease: 100,000 items need about ${figure} MB (items² × 4 bytes × 1 matrix = 38,147 MB`,
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 2 ** 20);
    // Refused before anything changed: the model keeps its fit.
    expect(await model.score(Int32Array.of(0), Int32Array.of(2))).toEqual(before);
    await expect(
      new EASE({ maxMemoryMB: 1 }).fit(
        Interactions.fromColumns({
          users: new Int32Array(600),
          items: Int32Array.from({ length: 600 }, (_, k) => k),
        }),
      ),
    ).rejects.toThrow(/more than maxMemoryMB 1; nothing was allocated/);
    // What counts is the items with interactions: 600 of a 100,000-item catalogue fit easily.
    const sparse = Interactions.fromColumns(
      {
        users: Int32Array.from({ length: 600 }, (_, k) => k % 7),
        items: Int32Array.from({ length: 600 }, (_, k) => k * 150),
      },
      { numItems: 100_000 },
    );
    await expect(new EASE({ maxMemoryMB: 32 }).fit(sparse)).resolves.toBeDefined();
    await expect(new EASE({ maxMemoryMB: 1 }).fit(sparse)).rejects.toThrow(
      /ease: 600 items with training interactions \(of 100,000\) need about/,
    );
  });

  it('save → load gives identical scores and recommendations (binary and weighted)', async () => {
    for (const feedback of ['binary', 'weighted'] as const) {
      const model = createRecommender('ease', { lambda: 3, feedback });
      await model.fit(withValues);
      const dir = join(mkdtempSync(join(tmpdir(), 'recsys-ease-')), 'model');
      await model.save(dir);
      const loaded = await loadRecommender(dir);
      expect(loaded).toBeInstanceOf(EASE);
      expect((loaded as EASE).options).toEqual((model as EASE).options);
      const { u, i } = allPairs(7, 6); // cold ones too
      expect(await loaded.score(u, i)).toEqual(await model.score(u, i));
      expect(await loaded.recommend(2, 3)).toEqual(await model.recommend(2, 3));
    }
  });

  it('refuses bad options, naming them', () => {
    expect(() => new EASE({ lambda: 0 })).toThrow(/ease: option "lambda" must be a number > 0, got 0/);
    expect(() => new EASE({ lambda: -1 })).toThrow(/lambda/);
    expect(() => new EASE({ feedback: 'counts' as 'binary' })).toThrow(/must be one of binary, weighted/);
    expect(() => new EASE({ maxMemoryMB: 0 })).toThrow(/maxMemoryMB/);
    expect(() => new EASE({ maxMemoryMB: 1.5 })).toThrow(/maxMemoryMB/);
    expect(() => createRecommender('ease', { l2: 1 })).toThrow(/ease has no option "l2"/);
    expect(() => new EASE().weightMatrix()).toThrow(/not fitted/);
  });

  it('refuses negative values with weighted feedback', async () => {
    const negative = Interactions.fromColumns({
      users: Int32Array.of(0, 1),
      items: Int32Array.of(0, 1),
      values: Float32Array.of(1, -2),
    });
    await expect(new EASE({ feedback: 'weighted' }).fit(negative)).rejects.toThrow(/values ≥ 0/);
  });
});
