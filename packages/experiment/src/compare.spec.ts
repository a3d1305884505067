import { describe, expect, it } from 'vitest';
import { Interactions, leaveOneOut, sampleTestNegatives, selectCases, synthetic } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { DELF, ItemPop, type FitOptions } from '@recsys/models';
import { compare } from './compare.js';
import { registeredModel, type CompareModel } from './compare-model.js';

const { interactions: data } = synthetic({ users: 60, items: 200, interactionsPerUser: 12, seed: 3 });

/** The test cases whose item has training rows (the synthetic log has items seen once, at a user's latest). */
function warm(test: Interactions, train: Interactions): Interactions {
  return test.filter((r) => train.itemDegree(test.items[r]!) > 0);
}

/** ItemPop that remembers what it was fitted on and adds `bonus` to item 0's score (so the search has a best). */
class Recording extends ItemPop {
  static fits: { rows: number; train: Interactions; bonus: number }[] = [];
  constructor(private readonly bonus: number) {
    super();
  }
  override async fit(train: Interactions, options?: FitOptions) {
    Recording.fits.push({ rows: train.size, train, bonus: this.bonus });
    return super.fit(train, options);
  }
}

const recording: CompareModel = {
  name: 'recording',
  space: { bonus: [0, 1, 2] },
  create: (params) => new Recording(params.bonus as number),
};

