import { leaveOneOut, synthetic } from '@recsys/data';
import { RecentHistories, StepContext } from '@recsys/train';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MLP } from '../ncf/mlp.js';
import { DELF } from './delf.js';

const { interactions } = synthetic({ users: 40, items: 60, interactionsPerUser: 12, seed: 4 });
const { train } = leaveOneOut(interactions);
const quiet = { progress: false as const, backend: 'cpu' as const };

describe('DELF', () => {
  afterEach(() => vi.restoreAllMocks());

  it('leaves the scored pair out of both histories in training, not in scoring; caps them at the most recent T', async () => {
    const model = new DELF({ factors: 4, historyCap: 3 });
    await model.fit(train, { ...quiet, epochs: 1 });
    const padded = vi.spyOn(RecentHistories.prototype, 'padded');
    const pairs = { users: Int32Array.of(0, 1), items: Int32Array.of(5, 7) };
    model.forward(new StepContext(true), pairs);
    const sides = padded.mock.calls.map(([ids, cap, leaveOut]) => [
      Array.from(ids),
      cap,
      leaveOut && Array.from(leaveOut),
    ]);
    expect(sides).toEqual([
      [[0, 1], 3, [5, 7]], // users' histories without the scored items
      [[5, 7], 3, [0, 1]], // items' histories without the scoring users
    ]);
    expect(padded.mock.results.every((r) => (r.value as { length: number }).length <= 3)).toBe(true);
    padded.mockClear();
    await model.score(pairs.users, pairs.items);
    expect(padded.mock.calls.map(([, , leaveOut]) => leaveOut)).toEqual([undefined, undefined]);
  });

  it('scores a pair the same alone and in a batch that repeats its user and item', async () => {
    const model = new DELF({ factors: 4 });
    await model.fit(train, { ...quiet, epochs: 1 });
    const users = Int32Array.of(3, 0, 3, 9, 0);
    const items = Int32Array.of(7, 7, 2, 7, 2);
    const batch = await model.score(users, items);
    for (let k = 0; k < users.length; k++) {
      const [alone] = await model.score(users.subarray(k, k + 1), items.subarray(k, k + 1));
      expect(batch[k]).toBeCloseTo(alone!, 6);
    }
  });

  it('builds the ablations of the paper: ni (one tower) and na (averages), and refuses ni with EF', async () => {
    for (const [variant, blocks] of [
      ['full', ['user_attention', 'item_attention', 'towers', 'fusion']],
      ['ni', ['user_attention', 'item_attention', 'tower', 'fusion']],
      ['na', ['user_attention', 'item_attention', 'towers', 'fusion']],
    ] as const) {
      const model = new DELF({ factors: 4, variant });
      await model.fit(train, { ...quiet, epochs: 1 });
      expect(model.denseWeights().map((w) => w.name.split('/')[0])).toEqual(
        expect.arrayContaining([...blocks].filter((b) => variant !== 'na' || !b.endsWith('attention'))),
      );
      // DELF-na has no attention weights: its pooling is an average.
      expect(model.denseWeights().some((w) => w.name.startsWith('user_attention'))).toBe(variant !== 'na');
    }
    expect(() => new DELF({ variant: 'ni', fusion: 'ef' })).toThrow("variant 'ni' has no pairwise representations");
    expect(() => new DELF({ factors: 8, layers: [16, 4] })).toThrow('factors 8 disagree with layers [16, 4]');
  });

  it('fromPretrained starts the primitive embeddings from a trained MLP (§3.2)', async () => {
    const mlp = new MLP({ layers: [16, 8, 4] }); // embeddings 8
    await mlp.fit(train, { ...quiet, epochs: 1 });
    const delf = DELF.fromPretrained(mlp, { factors: 4, dim: 8 });
    const table = (m: { tables: readonly { name: string; data: Float32Array }[] }, name: string) =>
      m.tables.find((t) => t.name === name)!.data;
    expect(table(delf, 'user')).toEqual(table(mlp, 'mlp_user'));
    expect(table(delf, 'item')).toEqual(table(mlp, 'mlp_item'));
    await delf.fit(train, { ...quiet, epochs: 1 });
    expect(() => DELF.fromPretrained(mlp, { factors: 4 })).toThrow(
      "the MLP's embeddings have 8 values, DELF's dim is 4",
    );
  });
});
