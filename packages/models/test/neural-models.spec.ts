import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Interactions, leaveOneOut, synthetic } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import {
  BPRMF,
  DELF,
  DMF,
  GMF,
  loadRecommender,
  MLP,
  NeuMF,
  readModelDir,
  writeModelDir,
  type NeuralRecommender,
} from '../src/index.js';

const { interactions } = synthetic({ users: 80, items: 120, interactionsPerUser: 15, seed: 11 });
const { train } = leaveOneOut(interactions);
const quiet = { progress: false as const };
const pairs = {
  users: Int32Array.from({ length: 50 }, (_, k) => k % 80),
  items: Int32Array.from({ length: 50 }, (_, k) => (k * 7) % 120),
};

const makers: [string, () => NeuralRecommender][] = [
  ['gmf', () => new GMF({ factors: 4 })],
  ['mlp', () => new MLP({ factors: 4 })],
  ['neumf', () => new NeuMF({ factors: 4 })],
  ['bprmf', () => new BPRMF({ factors: 4 })],
  ['dmf', () => new DMF({ layers: [16, 8] })],
  ['delf', () => new DELF({ factors: 4, historyCap: 8 })],
  ['delf (ef, code attention)', () => new DELF({ factors: 4, fusion: 'ef', attention: 'code' })],
];

