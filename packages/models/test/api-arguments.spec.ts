import { leaveOneOut, synthetic } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { GMF, ItemPop, type NeuralFitOptions } from '../src/index.js';

// Every numeric argument of the public API is checked where it enters, not only in the CLI: a probe found
// recommend(u, k, { batchSize: 0 }) looping forever.
const { interactions } = synthetic({ users: 30, items: 50, interactionsPerUser: 8, seed: 2 });
const { train, test } = leaveOneOut(interactions);
const quiet = { progress: false as const, backend: 'cpu' as const };

describe('numeric arguments are checked at the API', () => {
  it.each([
    ['epochs', 0],
    ['epochs', -1],
    ['epochs', 1.5],
    ['epochs', NaN],
    ['batchSize', 0],
    ['batchSize', Infinity],
    ['negatives', -1],
    ['negatives', 0.5],
    ['learningRate', 0],
    ['learningRate', -1],
    ['learningRate', NaN],
    ['learningRate', Infinity],
    ['learningRateDecay', 0],
    ['learningRateDecay', 2],
    ['popularityExponent', -1],
    ['seed', -1],
    ['seed', 1.5],
    ['patience', 0],
    ['k', 0],
  ] as const)('fit refuses %s = %s, naming it', async (name, value) => {
    const options: NeuralFitOptions = { ...quiet, epochs: 1, [name]: value };
    if (name === 'patience' || name === 'k') Object.assign(options, { validation: test, validationNegatives: 10 });
    if (name === 'popularityExponent') options.sampler = 'popularity';
    await expect(new GMF({ factors: 4 }).fit(train, options)).rejects.toThrow(new RegExp(name));
  });

  it.each([
    ['user', -1, 5, {}],
    ['user', 1.5, 5, {}],
    ['user', NaN, 5, {}],
    ['k', 3, 0, {}],
    ['k', 3, NaN, {}],
    ['batchSize', 3, 5, { batchSize: 0 }],
    ['batchSize', 3, 5, { batchSize: NaN }],
    ['batchSize', 3, 5, { batchSize: -2 }],
  ] as const)('recommend refuses %s (%s, %s, %o) instead of looping or guessing', async (name, user, k, options) => {
    for (const model of [new ItemPop(), new GMF({ factors: 4 })]) {
      await (model instanceof GMF ? model.fit(train, { ...quiet, epochs: 1 }) : model.fit(train));
      await expect(model.recommend(user, k, options)).rejects.toThrow(new RegExp(`recommend: ${name} must be`));
    }
  });

  it('score refuses users and items of different lengths', async () => {
    for (const model of [new ItemPop(), new GMF({ factors: 4 })]) {
      await (model instanceof GMF ? model.fit(train, { ...quiet, epochs: 1 }) : model.fit(train));
      await expect(model.score(Int32Array.of(0, 1), Int32Array.of(0))).rejects.toThrow(/2 users for 1 items/);
    }
  });
});

describe('models refuse what would silently do something else', () => {
  it('a disposed model is unfitted: it cannot be saved over a good directory', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadRecommender } = await import('../src/index.js');
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-dispose-')), 'model');
    const model = new GMF({ factors: 4 });
    await model.fit(train, { ...quiet, epochs: 1 });
    await model.save(dir);
    model.dispose();
    expect(model.fitted).toBe(false);
    await expect(model.save(dir)).rejects.toThrow(/not fitted/);
    expect((await loadRecommender(dir)).name).toBe('gmf'); // the saved model survives
  });

  it('a fit refused for its arguments leaves a fitted model as it was', async () => {
    const model = new GMF({ factors: 4 });
    await model.fit(train, { ...quiet, epochs: 1 });
    const before = await model.score(Int32Array.of(0, 1), Int32Array.of(2, 3));
    await expect(model.fit(train, { ...quiet, epochs: 0 })).rejects.toThrow(/epochs/);
    await expect(model.fit(train, { ...quiet, validation: 5 as never })).rejects.toThrow(
      /validation must be an Interactions log or a Validator, got 5/,
    );
    await expect(model.fit(train, { ...quiet, learningRate: NaN })).rejects.toThrow(/got NaN/);
    expect(model.fitted).toBe(true);
    expect(await model.score(Int32Array.of(0, 1), Int32Array.of(2, 3))).toEqual(before);
  });

  it('unknown option keys are refused, not ignored', async () => {
    const pop = new ItemPop();
    await expect(pop.fit(train, { epochs: 3 } as never)).rejects.toThrow('itempop.fit has no option "epochs"');
    await pop.fit(train);
    await expect(pop.recommend(0, 5, { exclude: true } as never)).rejects.toThrow(
      'itempop.recommend has no option "exclude"',
    );
  });

  it('score takes Int32Array indices only', async () => {
    const pop = new ItemPop();
    await pop.fit(train);
    await expect(pop.score(Float32Array.of(0.5) as never, Int32Array.of(1))).rejects.toThrow(/Int32Arrays/);
  });
});
