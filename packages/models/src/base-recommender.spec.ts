import { synthetic } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { RandomScores } from './random-scores.js';

const { interactions: train } = synthetic({ users: 30, items: 50, interactionsPerUser: 6, seed: 4 });

describe('recommendMany', () => {
  it("gives each user the list recommend gives, several users' catalogues per score call", async () => {
    const model = new RandomScores();
    await model.fit(train, { seed: 3 });
    let calls = 0;
    const score = model.score.bind(model);
    model.score = (users, items) => (calls++, score(users, items));
    const users = Int32Array.of(0, 5, 5, 29, 30, 12); // a repeat, and 30: a cold user
    for (const excludeSeen of [true, false]) {
      calls = 0;
      const lists = await model.recommendMany(users, 7, { excludeSeen, batchSize: 120 }); // 2 users of 50 items a call
      expect(calls).toBe(3);
      const one = [];
      for (const user of users) one.push(await model.recommend(user, 7, { excludeSeen }));
      expect(lists).toEqual(one);
    }
    const seen = new Set(train.itemsOf(5));
    const [list] = await model.recommendMany(Int32Array.of(5), 50);
    expect(list!.some(({ item }) => seen.has(item))).toBe(false);
    expect(list).toHaveLength(50 - seen.size);
  });

  it('recommends among candidates user by user, and checks its arguments', async () => {
    const model = new RandomScores();
    await model.fit(train, { seed: 3 });
    const candidates = Int32Array.of(1, 2, 3, 40);
    const lists = await model.recommendMany(Int32Array.of(0, 1), 2, { candidates });
    expect(lists).toEqual([await model.recommend(0, 2, { candidates }), await model.recommend(1, 2, { candidates })]);
    await expect(model.recommendMany([0, 1] as never, 2)).rejects.toThrow(/users must be an Int32Array/);
    await expect(model.recommendMany(Int32Array.of(0, -1), 2)).rejects.toThrow(/users\[1\]/);
    await expect(model.recommendMany(Int32Array.of(0), 0)).rejects.toThrow(/k/);
    await expect(model.recommendMany(Int32Array.of(0), 2, { exclude: true } as never)).rejects.toThrow(
      /no option "exclude"/,
    );
  });
});
