import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthetic } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { createRecommender, loadRecommender, recommenderEntry } from './registry.js';
import { RandomScores } from './random-scores.js';

const { interactions: train } = synthetic({ users: 50, items: 80, interactionsPerUser: 5, seed: 2 });
/** The first n of the 50 × 80 distinct (user, item) pairs. */
const pairs = (n: number) => ({
  users: Int32Array.from({ length: n }, (_, k) => Math.floor(k / 80)),
  items: Int32Array.from({ length: n }, (_, k) => k % 80),
});

describe('RandomScores', () => {
  it('scores a pair the same every time, differently per seed, spread over [0, 1)', async () => {
    const [a, b, c] = [new RandomScores(), new RandomScores(), new RandomScores()];
    await a.fit(train, { seed: 1 });
    await b.fit(train, { seed: 1 });
    await c.fit(train, { seed: 2 });
    const { users, items } = pairs(4000);
    const [sa, sb, sc] = await Promise.all([a.score(users, items), b.score(users, items), c.score(users, items)]);
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(Math.min(...sa)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...sa)).toBeLessThan(1);
    // Uniform: each tenth of [0, 1) holds 400 ± 4σ (σ = √(4000 · 0.1 · 0.9) ≈ 19) of the 4,000 scores.
    const tenths = new Array<number>(10).fill(0);
    for (const s of sa) tenths[Math.floor(s * 10)]!++;
    for (const count of tenths) expect(Math.abs(count - 400)).toBeLessThan(76);
  });

  it('scores cold items (no training rows, beyond the catalogue) like any other', async () => {
    const model = new RandomScores();
    await model.fit(train, { seed: 3 });
    const scores = await model.score(Int32Array.of(0, 0), Int32Array.of(79, 500));
    expect(scores.every((s) => s >= 0 && s < 1)).toBe(true);
    expect(recommenderEntry('random').coldItems).toBe(true);
  });

  it('save → load gives identical scores; refuses bad input', async () => {
    const model = createRecommender('random');
    await model.fit(train, { seed: 9 });
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-random-')), 'model');
    await model.save(dir);
    const loaded = await loadRecommender(dir);
    const { users, items } = pairs(100);
    expect(await loaded.score(users, items)).toEqual(await model.score(users, items));
    await expect(model.score(Int32Array.of(0), Int32Array.of(0, 1))).rejects.toThrow('1 users for 2 items');
    await expect(new RandomScores().score(Int32Array.of(0), Int32Array.of(0))).rejects.toThrow(/not fitted/);
    expect(() => createRecommender('random', { seed: 1 })).toThrow(/seed/);
  });
});