describe('compare', () => {
  it('tunes on validation only, refits on train + validation, and tests once per protocol and K', async () => {
    Recording.fits = [];
    const result = await compare({ data, models: ['itempop', recording], seeds: [1, 2], ks: [5, 10] });
    const outer = leaveOneOut(data);
    const inner = leaveOneOut(outer.train);
    // Per seed: three trials on the inner split, then one refit on the outer train.
    expect(Recording.fits.map((f) => f.rows)).toEqual([
      ...[inner.train.size, inner.train.size, inner.train.size, outer.train.size],
      ...[inner.train.size, inner.train.size, inner.train.size, outer.train.size],
    ]);
    for (const fit of Recording.fits.filter((f) => f.rows === inner.train.size)) {
      for (let r = 0; r < outer.test.size; r++)
        expect(fit.train.has(outer.test.users[r]!, outer.test.items[r]!)).toBe(false);
      for (let r = 0; r < inner.test.size; r++)
        expect(fit.train.has(inner.test.users[r]!, inner.test.items[r]!)).toBe(false);
    }
    expect(result.runs.map((r) => `${r.model}/${r.seed}`)).toEqual([
      'itempop/1',
      'recording/1',
      'itempop/2',
      'recording/2',
    ]);
    const run = result.runs[1]!;
    expect(run.trials).toHaveLength(3);
    const bestTrial = run.trials.reduce((a, b) => (b.score > a.score ? b : a));
    expect(run.chosen).toEqual(bestTrial.params);
    expect(result.skipped).toEqual([]);
    const test = warm(outer.test, outer.train);
    expect(result.split).toMatchObject({
      kind: 'leave-one-out',
      train: outer.train.size,
      test: test.size,
      coldTestCases: outer.test.size - test.size,
    });
  });

  it('hands over the result of the finished seeds after each seed but the last', async () => {
    const partial: { seeds: number[]; runs: string[] }[] = [];
    const result = await compare({
      data,
      models: ['itempop'],
      seeds: [4, 5, 6],
      ks: [10],
      onSeedEnd: (r) => partial.push({ seeds: r.seeds, runs: r.runs.map((run) => `${run.model}/${run.seed}`) }),
    });
    expect(partial).toEqual([
      { seeds: [4], runs: ['itempop/4'] },
      { seeds: [4, 5], runs: ['itempop/4', 'itempop/5'] },
    ]);
    expect(result.seeds).toEqual([4, 5, 6]);
  });

  it('reports the figures an independent evaluation of the refit model gives', async () => {
    const result = await compare({ data, models: ['itempop'], seeds: [7], ks: [10], negatives: 20 });
    const outer = leaveOneOut(data);
    const test = warm(outer.test, outer.train);
    const model = new ItemPop();
    await model.fit(outer.train);
    const negatives = sampleTestNegatives(data, test, { count: 20, seed: 7 });
    const sampled = await evaluateSampled(model, negatives, { k: 10 });
    const full = await evaluateFullRanking(model, outer.train, test, { k: 10 });
    const { metrics } = result.runs[0]!;
    expect(metrics.sampled!['hr@10']).toBeCloseTo(sampled.metrics.hr, 12);
    expect(metrics.sampled!['ndcg@10']).toBeCloseTo(sampled.metrics.ndcg, 12);
    expect(metrics.full!['ndcg@10']).toBeCloseTo(full.metrics.ndcg, 12);
    expect(metrics.full!.auc).toBeCloseTo(full.metrics.auc, 12);
    // ItemPop recommends the same ten unseen hits to nearly everyone: low coverage, but above 10 / items.
    expect(metrics.full!['coverage@10']).toBeGreaterThanOrEqual(10 / data.numItems);
    expect(metrics.full!['coverage@10']).toBeLessThan(0.5);
  });

  it('summarises over seeds with a Student-t interval and tests each model against the best', async () => {
    const weak: CompareModel = { name: 'weak', create: () => new Reversed() };
    const result = await compare({ data, models: ['itempop', weak], seeds: 3, ks: [10], protocols: ['sampled'] });
    const rows = result.summary.filter((s) => s.metric === 'hr@10');
    const pop = rows.find((s) => s.model === 'itempop')!;
    const worse = rows.find((s) => s.model === 'weak')!;
    expect(pop.values).toHaveLength(3);
    expect(pop.mean).toBeCloseTo(pop.values.reduce((a, b) => a + b) / 3, 12);
    expect(pop.ci95[0]).toBeLessThanOrEqual(pop.mean);
    expect(pop.paired).toBeUndefined(); // the best
    expect(worse.paired).toMatchObject({ against: 'itempop' });
    expect(worse.paired!.meanDifference).toBeLessThan(0);
    expect(worse.paired!.p).toBeLessThan(0.05);
  });

  it('goes on without a model that cannot take part, and says why', async () => {
    const broken: CompareModel = {
      name: 'broken',
      create: () => {
        throw new RangeError('this catalogue needs 9 GiB');
      },
    };
    const lines: string[] = [];
    const result = await compare({
      data,
      models: [broken, 'itempop'],
      seeds: 1,
      onProgress: (p) => lines.push(p.message),
    });
    expect(result.skipped).toEqual([{ model: 'broken', seed: 1, reason: 'this catalogue needs 9 GiB' }]);
    expect(result.runs.map((r) => r.model)).toEqual(['itempop']);
    expect(lines.some((line) => /broken \(seed 1\) skipped: this catalogue needs 9 GiB/.test(line))).toBe(true);
  });

  it('records a trial whose fit fails and tunes on with the others; skips the model when every trial fails', async () => {
    class Fragile extends ItemPop {
      constructor(private readonly breaks: boolean) {
        super();
      }
      override async fit(train: Interactions, options?: FitOptions) {
        if (this.breaks) throw new Error('the factors collapsed');
        return super.fit(train, options);
      }
    }
    const fragile = (space: boolean[]): CompareModel => ({
      name: 'fragile',
      space: { breaks: space },
      create: (params) => new Fragile(params.breaks as boolean),
    });
    const lines: string[] = [];
    const some = await compare({
      data,
      models: [fragile([true, false])],
      seeds: 1,
      onProgress: (p) => lines.push(p.message),
    });
    expect(some.skipped).toEqual([]);
    expect(some.runs[0]!.trials.map((t) => t.failed)).toEqual(['the factors collapsed', undefined]);
    expect(some.runs[0]!.chosen).toEqual({ breaks: false });
    expect(
      lines.some((l) => /fragile seed 1 trial 1\/2 \{"breaks":true\}: failed: the factors collapsed/.test(l)),
    ).toBe(true);
    const none = await compare({ data, models: [fragile([true, true])], seeds: 1 });
    expect(none.skipped).toEqual([
      { model: 'fragile', seed: 1, reason: 'every one of its 2 trials failed; the last: the factors collapsed' },
    ]);
  });

  it('hands each finished run to onProgress as it ends', async () => {
    const finished: unknown[] = [];
    const result = await compare({
      data,
      models: ['itempop', recording],
      seeds: 2,
      onProgress: (p) => p.run && finished.push(p.run),
    });
    expect(finished).toEqual(result.runs);
  });

  it('leaves cold test cases out and counts them', async () => {
    // One user's latest item is an item nobody else has: a cold test case.
    const users = Int32Array.from([...data.users, 0]);
    const items = Int32Array.from([...data.items, data.numItems]);
    const timestamps = Float64Array.from([...data.timestamps!, 2e9]);
    const log = Interactions.fromColumns({ users, items, timestamps });
    const before = await compare({ data, models: ['itempop'], seeds: 1, protocols: ['sampled'] });
    const result = await compare({ data: log, models: ['itempop'], seeds: 1, protocols: ['sampled'] });
    expect(result.split.coldTestCases).toBe(before.split.coldTestCases + 1);
    expect(result.split.test).toBe(leaveOneOut(log).test.size - result.split.coldTestCases);
  });

  it('tests a seeded sample of the test cases when asked, the same for every model, and says so', async () => {
    const all = await compare({ data, models: ['itempop'], seeds: 1, protocols: ['sampled'], ks: [10] });
    const options = { data, models: ['itempop', 'random'], seeds: 1, protocols: ['sampled' as const], ks: [10] };
    const drawn = await compare({ ...options, testCases: 20 });
    expect(drawn.split.test).toBe(20);
    expect(drawn.split.testCasesDrawn).toEqual({ drawn: 20, of: all.split.test });
    expect(drawn.split.validation).toBe(all.split.validation); // validation untouched
    const again = await compare({ ...options, testCases: 20 });
    expect(again.runs.map((r) => r.metrics)).toEqual(drawn.runs.map((r) => r.metrics)); // seeded
    // More cases than there are: all of them, and nothing said.
    const every = await compare({ ...options, models: ['itempop'], testCases: 10_000 });
    expect(every.split.testCasesDrawn).toBeUndefined();
    expect(every.runs[0]!.metrics).toEqual(all.runs[0]!.metrics);
    await expect(compare({ ...options, testCases: 0 })).rejects.toThrow('testCases must be an integer ≥ 1');
    await expect(compare({ ...options, split: 'dualnet', testCases: 5 })).rejects.toThrow(/dualnet/);
  });

  it('uses a given test split', async () => {
    const { train, test } = leaveOneOut(data);
    const result = await compare({ data: train, split: { test }, models: ['itempop'], seeds: 1, ks: [10] });
    expect(result.split).toMatchObject({ kind: 'given test', train: train.size, test: warm(test, train).size });
    const again = await compare({ data, models: ['itempop'], seeds: 1, ks: [10] });
    expect(result.runs[0]!.metrics).toEqual(again.runs[0]!.metrics);
  });

  it('picks epochs on validation, refits that many, and builds NeuMF from the chosen GMF and MLP', async () => {
    const result = await compare({
      data,
      models: [
        registeredModel('gmf', { factors: [4], learningRate: [0.01] }),
        registeredModel('mlp', { factors: [4], learningRate: [0.01] }),
        registeredModel('neumf-pretrained', { learningRate: [0.05] }),
      ],
      seeds: 1,
      ks: [10],
      maxEpochs: 3,
      patience: 3,
    });
    expect(result.skipped).toEqual([]);
    expect(result.runs.map((r) => r.model)).toEqual(['gmf', 'mlp', 'neumf-pretrained']);
    for (const run of result.runs) {
      expect(run.curve).toHaveLength(3);
      const best = run.curve!.indexOf(Math.max(...run.curve!)) + 1;
      expect(run.chosen.epochs).toBe(best);
      expect(run.trials[0]!.score).toBe(run.curve![best - 1]);
    }
  });

  it('takes a given test file whose id space extends the data with cold ids, and counts them', async () => {
    const { train, test } = leaveOneOut(data);
    // As the CLI adopts a test file: train's id maps, extended by an item only the test file names.
    const userIds = train.userIds.clone();
    const itemIds = train.itemIds.clone();
    const cold = itemIds.add('never-trained');
    const items = test.items.slice();
    items[0] = cold; // the first test case now names an item training never saw
    const widened = Interactions.fromColumns({ users: test.users, items }, { userIds, itemIds });
    const result = await compare({ data: train, split: { test: widened }, models: ['itempop'], seeds: 1, ks: [10] });
    const usual = await compare({ data: train, split: { test }, models: ['itempop'], seeds: 1, ks: [10] });
    const firstWasWarm = train.itemDegree(test.items[0]!) > 0 ? 1 : 0;
    expect(result.split.coldTestCases).toBe(usual.split.coldTestCases + firstWasWarm);
    expect(result.runs).toHaveLength(1);
  });

  it('keeps cold test cases on request (all test users), scored by models that never trained on them', async () => {
    const { train, test } = leaveOneOut(data);
    const userIds = train.userIds.clone();
    const itemIds = train.itemIds.clone();
    const cold = itemIds.add('never-trained');
    const items = test.items.slice();
    items[0] = cold;
    const widened = Interactions.fromColumns({ users: test.users, items }, { userIds, itemIds });
    // Kept cases need rows in the models: the data in the test's index space, the cold item without interactions.
    const wideTrain = Interactions.fromColumns({ users: train.users, items: train.items }, { userIds, itemIds });
    const options = { data: wideTrain, split: { test: widened }, models: ['itempop'], seeds: 1, ks: [10] };
    const kept = await compare({ ...options, coldCases: 'include' });
    const left = await compare(options);
    expect(kept.split).toMatchObject({ test: widened.size, coldTestCasesKept: true });
    expect(kept.split.coldTestCases).toBe(left.split.coldTestCases);
    expect(left.split.test + left.split.coldTestCases).toBe(widened.size);
    expect(left.split.coldTestCasesKept).toBeUndefined();
    // Full ranking over every test case, the cold ones (ItemPop scores 0: never in the top 10) included.
    const pop = new ItemPop();
    await pop.fit(wideTrain);
    const all = await evaluateFullRanking(pop, wideTrain, widened, { k: 10 });
    expect(kept.runs[0]!.metrics.full!['hr@10']).toBeCloseTo(all.metrics.hr, 12);
    // Beside them, the warm cases alone from the same run: full ranking of them is what leaving cold cases out gives.
    expect(kept.protocols).toEqual(['sampled', 'full', 'sampled-warm', 'full-warm']);
    expect(left.protocols).toEqual(['sampled', 'full']);
    expect(kept.runs[0]!.metrics['full-warm']!['hr@10']).toBeCloseTo(left.runs[0]!.metrics.full!['hr@10']!, 12);
    // Sampled: each warm case among the very negatives it had among all cases.
    const negatives = sampleTestNegatives(wideTrain, widened, { count: 99, seed: 1 });
    const warmNegatives = selectCases(negatives, (c) => wideTrain.itemDegree(negatives.positives[c]!) > 0);
    const sampledWarm = await evaluateSampled(pop, warmNegatives, { k: 10 });
    expect(kept.runs[0]!.metrics['sampled-warm']!['hr@10']).toBeCloseTo(sampledWarm.metrics.hr, 12);
    expect(kept.summary.filter((s) => s.protocol === 'full-warm').map((s) => s.metric)).toContain('ndcg@10');
    // A test id outside the data's space has no row in any model: refused, saying what to do.
    await expect(compare({ ...options, data: train, coldCases: 'include' })).rejects.toThrow(
      "give data the test log's id maps",
    );
    // Every test case cold (the test names only items training never saw): most likely ids that do not match.
    const allCold = Interactions.fromColumns(
      { users: test.users, items: test.items.map(() => cold) },
      { userIds, itemIds },
    );
    await expect(compare({ ...options, split: { test: allCold }, coldCases: 'include' })).rejects.toThrow(
      `every one of the ${allCold.size} test cases is cold`,
    );
    await expect(compare({ ...options, coldCases: 'all' as 'include' })).rejects.toThrow(
      "coldCases must be 'exclude' or 'include'",
    );
  });

  it('refuses bad settings before training anything', async () => {
    await expect(compare({ data, models: [] })).rejects.toThrow(/at least one model/);
    await expect(compare({ data, models: ['nope'] })).rejects.toThrow(/unknown model "nope"/);
    await expect(compare({ data, models: ['itempop', 'itempop'] })).rejects.toThrow(/listed twice/);
    await expect(compare({ data, models: ['neumf-pretrained'] })).rejects.toThrow(/uses gmf, which must be compared/);
    await expect(compare({ data, models: ['itempop'], ks: [0] })).rejects.toThrow(/ks must be/);
    await expect(compare({ data, models: ['itempop'], seed: 1 } as never)).rejects.toThrow(/seed/);
    await expect(
      compare({ data, models: ['itempop'], selection: { protocol: 'full', metric: 'ndcg@7' } }),
    ).rejects.toThrow(/not among ks/);
    await expect(
      compare({ data, models: [{ name: 'gmf', create: () => new ItemPop(), space: { x: [] } }] }),
    ).rejects.toThrow(/"x" must list at least one value/);
  });
});

/** Scores items by negative popularity: a model worse than ItemPop on every seed. */
class Reversed extends ItemPop {
  override async score(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    const scores = await super.score(users, items);
    return scores.map((s) => -s);
  }
}

describe('registeredModel variants', () => {
  it("fixes the papers' named settings: dmf-ce trains DMF with ce, delf-ef is DELF with the empirical fusion", async () => {
    const dmf = registeredModel('dmf-ce');
    expect([dmf.name, dmf.epochs, dmf.space]).toEqual(['dmf-ce', true, { learningRate: [0.0001, 0.0003, 0.001] }]);
    expect(dmf.fitOptions!({ learningRate: 0.001 })).toEqual({ learningRate: 0.001, loss: 'ce' });
    const delf = (await registeredModel('delf-ef', { factors: [4] }).create({ factors: 4 }, {})) as DELF;
    expect([delf.name, delf.options.fusion, delf.options.factors]).toEqual(['delf', 'ef', 4]);
    expect(() => registeredModel('delf-na', { variant: ['full'] })).toThrow('delf-na fixes "variant"; tune it on delf');
  });
});