describe.each(['cpu', 'wasm'] as const)('neural models on the %s backend', (backend) => {
  it.each(makers)('%s: trains (loss falls), scores finite values, keeps tensors flat', async (_name, make) => {
    const model = make();
    const counts: number[] = [];
    const report = await model.fit(train, {
      ...quiet,
      backend,
      epochs: 3,
      batchSize: 128,
      learningRate: 0.01,
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    expect(tf.getBackend()).toBe(backend);
    const losses = report.history.epochs.map((e) => e.loss);
    expect(losses[2]).toBeLessThan(losses[0]);
    expect(new Set(counts).size).toBe(1);
    const scores = await model.score(pairs.users, pairs.items);
    expect(scores).toHaveLength(50);
    expect(scores.every(Number.isFinite)).toBe(true);
    model.dispose();
  });
});

// Dropout draws its masks from the fit's seed, so it must not break repeatability either.
const withDropout: [string, () => NeuralRecommender][] = [
  ['mlp with dropout', () => new MLP({ factors: 4, dropout: 0.3 })],
  ['neumf with dropout', () => new NeuMF({ factors: 4, dropout: 0.3 })],
  ['delf with dropout', () => new DELF({ factors: 4, dropout: 0.3 })],
];

describe('neural models: determinism, save/load, cold ids', () => {
  it.each([...makers, ...withDropout])(
    '%s: same seed → identical scores; save → load → identical scores',
    async (_name, make) => {
      const options = { ...quiet, backend: 'cpu' as const, epochs: 2, batchSize: 128, seed: 5 };
      const a = make();
      await a.fit(train, options);
      const b = make();
      await b.fit(train, options);
      const scoresA = await a.score(pairs.users, pairs.items);
      expect(await b.score(pairs.users, pairs.items)).toEqual(scoresA);

      const dir = join(mkdtempSync(join(tmpdir(), 'recsys-neural-')), 'model');
      await a.save(dir);
      const loaded = await loadRecommender(dir);
      expect(loaded.name).toBe(a.name);
      expect(await loaded.score(pairs.users, pairs.items)).toEqual(scoresA);
      expect(await loaded.recommend(0, 5)).toEqual(await a.recommend(0, 5));
      // Cold ids (beyond the training index space) score without failing.
      const cold = await loaded.score(Int32Array.of(0, 10_000), Int32Array.of(10_000, 0));
      expect(cold.every(Number.isFinite)).toBe(true);
      a.dispose();
      b.dispose();
    },
  );

  it('NeuMF.fromPretrained starts at α·z_GMF + (1−α)·z_MLP and fine-tunes with SGD', async () => {
    const options = { ...quiet, backend: 'cpu' as const, epochs: 2, batchSize: 128 };
    const gmf = new GMF({ factors: 4 });
    await gmf.fit(train, options);
    const mlp = new MLP({ factors: 4 });
    await mlp.fit(train, options);
    const neumf = NeuMF.fromPretrained(gmf, mlp, { alpha: 0.3 });
    const report = await neumf.fit(train, { ...options, epochs: 1, learningRate: 1e-12 });
    const logit = (p: Float32Array) => Array.from(p, (s) => Math.log(s / (1 - s)));
    const zGmf = logit(await gmf.score(pairs.users, pairs.items));
    const zMlp = logit(await mlp.score(pairs.users, pairs.items));
    const zNeu = logit(await neumf.score(pairs.users, pairs.items));
    zNeu.forEach((z, k) => expect(z).toBeCloseTo(0.3 * zGmf[k] + 0.7 * zMlp[k], 3));
    expect(report.optimizer).toBe('sgd');
    expect(() => NeuMF.fromPretrained(new GMF(), mlp)).toThrow(/trained first/);
    const smaller = synthetic({ users: 20, items: 120, interactionsPerUser: 15, seed: 1 }).interactions;
    await expect(NeuMF.fromPretrained(gmf, mlp).fit(smaller, options)).rejects.toThrow(
      /neumf: initialised \(pre-trained\) for 80 users × 120 items, fit on 20 × 120/,
    );
    // The same rows in another order number the ids differently: equal sizes, wrong embeddings (HR 0.37 → 0.18).
    const reversed = Int32Array.from({ length: train.size }, (_, k) => train.size - 1 - k);
    const shuffled = Interactions.fromColumns(
      { users: train.users, items: train.items },
      { userIds: train.userIds, itemIds: train.itemIds },
    ).select(reversed);
    const renumbered = Interactions.fromColumns({
      users: Int32Array.from(shuffled.users, (u) => 79 - u),
      items: shuffled.items,
    });
    await expect(NeuMF.fromPretrained(gmf, mlp).fit(renumbered, options)).rejects.toThrow(
      /initialised \(pre-trained\) on a log whose user ids differ from the one fit was given \(index 0 is user "u0" there, "0" here\)/,
    );
    gmf.dispose();
    mlp.dispose();
    neumf.dispose();
  });

  it('validates on held-out data and restores the best epoch', async () => {
    const { train: inner, validation } = leaveOneOut(train, { validation: true });
    const model = new GMF({ factors: 4 });
    const report = await model.fit(inner, { ...quiet, backend: 'cpu', epochs: 3, validation, validationNegatives: 20 });
    expect(report.history.epochs.every((e) => e.validation && e.validation.ndcg >= 0)).toBe(true);
    const best = Math.max(...report.history.epochs.map((e) => e.validation!.ndcg));
    expect(report.history.epochs[report.history.bestEpoch - 1].validation!.ndcg).toBe(best);
    model.dispose();
  });

  it.each([
    ['dmf', 'log.values', () => new DMF({ layers: [8, 4] })],
    ['delf', 'log.order', () => new DELF({ factors: 4 })],
  ] as const)('%s: refuses a saved model whose %s is short or missing', async (_name, key, make) => {
    const model = make();
    await model.fit(train, { ...quiet, backend: 'cpu', epochs: 1 });
    const root = mkdtempSync(join(tmpdir(), 'recsys-neural-'));
    await model.save(join(root, 'model'));
    const contents = await readModelDir(join(root, 'model'));
    const array = contents.arrays[key]!;
    expect(array).toHaveLength(train.size);
    // Written anew, so every checksum is right: only the model's own check can catch it.
    await writeModelDir(join(root, 'short'), { ...contents, arrays: { ...contents.arrays, [key]: array.subarray(1) } });
    await expect(loadRecommender(join(root, 'short'))).rejects.toThrow(
      `saved array "${key}" does not hold one value per training row (${train.size})`,
    );
    const { [key]: _dropped, ...rest } = contents.arrays;
    await writeModelDir(join(root, 'missing'), { ...contents, arrays: rest });
    await expect(loadRecommender(join(root, 'missing'))).rejects.toThrow(key);
    model.dispose();
  });

  it('delf: an untimed log keeps its row order through save → load', async () => {
    const untimed = Interactions.fromColumns(
      { users: train.users, items: train.items },
      { userIds: train.userIds, itemIds: train.itemIds },
    );
    const model = new DELF({ factors: 4, historyCap: 3 });
    await model.fit(untimed, { ...quiet, backend: 'cpu', epochs: 1 });
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-neural-')), 'model');
    await model.save(dir);
    expect(await (await loadRecommender(dir)).score(pairs.users, pairs.items)).toEqual(
      await model.score(pairs.users, pairs.items),
    );
    model.dispose();
  });
});
