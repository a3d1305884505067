import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interactions } from '@recsys/data';
import { StepContext } from '@recsys/train';
import { describe, expect, it } from 'vitest';
import { loadRecommender, recommenderEntry } from '../registry.js';
import { DMF } from './dmf.js';

// 12 users × 6 items with ratings 1–5; user u rated items u mod 6 and (u + 1) mod 6, and user 0 also item 3.
const users = Int32Array.from({ length: 25 }, (_, k) => (k < 24 ? k >> 1 : 0));
const items = Int32Array.from({ length: 25 }, (_, k) => (k < 24 ? ((k >> 1) + (k & 1)) % 6 : 3));
const values = Float32Array.from({ length: 25 }, (_, k) => 1 + (k % 5));
const train = Interactions.fromColumns({ users, items, values });
const quiet = { progress: false as const, backend: 'cpu' as const };

const cosine = (a: number[], b: number[]) => {
  const dot = a.reduce((s, v, k) => s + v * b[k]!, 0);
  return dot / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
};

describe('DMF', () => {
  it("scores the cosine of Y_i*·W_U1 and Y_*j·W_V1; training leaves the pair's own entry out of both", async () => {
    const model = new DMF({ layers: [4] }); // one linear layer: p and q are the first layer's sums
    await model.fit(train, { ...quiet, epochs: 1 });
    const [wu, wv] = model.tables.map((t) => t.data);
    const row = (w: Float32Array, id: number) => Array.from(w.subarray(4 * id, 4 * id + 4));
    const sum = (w: Float32Array, entries: [number, number][]) =>
      entries.reduce((acc, [id, y]) => acc.map((v, d) => v + y * row(w, id)[d]!), [0, 0, 0, 0]);
    const userRow = (u: number) =>
      [...train.itemsOf(u)].map((i, k) => [i, train.values![train.rowsOfUser(u)[k]!]!] as [number, number]);
    const itemColumn = (i: number) =>
      [...train.usersOf(i)].map((u, k) => [u, train.values![train.rowsOfItem(i)[k]!]!] as [number, number]);
    // User 0 and item 3 (a training pair, rating 5).
    const full = cosine(sum(wu!, userRow(0)), sum(wv!, itemColumn(3)));
    const left = cosine(
      sum(
        wu!,
        userRow(0).filter(([i]) => i !== 3),
      ),
      sum(
        wv!,
        itemColumn(3).filter(([u]) => u !== 0),
      ),
    );
    expect((await model.score(Int32Array.of(0), Int32Array.of(3)))[0]).toBeCloseTo(Math.max(full, 1e-6), 5);
    const ctx = new StepContext(true);
    const trained = model.forward(ctx, { users: Int32Array.of(0, 0), items: Int32Array.of(3, 3) }).dataSync();
    expect(trained[0]).toBeCloseTo(Math.max(left, 1e-6), 5);
    expect(trained[1]).toBeCloseTo(trained[0]!, 6); // a repeated pair: each distinct vector summed once
    // Distinct users and items: one vector per example, built without the left-out entry.
    const apart = model.forward(new StepContext(true), { users: Int32Array.of(0, 1), items: Int32Array.of(3, 2) });
    expect(apart.dataSync()[0]).toBeCloseTo(Math.max(left, 1e-6), 5);
    expect(Math.abs(left - full)).toBeGreaterThan(1e-4);
  });

  it('scores from every vector computed once, as its forward pass does (cold ids too), until the weights change', async () => {
    const model = new DMF({ layers: [8, 4] });
    await model.fit(train, { ...quiet, epochs: 1 });
    // Every user (and cold user 12) against every item (and cold item 6): dense enough for the matmul path.
    const u = Int32Array.from({ length: 13 * 7 }, (_, k) => Math.floor(k / 7));
    const i = Int32Array.from({ length: 13 * 7 }, (_, k) => k % 7);
    const forward = () => Array.from(model.forward(new StepContext(false), { users: u, items: i }).dataSync());
    const before = Array.from(await model.score(u, i));
    forward().forEach((value, k) => expect(before[k]).toBeCloseTo(value, 6));
    // One more step changes the weights: the scores follow, never the vectors computed before it.
    await model.fit(train, { ...quiet, epochs: 1, learningRate: 0.05, seed: 2 });
    const after = Array.from(await model.score(u, i));
    expect(after).not.toEqual(before);
    forward().forEach((value, k) => expect(after[k]).toBeCloseTo(value, 6));
    model.dispose();
  });

  it("trains with the paper's defaults: nce on rating / max rating, 7 negatives, Adam at 1e-4", async () => {
    const report = await new DMF({ layers: [8, 4] }).fit(train, { ...quiet, epochs: 1 });
    expect([report.loss, report.optimizer, report.history.epochs[0]!.learningRate]).toEqual(['nce', 'adam', 1e-4]);
    expect(report.history.epochs[0]!.samples).toBe(train.size * 8);
    const ce = await new DMF({ layers: [8, 4] }).fit(train, { ...quiet, epochs: 1, loss: 'ce', negatives: 2 });
    expect([ce.loss, ce.history.epochs[0]!.samples]).toEqual(['ce', train.size * 3]);
    const help = recommenderEntry('dmf').fitOptions;
    expect([help.negatives!.defaultText, help.learningRate!.defaultText, 'targets' in help]).toEqual([
      '7',
      '0.0001',
      false,
    ]);
  });

  it('refuses targets that contradict the loss, and rating input without ratings', async () => {
    await expect(new DMF().fit(train, { ...quiet, epochs: 1, loss: 'ce', targets: 'rating' })).rejects.toThrow(
      "targets follow the loss (nce: rating / max rating; ce: 1), got targets 'rating' with loss 'ce'",
    );
    const implicit = Interactions.fromColumns({ users, items });
    await expect(new DMF().fit(implicit, { ...quiet, epochs: 1 })).rejects.toThrow(
      "dmf: input 'rating' needs ratings, but the training log has no value column",
    );
    const binary = await new DMF({ input: 'binary', layers: [4] }).fit(implicit, { ...quiet, epochs: 1 });
    expect(binary.loss).toBe('nce'); // without ratings nce's target is 1: the same as ce
    expect(() => new DMF({ layers: [] })).toThrow();
  });
});

describe('DMF after restoring the best epoch', () => {
  it('scores with the restored weights, not the last epoch’s cached vectors', async () => {
    // Validation that scores every epoch worse than the first: fit restores epoch 1 after the third, whose vectors
    // the last validation's scoring computed and cached.
    let epoch = 0;
    const validator = {
      monitor: 'ndcg',
      async evaluate(model: { score(u: Int32Array, i: Int32Array): Promise<Float32Array> }) {
        await model.score(Int32Array.of(0), Int32Array.of(1)); // fills the scoring cache
        return { ndcg: 1 / ++epoch };
      },
    };
    const model = new DMF({ layers: [4] });
    const report = await model.fit(train, { ...quiet, epochs: 3, learningRate: 0.05, validation: validator });
    expect(report.history.bestEpoch).toBe(1);
    const pairs = [Int32Array.from({ length: 6 }, () => 0), Int32Array.from({ length: 6 }, (_, i) => i)] as const;
    const scored = await model.score(...pairs);
    const dir = await mkdtemp(join(tmpdir(), 'recsys-dmf-restored-'));
    try {
      await model.save(dir);
      const loaded = await loadRecommender(dir);
      expect(Array.from(scored)).toEqual(Array.from(await loaded.score(...pairs)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
