import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interactions, Random, targetLeaveOneOut } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { loadRecommender } from '../registry.js';
import { MultiFeedbackNCF, multiFeedbackFitOptionSchema } from './multi-feedback-ncf.js';

const BEHAVIOURS = ['pv', 'cart', 'fav', 'buy'];

/**
 * 30 users × 40 items in 4 "tastes" of 10 items: each user views 6 items of their taste and 2 others, carts 3 of
 * the viewed ones of their taste and buys 2 of those, so purchases follow carts and views.
 */
function shopLog(seed = 1): Interactions {
  const random = new Random(seed);
  const users: number[] = [];
  const items: number[] = [];
  const behaviours: number[] = [];
  const add = (u: number, i: number, b: string) => {
    users.push(u);
    items.push(i);
    behaviours.push(BEHAVIOURS.indexOf(b));
  };
  for (let u = 0; u < 30; u++) {
    const taste = (u % 4) * 10;
    const mine = random.shuffle(Array.from({ length: 10 }, (_, k) => taste + k)).slice(0, 6);
    for (const i of mine) add(u, i, 'pv');
    for (let k = 0; k < 2; k++) add(u, (taste + 10 + random.int(30)) % 40, 'pv');
    for (const i of mine.slice(0, 3)) add(u, i, 'cart');
    add(u, mine[5]!, 'fav');
    for (const i of mine.slice(0, 2)) add(u, i, 'buy');
  }
  return Interactions.fromColumns(
    { users: Int32Array.from(users), items: Int32Array.from(items), behaviours: Uint8Array.from(behaviours) },
    { numUsers: 30, numItems: 40, behaviourNames: BEHAVIOURS },
  );
}

const log = shopLog();
const quiet = { progress: false as const, backend: 'cpu' as const };
const pairs = { users: Int32Array.of(0, 1, 2, 3), items: Int32Array.of(0, 11, 25, 39) };

describe.each(['cpu', 'wasm'] as const)('MultiFeedbackNCF on %s', (backend) => {
  it.each(['bpr', 'log'] as const)(
    'trains on the target rows with %s loss (the loss falls), scores every pair',
    async (loss) => {
      const model = new MultiFeedbackNCF({ factors: 4, target: 'buy' });
      const report = await model.fit(log, { ...quiet, backend, loss, epochs: 4, learningRate: 0.01, batchSize: 32 });
      const epochs = report.history.epochs;
      expect(epochs[3]!.loss).toBeLessThan(epochs[0]!.loss);
      // Every purchase with 3 negatives: a triple counts its two items, a pair one.
      expect(epochs[0]!.samples).toBe(loss === 'bpr' ? 60 * 3 * 2 : 60 * 4);
      expect(model.supportive).toEqual(['pv', 'cart', 'fav']);
      const scores = await model.score(pairs.users, pairs.items);
      expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
      model.dispose();
    },
  );
});

describe('MultiFeedbackNCF', () => {
  it('draws negatives among the items a user only viewed, carted or favourited, or uniformly', async () => {
    const lines: string[] = [];
    const model = new MultiFeedbackNCF({ factors: 4 });
    await model.fit(log, { ...quiet, epochs: 1, log: (line) => lines.push(line) });
    // Every user viewed items they did not buy: every negative is one of them.
    expect(model.negativeDraws).toEqual({ supportive: 180, uniform: 0 });
    expect(lines).toContain(
      'multi-feedback: 30 of 30 users have items they only pv/cart/fav: their "buy" negatives come from those items; ' +
        "the others' are uniform",
    );
    const mixed = new MultiFeedbackNCF({ factors: 4, supportiveShare: 0.5 });
    await mixed.fit(log, { ...quiet, epochs: 1 });
    const draws = mixed.negativeDraws!;
    expect(draws.supportive + draws.uniform).toBe(180);
    expect(draws.supportive / 180).toBeGreaterThan(0.3);
    expect(draws.supportive / 180).toBeLessThan(0.7);
    const uniform = new MultiFeedbackNCF({ factors: 4, negativeSampler: 'uniform' });
    await uniform.fit(log, { ...quiet, epochs: 1 });
    expect(uniform.negativeDraws).toBeUndefined();
    expect(await uniform.score(pairs.users, pairs.items)).not.toEqual(await model.score(pairs.users, pairs.items));
  });

  it('validates on held-out purchases whose items were viewed before (checked against the purchases only)', async () => {
    const { train, test, report } = targetLeaveOneOut(log, { target: 'buy' });
    expect(report.earlierSupportiveRows).toBeGreaterThan(0); // the held-out items were viewed and carted first
    const model = new MultiFeedbackNCF({ factors: 4 });
    const fit = await model.fit(train, { ...quiet, epochs: 2, validation: test, validationNegatives: 5 });
    expect(fit.history.epochs.every((e) => Number.isFinite(e.validation?.ndcg))).toBe(true);
  });

  it('takes the supportive behaviours it is given, one branch each', async () => {
    const model = new MultiFeedbackNCF({ factors: 4, supportive: ['cart'] });
    await model.fit(log, { ...quiet, epochs: 1 });
    expect(model.supportive).toEqual(['cart']);
    // Branches: target + cart, each the tower [16, 8, 4] of factors 4 (a kernel and a bias per layer), then the fusion.
    expect(model.blockWeights('branches')).toHaveLength(2 * 3 * 2 + 2);
  });

  it('same seed → identical scores; save → load keeps them and the branches', async () => {
    const options = { ...quiet, epochs: 2, seed: 3 };
    const a = new MultiFeedbackNCF({ factors: 4, dropout: 0.1 });
    await a.fit(log, options);
    const b = new MultiFeedbackNCF({ factors: 4, dropout: 0.1 });
    await b.fit(log, options);
    const scores = await a.score(pairs.users, pairs.items);
    expect(await b.score(pairs.users, pairs.items)).toEqual(scores);
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-multi-feedback-')), 'model');
    await a.save(dir);
    const loaded = (await loadRecommender(dir)) as MultiFeedbackNCF;
    expect(loaded).toBeInstanceOf(MultiFeedbackNCF);
    expect(loaded.supportive).toEqual(['pv', 'cart', 'fav']);
    expect(await loaded.score(pairs.users, pairs.items)).toEqual(scores);
    // It keeps the purchases as its training log: only bought items are seen, a viewed one is still a candidate.
    const purchases = log.ofBehaviour('buy');
    for (const model of [a, loaded]) {
      expect(model.train.size).toBe(purchases.size);
      const top = (await model.recommend(0, 40)).map((r) => r.item);
      expect(top.some((i) => purchases.has(0, i))).toBe(false);
      expect(top.some((i) => log.has(0, i) && !purchases.has(0, i))).toBe(true);
    }
  });

  it('refuses what does not apply or does not fit, naming it', async () => {
    expect(() => new MultiFeedbackNCF({ target: 'buy', supportive: ['cart', 'buy'] })).toThrow(
      '"buy" is the target behaviour and cannot also be supportive',
    );
    const model = new MultiFeedbackNCF({ factors: 4 });
    await expect(model.fit(log, { ...quiet, sampler: 'popularity' })).rejects.toThrow('not the fit option "sampler"');
    const plain = Interactions.fromColumns({ users: Int32Array.of(0, 1), items: Int32Array.of(1, 0) });
    await expect(model.fit(plain, quiet)).rejects.toThrow(/behaviour/);
    await expect(new MultiFeedbackNCF({ target: 'purchase' }).fit(log, quiet)).rejects.toThrow(/purchase/);
    expect(Object.keys(multiFeedbackFitOptionSchema())).not.toContain('sampler');
  });
});
