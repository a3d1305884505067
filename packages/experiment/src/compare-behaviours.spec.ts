import { describe, expect, it } from 'vitest';
import { Interactions, Random, sampleTestNegatives, targetLeaveOneOut } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { ItemPop, type FitOptions } from '@recsys/models';
import { compare } from './compare.js';
import type { CompareModel } from './compare-model.js';

const BEHAVIOURS = ['pv', 'cart', 'buy'];

/** 50 shoppers × 60 items, timed: each views 10 items, carts some of them, buys some of the carted. */
function shop(): Interactions {
  const random = new Random(4);
  const cols = { users: [] as number[], items: [] as number[], behaviours: [] as number[], timestamps: [] as number[] };
  const add = (u: number, i: number, b: string, t: number) => {
    cols.users.push(u);
    cols.items.push(i);
    cols.behaviours.push(BEHAVIOURS.indexOf(b));
    cols.timestamps.push(t);
  };
  for (let u = 0; u < 50; u++) {
    let t = 0;
    const seen = new Set<number>();
    while (seen.size < 10) seen.add(((u % 5) * 12 + random.int(24)) % 60);
    for (const i of seen) {
      add(u, i, 'pv', ++t);
      if (random.next() < 0.6) {
        add(u, i, 'cart', ++t);
        if (random.next() < 0.7) add(u, i, 'buy', ++t);
      }
    }
  }
  return Interactions.fromColumns(
    {
      users: Int32Array.from(cols.users),
      items: Int32Array.from(cols.items),
      behaviours: Uint8Array.from(cols.behaviours),
      timestamps: Float64Array.from(cols.timestamps),
    },
    { numUsers: 50, numItems: 60, behaviourNames: BEHAVIOURS },
  );
}

const data = shop();

/** ItemPop that records the logs it is fitted on. */
class Recording extends ItemPop {
  static fits: { name: string; train: Interactions }[] = [];
  constructor(private readonly label: string) {
    super();
  }
  override async fit(train: Interactions, options?: FitOptions) {
    Recording.fits.push({ name: this.label, train });
    return super.fit(train, options);
  }
}

const recording = (name: string, trainOn: CompareModel['trainOn']): CompareModel => ({
  name,
  trainOn,
  create: () => new Recording(name),
});

describe('compare with a target behaviour', () => {
  it('splits on the target, trains each model on its log, and tests all on the same target cases', async () => {
    Recording.fits = [];
    const result = await compare({
      data,
      behaviours: { target: 'buy' },
      models: [recording('target', 'target'), recording('all', 'all'), recording('log', 'behaviours'), 'itempop'],
      seeds: [1],
      ks: [5, 10],
      negatives: 20,
    });
    const outer = targetLeaveOneOut(data, { target: 'buy' });
    const inner = targetLeaveOneOut(outer.train, { target: 'buy' });
    const fits = (name: string) => Recording.fits.filter((f) => f.name === name).map((f) => f.train);
    // Tuning on the inner split, the refit on the outer one.
    const [targetInner, targetOuter] = fits('target');
    expect(targetInner!.size).toBe(inner.train.ofBehaviour('buy').size);
    expect(targetOuter!.size).toBe(outer.train.ofBehaviour('buy').size);
    expect(targetOuter!.behaviours!.every((b) => b === 2)).toBe(true);
    const [, logOuter] = fits('log');
    expect(logOuter!.size).toBe(outer.train.size);
    expect(logOuter!.behaviourNames).toEqual(BEHAVIOURS);
    // Every behaviour merged: one row per distinct pair of the training log, no behaviours column.
    const [, allOuter] = fits('all');
    const pairs = new Set(Array.from(outer.train.users, (u, r) => `${u}/${outer.train.items[r]}`));
    expect(allOuter!.size).toBe(pairs.size);
    expect(allOuter!.behaviours).toBeUndefined();
    expect(result.split).toMatchObject({
      kind: 'leave-one-out on "buy"',
      train: outer.train.size,
      behaviours: {
        target: 'buy',
        names: BEHAVIOURS,
        leakedSupportiveRows: outer.report.leakedSupportiveRows,
        earlierSupportiveRows: outer.report.earlierSupportiveRows,
      },
    });
    // The test's earlier views and carts of its pairs stay in the training log the multi-behaviour models read.
    expect(outer.report.earlierSupportiveRows).toBeGreaterThan(0);
    // An independent evaluation of ItemPop on purchases gives the reported figures: negatives among items never
    // touched in any way, full ranking leaving out the purchases of training.
    const model = new ItemPop();
    await model.fit(outer.train.ofBehaviour('buy'));
    const negatives = sampleTestNegatives(data, outer.test, { count: 20, seed: 1 });
    const sampled = await evaluateSampled(model, negatives, { k: 10 });
    const full = await evaluateFullRanking(model, outer.train.ofBehaviour('buy'), outer.test, { k: 10 });
    const run = result.runs.find((r) => r.model === 'itempop')!;
    expect(result.split.test).toBe(outer.test.size);
    expect(run.metrics.sampled!['hr@10']).toBeCloseTo(sampled.metrics.hr, 10);
    expect(run.metrics.full!['ndcg@10']).toBeCloseTo(full.metrics.ndcg, 10);
  });

  it('runs the multi-feedback model, its uniform-negative variant and a +all baseline', async () => {
    const result = await compare({
      data,
      behaviours: { target: 'buy', supportive: ['cart'] },
      models: ['multi-feedback', 'multi-feedback-uniform', 'itempop+all'],
      seeds: [1],
      ks: [10],
      negatives: 20,
      maxEpochs: 2,
      patience: 1,
    });
    expect(result.skipped).toEqual([]);
    expect(result.runs.map((r) => r.model)).toEqual(['multi-feedback', 'multi-feedback-uniform', 'itempop+all']);
    for (const run of result.runs) expect(Number.isFinite(run.metrics.full!['hr@10'])).toBe(true);
  });

  it('refuses what does not fit, naming it', async () => {
    await expect(compare({ data, models: ['itempop+all'] })).rejects.toThrow(
      'itempop+all trains on several behaviours: give behaviours: { target }',
    );
    await expect(compare({ data, behaviours: { target: 'purchase' }, models: ['itempop'] })).rejects.toThrow(
      /purchase/,
    );
    await expect(compare({ data, behaviours: { target: 'buy' }, models: ['multi-feedback+all'] })).rejects.toThrow(
      'multi-feedback already trains on every behaviour',
    );
    const plain = Interactions.fromColumns({ users: Int32Array.of(0, 1), items: Int32Array.of(1, 0) });
    await expect(compare({ data: plain, behaviours: { target: 'buy' }, models: ['itempop'] })).rejects.toThrow(
      /behaviour/,
    );
  });
});
