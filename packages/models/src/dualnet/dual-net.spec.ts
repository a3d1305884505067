import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coldStartItems, synthetic, type SparseFeatures } from '@recsys/data';
import { StepContext } from '@recsys/train';
import { describe, expect, it } from 'vitest';
import { loadRecommender } from '../registry.js';
import { DualNet, dualNetFitOptionSchema } from './dual-net.js';

const { interactions } = synthetic({ users: 40, items: 60, interactionsPerUser: 8, seed: 7 });
const { train, coldItems } = coldStartItems(interactions, { fraction: 0.1, seed: 1 });
// Content: each item's own id and one of 5 "genres", so cold items differ by content alone.
const features: SparseFeatures = {
  numRows: 60,
  numFeatures: 65,
  ptr: Int32Array.from({ length: 61 }, (_, r) => 2 * r),
  indices: Int32Array.from({ length: 120 }, (_, k) => (k % 2 === 0 ? k / 2 : 60 + (((k - 1) / 2) % 5))),
  values: Float32Array.from({ length: 120 }, (_, k) => (k % 2 === 0 ? 1 : 2)),
};
const quiet = { progress: false as const, backend: 'cpu' as const, itemFeatures: features };
const pairs = { users: Int32Array.of(0, 1, 2, 0), items: Int32Array.of(coldItems[0]!, 3, coldItems[1]!, 3) };

describe.each(['cpu', 'wasm'] as const)('DualNet on %s', (backend) => {
  it.each(['basic', 'multilevel', 'branching'] as const)(
    '%s: trains on dual mini-batches (loss falls), scores cold items from content',
    async (design) => {
      const model = new DualNet({ units: [16, 8], design });
      const report = await model.fit(train, {
        ...quiet,
        backend,
        epochs: 3,
        learningRate: 0.01,
        userBatch: 16,
        itemBatch: 32,
      });
      const losses = report.history.epochs.map((e) => e.loss);
      expect(losses[2]).toBeLessThan(losses[0]!);
      expect(report.history.epochs[0]!.samples).toBe(40 * (60 - coldItems.length)); // every cell of R once
      const scores = await model.score(pairs.users, pairs.items);
      expect(scores.every(Number.isFinite)).toBe(true);
      expect(scores[0]).not.toBe(scores[2]); // two cold items, two different contents
      model.dispose();
    },
  );
});

