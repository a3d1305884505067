import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { createRecommender, loadRecommender, recommenderEntry } from '../registry.js';
import { MF } from './mf.js';

// 30 users × 8 items: every user has item 0; user u also has item 1 + (u mod 7).
const numUsers = 30;
const users = Int32Array.from({ length: 2 * numUsers }, (_, k) => k >> 1);
const items = Int32Array.from({ length: 2 * numUsers }, (_, k) => (k % 2 === 0 ? 0 : 1 + ((k >> 1) % 7)));
const train = Interactions.fromColumns({ users, items });
const quiet = { progress: false as const, backend: 'cpu' as const };

function tableOf(model: MF, name: string): Float32Array {
  const table = model.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table.data;
}

describe('MF', () => {
  it('learns the global and per-item biases: the always-positive item gets the highest', async () => {
    const model = new MF({ factors: 4 });
    const report = await model.fit(train, { ...quiet, epochs: 15, seed: 3 });
    const itemBias = tableOf(model, 'mf_item_bias');
    for (let i = 1; i < 8; i++) expect(itemBias[0]).toBeGreaterThan(itemBias[i]! + 0.5);
    // 8 negatives per positive: the global bias moves from 0 towards the log-odds of a positive (ln 1/8 ≈ −2).
    expect(tableOf(model, 'mf_bias')[0]).toBeLessThan(-0.5);
    expect(tableOf(model, 'mf_user_bias').some((b) => b !== 0)).toBe(true);
    // The loss decreases.
    const losses = report.history.epochs.map((e) => e.loss);
    expect(losses.at(-1)).toBeLessThan(losses[0]! * 0.8);
  });

  it("trains with the paper's defaults: SGD, 8 negatives, 0.002 per example × batch size", async () => {
    const model = new MF({ factors: 2 });
    const report = await model.fit(train, { ...quiet, epochs: 1, batchSize: 100 });
    expect(report.optimizer).toBe('sgd');
    expect(report.loss).toBe('log');
    expect(report.history.epochs[0]!.samples).toBe(train.size * 9);
    expect(report.history.epochs[0]!.learningRate).toBeCloseTo(0.2, 10);
    const given = await new MF({ factors: 2 }).fit(train, {
      ...quiet,
      epochs: 1,
      negatives: 2,
      learningRate: 0.05,
      optimizer: 'adam',
    });
    expect([given.optimizer, given.history.epochs[0]!.samples, given.history.epochs[0]!.learningRate]).toEqual([
      'adam',
      train.size * 3,
      0.05,
    ]);
  });

  it('the same seed gives the same model; another seed another', async () => {
    const fit = async (seed: number) => {
      const model = new MF({ factors: 3 });
      await model.fit(train, { ...quiet, epochs: 2, seed });
      return model.tables.map((t) => [...t.data]);
    };
    const a = await fit(5);
    expect(await fit(5)).toEqual(a);
    expect(await fit(6)).not.toEqual(a);
  });

  it('scores σ(b + b_u + b_i + p_uᵀq_i); a cold user gets σ(b + b_i)', async () => {
    const model = new MF({ factors: 3 });
    await model.fit(train, { ...quiet, epochs: 2 });
    const [p, q, bu, bi, b] = ['mf_user', 'mf_item', 'mf_user_bias', 'mf_item_bias', 'mf_bias'].map((n) =>
      tableOf(model, n),
    );
    const scores = await model.score(Int32Array.of(4, numUsers), Int32Array.of(2, 2));
    const dot = p![12]! * q![6]! + p![13]! * q![7]! + p![14]! * q![8]!;
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    expect(scores[0]).toBeCloseTo(sigmoid(b![0]! + bu![4]! + bi![2]! + dot), 5);
    expect(scores[1]).toBeCloseTo(sigmoid(b![0]! + bi![2]!), 5);
  });

  it('save → load gives identical scores; the registry knows it with its defaults in the help', async () => {
    const model = createRecommender('mf', { factors: 4, l2: 0.01, std: 0.05 });
    await model.fit(train, { ...quiet, epochs: 2 } as never);
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-mf-')), 'model');
    await model.save(dir);
    const loaded = await loadRecommender(dir);
    expect(loaded).toBeInstanceOf(MF);
    expect((loaded as MF).options).toEqual({ factors: 4, l2: 0.01, std: 0.05 });
    const u = Int32Array.from({ length: 40 }, (_, k) => k % numUsers);
    const i = Int32Array.from({ length: 40 }, (_, k) => k % 8);
    expect(await loaded.score(u, i)).toEqual(await model.score(u, i));
    const fitOptions = recommenderEntry('mf').fitOptions;
    expect([fitOptions.optimizer!.defaultText, fitOptions.negatives!.defaultText]).toEqual(['sgd', '8']);
  });

  it('refuses bad options', async () => {
    expect(() => new MF({ factors: 0 })).toThrow(/factors" must be an integer ≥ 1/);
    expect(() => new MF({ l2: -1 })).toThrow(/l2" must be a number ≥ 0/);
    expect(() => new MF({ dim: 8 } as never)).toThrow(/mf has no option "dim"/);
    await expect(new MF().fit(train, { ...quiet, loss: 'bpr' })).rejects.toThrow(/mf trains with log loss/);
  });
});
