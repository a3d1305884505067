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
      await model.fit(train, { ...quiet, epochs: 1 });
      await expect(model.recommend(user, k, options)).rejects.toThrow(new RegExp(`recommend: ${name} must be`));
    }
  });

  it('score refuses users and items of different lengths', async () => {
    for (const model of [new ItemPop(), new GMF({ factors: 4 })]) {
      await model.fit(train, { ...quiet, epochs: 1 });
      await expect(model.score(Int32Array.of(0, 1), Int32Array.of(0))).rejects.toThrow(/2 users for 1 items/);
    }
  });
});
