import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { ItemPop } from './item-pop.js';
import { createRecommender, loadRecommender } from './registry.js';

// Item popularity: item 0 → 3 users, item 1 → 2, item 2 → 1, item 3 → 0.
const train = Interactions.fromColumns(
  { users: Int32Array.of(0, 1, 2, 0, 1, 2), items: Int32Array.of(0, 0, 0, 1, 1, 2) },
  { userIds: IdMap.from(['a', 'b', 'c']), itemIds: IdMap.from(['w', 'x', 'y', 'z']) },
);

describe('ItemPop', () => {
  it('scores items by training interaction count, cold items 0', async () => {
    const model = new ItemPop();
    await model.fit(train);
    const scores = await model.score(Int32Array.of(0, 0, 0, 0, 0), Int32Array.of(0, 1, 2, 3, 99));
    expect([...scores]).toEqual([3, 2, 1, 0, 0]);
  });

  it('recommends the most popular unseen items, and seen ones when asked', async () => {
    const model = new ItemPop();
    await model.fit(train);
    // user 2 has seen items 0 and 2.
    expect((await model.recommend(2, 2)).map((r) => r.item)).toEqual([1, 3]);
    expect((await model.recommend(2, 2, { excludeSeen: false })).map((r) => r.item)).toEqual([0, 1]);
    // Batches smaller than the catalogue give the same answer.
    expect(await model.recommend(2, 3, { batchSize: 1 })).toEqual(await model.recommend(2, 3));
  });

  it('recommends among given candidates only, seen ones left out unless asked, each once', async () => {
    const model = new ItemPop();
    await model.fit(train);
    const candidates = Int32Array.of(3, 2, 3, 1);
    expect((await model.recommend(2, 5, { candidates })).map((r) => r.item)).toEqual([1, 3]);
    expect((await model.recommend(2, 2, { candidates, excludeSeen: false })).map((r) => r.item)).toEqual([1, 2]);
    expect(await model.recommend(2, 5, { candidates, batchSize: 1 })).toEqual(
      await model.recommend(2, 5, { candidates }),
    );
    await expect(model.recommend(2, 1, { candidates: Int32Array.of(1, 9) })).rejects.toThrow(
      'candidate 9 (at 1) is not an item index in [0, 4)',
    );
  });

  it('refuses to score or fit on nothing', async () => {
    await expect(new ItemPop().score(Int32Array.of(0), Int32Array.of(0))).rejects.toThrow(/not fitted/);
    const empty = Interactions.fromColumns({ users: new Int32Array(0), items: new Int32Array(0) });
    await expect(new ItemPop().fit(empty)).rejects.toThrow(/empty/);
  });

  it('save → load gives identical scores, id maps and seen items', async () => {
    const model = createRecommender('itempop');
    await model.fit(train);
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-itempop-')), 'model');
    await model.save(dir);
    const loaded = await loadRecommender(dir);
    expect(loaded.name).toBe('itempop');
    expect(loaded.itemIds.ids()).toEqual(['w', 'x', 'y', 'z']);
    expect(loaded.userIds.ids()).toEqual(['a', 'b', 'c']);
    const users = Int32Array.of(0, 1, 2, 0);
    const items = Int32Array.of(0, 1, 2, 3);
    expect(await loaded.score(users, items)).toEqual(await model.score(users, items));
    expect(await loaded.recommend(2, 2)).toEqual(await model.recommend(2, 2));
  });

  it('loading a directory that is not a model says so', async () => {
    await expect(loadRecommender(mkdtempSync(join(tmpdir(), 'recsys-empty-')))).rejects.toThrow(/not a recsys model/);
  });
});
