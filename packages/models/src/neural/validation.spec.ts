import { Interactions, leaveOneOut, sampleTestNegatives, synthetic, type TestNegatives } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { holdoutValidation, sampledValidation } from './validation.js';

const { interactions } = synthetic({ users: 40, items: 60, interactionsPerUser: 8, seed: 3 });
const { train, validation, test } = leaveOneOut(interactions, { validation: true });

describe('sampledValidation', () => {
  it('accepts the negatives of its own held-out log', () => {
    const negatives = sampleTestNegatives(interactions, validation, { count: 20, seed: 1 });
    expect(sampledValidation(train, validation, { negatives }).monitor).toBe('ndcg');
  });

  it("refuses the test set's negatives: epochs would be chosen on the test set", () => {
    const testNegatives = sampleTestNegatives(interactions, test, { count: 20, seed: 1 });
    expect(() => sampledValidation(train, validation, { negatives: testNegatives })).toThrow(
      /the validation negatives does not belong to the validation log: 40 of its 40 cases are not pairs/,
    );
  });

  it('refuses negatives lists of unequal length', () => {
    const negatives = sampleTestNegatives(interactions, validation, { count: 20, seed: 1 });
    const cut: TestNegatives = { ...negatives, offsets: negatives.offsets.map((o, c) => (c === 1 ? 5 : o)) };
    expect(() => sampledValidation(train, validation, { negatives: cut })).toThrow(
      /list 5 to 35 negatives per case \(2 cases differ from the usual 20\)/,
    );
  });
});

describe('validation pairs that are training pairs', () => {
  const leaky = Interactions.fromColumns(
    { users: Int32Array.of(validation.users[0]), items: Int32Array.of(train.itemsOf(validation.users[0])[0]) },
    { userIds: train.userIds, itemIds: train.itemIds, numUsers: train.numUsers, numItems: train.numItems },
  );

  it('are refused by both validators', () => {
    expect(() => sampledValidation(train, leaky)).toThrow(
      /sampledValidation: 1 of 1 held-out rows are training pairs \(first: row 0, user/,
    );
    expect(() => holdoutValidation(train, leaky)).toThrow(/picks the epoch that memorises best/);
  });
});

describe('holdoutValidation with candidates', () => {
  const all = Int32Array.from({ length: train.numItems }, (_, i) => i);

  it('ranks among the candidates only: fewer items to beat, recall no lower than among all', async () => {
    const scorer = { score: async (_u: Int32Array, items: Int32Array) => Float32Array.from(items, (i) => -i) };
    const wanted = new Set(validation.items);
    const some = all.filter((i) => wanted.has(i) || i % 2 === 0);
    const [among, every] = await Promise.all([
      holdoutValidation(train, validation, { m: 5, candidates: some }).evaluate(scorer as never),
      holdoutValidation(train, validation, { m: 5 }).evaluate(scorer as never),
    ]);
    expect(among.recall).toBeGreaterThanOrEqual(every.recall!);
    expect(among.recall).toBeGreaterThan(0);
  });

  it('refuses, before any training, held-out items that are not candidates', () => {
    const without = all.filter((i) => i !== validation.items[0]);
    expect(() => holdoutValidation(train, validation, { candidates: without })).toThrow(
      `held-out items are not among the candidates (e.g. item ${validation.items[0]}`,
    );
  });
});
