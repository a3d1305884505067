import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interactions, synthetic } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { relativeError } from '../linalg/test-support.js';
import { createRecommender, loadRecommender } from '../registry.js';
import { IALS } from './ials.js';

const { interactions: train } = synthetic({ users: 80, items: 60, interactionsPerUser: 12, seed: 3 });

function allPairs(users: number, items: number) {
  const u = new Int32Array(users * items);
  const i = new Int32Array(users * items);
  for (let k = 0; k < u.length; k++) [u[k], i[k]] = [Math.floor(k / items), k % items];
  return { u, i };
}

describe('IALS', () => {
  it.each([
    ['cg', 'frequency'],
    ['cholesky', 'frequency'],
    ['cg', 'plain'],
  ] as const)('never raises the loss from one sweep to the next (%s, %s)', async (solver, regularization) => {
    const lambda = regularization === 'plain' ? 0.1 : 0.002;
    const model = new IALS({ factors: 8, sweeps: 8, solver, regularization, lambda, alpha: 3 });
    const messages: string[] = [];
    const report = await model.fit(train, { seed: 1, log: (m) => messages.push(m) });
    expect(report.sweepLosses).toHaveLength(8);
    expect(model.sweepLosses).toEqual(report.sweepLosses);
    for (let s = 1; s < 8; s++)
      expect(report.sweepLosses[s]).toBeLessThanOrEqual(report.sweepLosses[s - 1] * (1 + 1e-12));
    expect(report.sweepLosses[7]).toBeLessThan(report.sweepLosses[0]);
    expect(messages).toHaveLength(8);
    expect(messages[0]).toMatch(/^ials: sweep 1\/8 loss [\d.e+]+ \([\d.]+ s\)$/);
  });

  it('gives the same factors for the same seed, others for another', async () => {
    const fit = async (seed: number) => {
      const model = new IALS({ factors: 6, sweeps: 3 });
      await model.fit(train, { seed });
      return model.factors();
    };
    const [a, b, c] = [await fit(5), await fit(5), await fit(6)];
    expect(a.users).toEqual(b.users);
    expect(a.items).toEqual(b.items);
    expect(a.users).not.toEqual(c.users);
  });

  it('with enough CG steps fits the same model as the Cholesky solver', async () => {
    const options = { factors: 5, sweeps: 4, alpha: 2, lambda: 0.001 };
    const exact = new IALS({ ...options, solver: 'cholesky' });
    await exact.fit(train, { seed: 2 });
    const cg = new IALS({ ...options, solver: 'cg', cgSteps: 25 });
    await cg.fit(train, { seed: 2 });
    expect(relativeError(cg.factors().items, exact.factors().items)).toBeLessThan(1e-4);
    expect(relativeError(cg.sweepLosses, exact.sweepLosses)).toBeLessThan(1e-8);
  });

  it('scores p_u · q_i, and cold users and items 0', async () => {
    const model = new IALS({ factors: 4, sweeps: 2 });
    await model.fit(train);
    const { users, items } = model.factors();
    const scores = await model.score(Int32Array.of(3, 80, 3, -1), Int32Array.of(7, 0, 60, 0));
    let expected = 0;
    for (let d = 0; d < 4; d++) expected += users[3 * 4 + d] * items[7 * 4 + d];
    expect(scores[0]).toBeCloseTo(expected, 6);
    expect([...scores.subarray(1)]).toEqual([0, 0, 0]);
  });

  it('save → load gives identical scores', async () => {
    const model = createRecommender('ials', { factors: 7, sweeps: 2, feedback: 'weighted', solver: 'cholesky' });
    await model.fit(train, { seed: 4 });
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-ials-')), 'model');
    await model.save(dir);
    const loaded = await loadRecommender(dir);
    expect(loaded).toBeInstanceOf(IALS);
    expect((loaded as IALS).options).toEqual((model as IALS).options);
    const { u, i } = allPairs(81, 61);
    expect(await loaded.score(u, i)).toEqual(await model.score(u, i));
    expect(await loaded.recommend(5, 4)).toEqual(await model.recommend(5, 4));
  });

  it('weighs observed pairs by their values with weighted feedback', async () => {
    const binary = new IALS({ factors: 4, sweeps: 2 });
    await binary.fit(train, { seed: 1 });
    const weighted = new IALS({ factors: 4, sweeps: 2, feedback: 'weighted' });
    await weighted.fit(train, { seed: 1 });
    expect(weighted.factors().users).not.toEqual(binary.factors().users);
    const negative = Interactions.fromColumns({
      users: Int32Array.of(0, 1),
      items: Int32Array.of(0, 1),
      values: Float32Array.of(1, -1),
    });
    await expect(new IALS({ feedback: 'weighted' }).fit(negative)).rejects.toThrow(/values ≥ 0/);
  });

  it('refuses a loss that is not finite', async () => {
    const model = new IALS({ factors: 4, sweeps: 3, alpha: 1e308 });
    await expect(model.fit(train)).rejects.toThrow(/ials: the loss is (NaN|Infinity) after sweep 1: .*lower alpha/);
    expect(model.fitted).toBe(false);
  });

  it('refuses factors that collapsed to zero (frequency-scaled λ on a large catalogue), saying why', async () => {
    // 40 users with 2 purchases each among 30,000 items: λ·(items + α·Σr) ≈ 450 per user row.
    const users = Int32Array.from({ length: 80 }, (_, r) => r >> 1);
    const items = Int32Array.from({ length: 80 }, (_, r) => (r * 7919) % 30_000);
    const sparse = Interactions.fromColumns({ users, items }, { numItems: 30_000 });
    const model = new IALS({ factors: 8 });
    await expect(model.fit(sparse)).rejects.toThrow(
      /ials: the factors collapsed to zero \(the largest prediction for a training pair is .*Frequency-scaled λ 0\.015 penalises a typical user row by 4\d\d .*30,000 items.*regularization 'plain'/,
    );
    expect(model.fitted).toBe(false);
    const plain = new IALS({ factors: 8, sweeps: 3, regularization: 'plain', lambda: 10 });
    await expect(plain.fit(sparse)).resolves.toBeDefined();
  });

  it('refuses bad options, naming them', () => {
    expect(() => new IALS({ factors: 0 })).toThrow(/ials: option "factors" must be an integer in \[1, 1024\]/);
    expect(() => new IALS({ factors: 2000 })).toThrow(/factors/);
    expect(() => new IALS({ alpha: -1 })).toThrow(/alpha/);
    expect(() => new IALS({ lambda: 0 })).toThrow(/lambda/);
    expect(() => new IALS({ solver: 'lu' as 'cg' })).toThrow(/must be one of cg, cholesky/);
    expect(() => new IALS({ cgSteps: 0 })).toThrow(/cgSteps/);
    expect(() => new IALS({ std: 0 })).toThrow(/std/);
    expect(() => new IALS({ sweeps: 0 })).toThrow(/sweeps/);
    expect(() => createRecommender('ials', { epochs: 3 })).toThrow(/ials has no option "epochs"/);
  });

  it('refuses a bad seed or an unknown fit option before changing a fitted model', async () => {
    const model = new IALS({ factors: 3, sweeps: 1 });
    await model.fit(train);
    const before = model.factors();
    await expect(model.fit(train, { seed: 1.5 })).rejects.toThrow(/option "seed" must be an integer/);
    await expect(model.fit(train, { epochs: 2 } as object)).rejects.toThrow(/epochs/);
    expect(model.factors()).toEqual(before);
  });

  it('takes up to 256 factors and more', async () => {
    const model = new IALS({ factors: 256, sweeps: 1 });
    await model.fit(train);
    expect(model.factors().items).toHaveLength(60 * 256);
  });
});
