import { Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { ItemPop } from './item-pop.js';
import { recommendByRawIds } from './recommend-raw.js';

describe('recommendByRawIds', () => {
  it('maps raw ids in and out, and says which users were known, untrained or cold', async () => {
    const train = Interactions.fromColumns({
      users: Int32Array.of(0, 0, 1, 2, 2, 2),
      items: Int32Array.of(0, 1, 1, 1, 2, 3),
    });
    const model = new ItemPop();
    await model.fit(train);
    const raw = (user: number) => train.userIds.raw(user);
    const lists = await recommendByRawIds(model, [raw(0), 'nobody', Number(raw(1))], 2);
    expect(lists.map(({ user, status }) => [user, status])).toEqual([
      [raw(0), 'known'],
      ['nobody', 'cold'],
      [raw(1), 'known'],
    ]);
    // ItemPop: item 1 (3 users) first; user 0 saw items 0 and 1, so gets 2 and 3; a cold user gets the most popular.
    expect(lists[0]!.items.map(({ item }) => item)).toEqual([train.itemIds.raw(2), train.itemIds.raw(3)]);
    expect(lists[1]!.items[0]).toEqual({ item: train.itemIds.raw(1), score: 3 });
    await expect(recommendByRawIds(model, [{}] as never, 2)).rejects.toThrow(/users\[0\] must be a raw id/);
  });
});