describe('DualNet', () => {
  it('scores a batch over the whole catalogue by one matmul, as pair by pair (cold ids included)', async () => {
    const model = new DualNet({ units: [8, 4] });
    await model.fit(train, { ...quiet, epochs: 1, userBatch: 8, itemBatch: 16 });
    // Users 0 and 3 against every item and an unknown id: dense enough for the matmul path.
    const catalogue = Array.from({ length: 61 }, (_, i) => i);
    const users = Int32Array.from([...catalogue.map(() => 0), ...catalogue.map(() => 3)]);
    const items = Int32Array.from([...catalogue, ...catalogue]);
    const byMatmul = await model.score(users, items);
    // The same pairs a few at a time: too sparse for the matmul, scored pair by pair.
    const byPair = new Float32Array(users.length);
    for (let k = 0; k < users.length; k++) {
      byPair[k] = (await model.score(users.subarray(k, k + 1), items.subarray(k, k + 1)))[0]!;
    }
    for (let k = 0; k < users.length; k++) expect(byMatmul[k]).toBeCloseTo(byPair[k]!, 5);
    expect(byMatmul[60]).toBeCloseTo(byPair[60]!, 5); // item 60: not in the catalogue, scored as the empty input
    model.dispose();
  });

  it('scores as the dot product of the encoders: known users by their history, items by their content', async () => {
    const model = new DualNet({ units: [8, 4] });
    await model.fit(train, { ...quiet, epochs: 1, userBatch: 8, itemBatch: 16 });
    const users = model.encodeUsers([train.itemsOf(0), train.itemsOf(1)]);
    const items = model.encodeItems(features);
    const size = model.embeddingSize;
    expect(size).toBe(12); // branching: 8 + 4
    const dot = (u: number, i: number) => {
      let s = 0;
      for (let d = 0; d < size; d++) s += users[u * size + d]! * items[i * size + d]!;
      return s;
    };
    const scores = await model.score(Int32Array.of(0, 1, 1), Int32Array.of(5, coldItems[0]!, 5));
    expect(scores[0]).toBeCloseTo(dot(0, 5), 5);
    expect(scores[1]).toBeCloseTo(dot(1, coldItems[0]!), 5);
    expect(scores[2]).toBeCloseTo(dot(1, 5), 5);
    // The cached embeddings score as the forward pass does, cold ids (outside the space) from empty inputs.
    const users_ = Int32Array.of(0, 3, 999, 2);
    const items_ = Int32Array.of(7, coldItems[0]!, 4, 999);
    const forward = model.forward(new StepContext(false), { users: users_, items: items_ });
    const expected = forward.dataSync();
    (await model.score(users_, items_)).forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 5));
  });

  it('scores with the weights of the last training step: scoring between epochs does not keep stale embeddings', async () => {
    const model = new DualNet({ units: [8, 4] });
    const after: Float32Array[] = [];
    await model.fit(train, {
      ...quiet,
      epochs: 3,
      learningRate: 0.01,
      onEpochEnd: async () => void after.push(await model.score(pairs.users, pairs.items)),
    });
    expect(after[1]).not.toEqual(after[0]);
    expect(after[2]).not.toEqual(after[1]);
    expect(await model.score(pairs.users, pairs.items)).toEqual(after[2]);
  });

  it('recommends for a new user from their history, among candidates, leaving the history out', async () => {
    const model = new DualNet({ units: [8, 4] });
    await model.fit(train, { ...quiet, epochs: 1 });
    const history = Int32Array.of(1, 2, 3);
    const all = await model.recommendFromHistory(history, 60);
    expect(all.map((r) => r.item).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => i).filter((i) => !history.includes(i)),
    );
    const among = await model.recommendFromHistory(history, 3, { candidates: coldItems });
    expect(among.every((r) => coldItems.includes(r.item))).toBe(true);
    expect(among).toHaveLength(3);
    await expect(model.recommendFromHistory(Int32Array.of(99), 3)).rejects.toThrow(
      'entry 0 of history 0 (99) is not an item index in [0, 60)',
    );
    const cold = await model.recommend(0, 2, { candidates: coldItems });
    expect(cold.every((r) => coldItems.includes(r.item))).toBe(true);
  });

  it('same seed → identical scores; save → load keeps the encoders and the content (cold items, new users)', async () => {
    const options = { ...quiet, epochs: 2, seed: 3, userBatch: 8, itemBatch: 16 };
    const a = new DualNet({ units: [8, 4], noise: 0.2, dropout: 0.1 });
    await a.fit(train, options);
    const b = new DualNet({ units: [8, 4], noise: 0.2, dropout: 0.1 });
    await b.fit(train, options);
    const scores = await a.score(pairs.users, pairs.items);
    expect(await b.score(pairs.users, pairs.items)).toEqual(scores);
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-dualnet-')), 'model');
    await a.save(dir);
    const loaded = (await loadRecommender(dir)) as DualNet;
    expect(await loaded.score(pairs.users, pairs.items)).toEqual(scores);
    expect(loaded.encodeItems(features)).toEqual(a.encodeItems(features));
    expect(loaded.encodeUsers([Int32Array.of(4, 9)])).toEqual(a.encodeUsers([Int32Array.of(4, 9)]));
  });

  it('warm-starts level by level (§4): the shallower networks train first and the model starts from them', async () => {
    const options = { ...quiet, epochs: 1, seed: 5, learningRate: 0.01, userBatch: 16, itemBatch: 32 };
    const cold = new DualNet({ units: [16, 8, 4], design: 'multilevel' });
    const coldLoss = (await cold.fit(train, options)).history.epochs[0]!.loss;
    const lines: string[] = [];
    let epochEnds = 0;
    const warm = new DualNet({ units: [16, 8, 4], design: 'multilevel' });
    const report = await warm.fit(train, {
      ...options,
      warmStartEpochs: 4,
      log: (line) => lines.push(line),
      onEpochEnd: () => void epochEnds++,
    });
    expect(lines.filter((l) => l.includes('warm start'))).toEqual([
      'dualnet: warm start 1/2: networks of 1 level [16], 4 epochs',
      'dualnet: warm start 2/2: networks of 2 levels [16, 8], 4 epochs',
    ]);
    expect(epochEnds).toBe(1); // the model's own epoch only
    expect(report.history.epochs).toHaveLength(1);
    // Its lower levels already match users to items: the first epoch starts far lower than from scratch.
    expect(report.history.epochs[0]!.loss).toBeLessThan(0.8 * coldLoss);
    // Repeatable, and saved like any DualNet.
    const again = new DualNet({ units: [16, 8, 4], design: 'multilevel' });
    await again.fit(train, { ...options, warmStartEpochs: 4 });
    expect(await again.score(pairs.users, pairs.items)).toEqual(await warm.score(pairs.users, pairs.items));
    expect(await warm.score(pairs.users, pairs.items)).not.toEqual(await cold.score(pairs.users, pairs.items));
    for (const model of [cold, warm, again]) model.dispose();
  });

  it("the command line's training options: the dual mini-batch's sizes, none of sampled negatives", () => {
    const keys = Object.keys(dualNetFitOptionSchema());
    expect(keys).toEqual(
      expect.arrayContaining(['epochs', 'learningRate', 'userBatch', 'itemBatch', 'warmStartEpochs']),
    );
    for (const key of ['negatives', 'sampler', 'batchSize', 'targets', 'order']) expect(keys).not.toContain(key);
  });

  it('refuses what does not apply or does not fit, naming it', async () => {
    const model = new DualNet();
    await expect(model.fit(train, { progress: false })).rejects.toThrow('option "itemFeatures" is required');
    const short = {
      ...features,
      numRows: 59,
      ptr: features.ptr.subarray(0, 60),
      indices: features.indices.subarray(0, 118),
      values: features.values.subarray(0, 118),
    };
    await expect(model.fit(train, { ...quiet, itemFeatures: short })).rejects.toThrow(
      'the item features have 59 rows, the log 60 items',
    );
    await expect(model.fit(train, { ...quiet, negatives: 4 } as never)).rejects.toThrow(
      'option "negatives" does not apply',
    );
    await expect(model.fit(train, { ...quiet, userBatch: 0 })).rejects.toThrow(
      'option "userBatch" must be a positive integer, got 0',
    );
    await expect(model.fit(train, { ...quiet, warmStartEpochs: -1 })).rejects.toThrow(
      'option "warmStartEpochs" must be a non-negative integer, got -1',
    );

    const nan = { ...features, values: Float32Array.from(features.values, (v, k) => (k === 3 ? NaN : v)) };
    await expect(model.fit(train, { ...quiet, itemFeatures: nan })).rejects.toThrow(
      'itemFeatures.values[3] is NaN, not a finite number',
    );
  });
});
