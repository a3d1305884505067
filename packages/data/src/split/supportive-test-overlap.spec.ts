import { describe, expect, it } from 'vitest';
import { IdMap } from '../id-map.js';
import { Interactions } from '../interactions.js';
import { mergeBehaviourLogs } from '../merge-behaviours.js';
import { Random } from '../random.js';
import { supportiveTestOverlap } from './supportive-test-overlap.js';
import { targetLeaveOneOut } from './target-leave-one-out.js';
import { expectThrow } from '../test-support.js';

/** A log of `[user, item]` pairs in the shared maps' space, as a loader given those maps builds it. */
function pairs(userIds: IdMap, itemIds: IdMap, rows: [number, number][]): Interactions {
  for (const [u, i] of rows) {
    while (userIds.size <= u) userIds.add(`u${userIds.size}`);
    while (itemIds.size <= i) itemIds.add(`i${itemIds.size}`);
  }
  return Interactions.fromColumns(
    { users: Int32Array.from(rows, (row) => row[0]), items: Int32Array.from(rows, (row) => row[1]) },
    { userIds, itemIds },
  );
}

/** EHCF's layout: buy.train, buy.test and untimed cart and pv files, loaded with shared maps. */
function filesSplit() {
  const userIds = new IdMap();
  const itemIds = new IdMap();
  const buyTrain = pairs(userIds, itemIds, [
    [0, 0],
    [0, 1],
    [1, 2],
  ]);
  const cart = pairs(userIds, itemIds, [
    [0, 3],
    [1, 4],
    [0, 3],
    [0, 0],
    [2, 1],
  ]);
  const pv = pairs(userIds, itemIds, [
    [1, 4],
    [0, 9],
  ]);
  const train = mergeBehaviourLogs([
    { name: 'buy', log: buyTrain },
    { name: 'cart', log: cart },
    { name: 'pv', log: pv },
  ]);
  // Loaded after the merge: user 3 is new to the maps, outside train's space.
  const buyTest = pairs(userIds, itemIds, [
    [0, 3],
    [1, 4],
    [2, 5],
    [0, 3],
    [3, 6],
    [1, 2],
  ]);
  return { train, buyTest };
}

describe('supportiveTestOverlap', () => {
  it('counts the test pairs with supportive rows in train, and those rows, per behaviour', () => {
    const { train, buyTest } = filesSplit();
    expect(buyTest.numUsers).toBeGreaterThan(train.numUsers);
    expect(supportiveTestOverlap(train, buyTest, { target: 'buy' })).toEqual({
      // (0, 3) is in test twice but one pair; (3, 6) is a new user's.
      testPairs: 5,
      // (0, 3) carted twice; (1, 4) carted and viewed.
      pairsWithSupportive: 2,
      supportiveRows: 4,
      byBehaviour: [
        { behaviour: 'cart', pairs: 2, rows: 3 },
        { behaviour: 'pv', pairs: 1, rows: 1 },
      ],
      // (1, 2) was bought in train too.
      pairsWithTarget: 1,
    });
  });

  it('counts only the target rows of a test log with a behaviours column', () => {
    const { train } = filesSplit();
    const test = Interactions.fromColumns(
      { users: Int32Array.of(0, 1, 0), items: Int32Array.of(3, 4, 0), behaviours: Uint8Array.of(1, 0, 0) },
      { userIds: train.userIds, itemIds: train.itemIds, behaviourNames: ['buy', 'cart'] },
    );
    // Test's buy rows are (1, 4) and (0, 0); its cart row (0, 3) is not a test pair.
    expect(supportiveTestOverlap(train, test, { target: 'buy' })).toEqual({
      testPairs: 2,
      // (1, 4) carted and viewed, (0, 0) carted.
      pairsWithSupportive: 2,
      supportiveRows: 3,
      byBehaviour: [
        { behaviour: 'cart', pairs: 2, rows: 2 },
        { behaviour: 'pv', pairs: 1, rows: 1 },
      ],
      // (0, 0) was bought in train.
      pairsWithTarget: 1,
    });
    // With 'cart' as the target, test's one cart row (0, 3) is the pair: carted in train, neither bought nor viewed.
    expect(supportiveTestOverlap(train, test, { target: 'cart' })).toEqual({
      testPairs: 1,
      pairsWithSupportive: 0,
      supportiveRows: 0,
      byBehaviour: [
        { behaviour: 'buy', pairs: 0, rows: 0 },
        { behaviour: 'pv', pairs: 0, rows: 0 },
      ],
      pairsWithTarget: 1,
    });
  });

  it("counts exactly targetLeaveOneOut's earlier supportive rows on its own split", () => {
    const random = new Random(3);
    const n = 500;
    const log = Interactions.fromColumns(
      {
        users: Int32Array.from({ length: n }, () => random.int(25)),
        items: Int32Array.from({ length: n }, () => random.int(12)),
        timestamps: Float64Array.from({ length: n }, () => random.int(5)),
        behaviours: Uint8Array.from({ length: n }, () => random.int(3)),
      },
      { behaviourNames: ['pv', 'cart', 'buy'] },
    );
    const { train, test, report } = targetLeaveOneOut(log, { target: 'buy' });
    const overlap = supportiveTestOverlap(train, test, { target: 'buy' });
    expect(overlap.testPairs).toBe(report.testCases);
    expect(overlap.supportiveRows).toBe(report.earlierSupportiveRows);
    expect(overlap.supportiveRows).toBeGreaterThan(0);
    expect(overlap.pairsWithTarget).toBe(0);
  });

  it('reports zeros for an empty test', () => {
    const { train } = filesSplit();
    const empty = train.select(new Int32Array(0));
    expect(supportiveTestOverlap(train, empty, { target: 'buy' })).toMatchObject({
      testPairs: 0,
      pairsWithSupportive: 0,
      supportiveRows: 0,
    });
  });
});

describe('supportiveTestOverlap arguments', () => {
  const { train, buyTest } = filesSplit();
  const trainBehaviours = 'rows per behaviour in the log: buy 3, cart 5, pv 2';

  it('refuses a train log without a behaviours column', () => {
    expectThrow(
      () => supportiveTestOverlap(buyTest, buyTest, { target: 'buy' }),
      RangeError,
      "supportiveTestOverlap (train): the log has no behaviours column (load one with loadTaobao or loadDelimited's " +
        'behaviour column, or merge one log per behaviour with mergeBehaviourLogs)',
    );
  });

  it('names a target that is not a behaviour of train or of test', () => {
    expectThrow(
      () => supportiveTestOverlap(train, buyTest, { target: 'purchase' }),
      RangeError,
      `supportiveTestOverlap (train): target "purchase" is not a behaviour of the log (${trainBehaviours})`,
    );
    const test = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(3), behaviours: Uint8Array.of(0) },
      { userIds: train.userIds, itemIds: train.itemIds, behaviourNames: ['pv', 'buy'] },
    );
    // A test without target rows has no test pair (a split may leave no case): no error.
    expect(supportiveTestOverlap(train, test, { target: 'buy' }).testPairs).toBe(0);
    expectThrow(
      () => supportiveTestOverlap(train, test, { target: 'cart' }),
      RangeError,
      'supportiveTestOverlap (test): target "cart" is not a behaviour of the log (rows per behaviour in the log: ' +
        'pv 1, buy 0)',
    );
  });

  it('refuses a test numbered in another id space', () => {
    const own = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(0) },
      { userIds: IdMap.from(['u1']), itemIds: IdMap.from(['i0']) },
    );
    expectThrow(
      () => supportiveTestOverlap(train, own, { target: 'buy' }),
      RangeError,
      'supportiveTestOverlap: test numbers its users differently from train: user index 0 is "u1" in test but "u0" ' +
        "in train; build it from train (a split of it) or load it with train's id maps",
    );
  });

  it('refuses an unknown option key, missing options and missing logs', () => {
    expectThrow(
      () => supportiveTestOverlap(train, buyTest, { target: 'buy', validation: true } as never),
      RangeError,
      'supportiveTestOverlap has no option "validation" (its options: target)',
    );
    expectThrow(
      () => supportiveTestOverlap(train, buyTest, undefined as never),
      TypeError,
      "supportiveTestOverlap: pass options, e.g. { target: 'buy' }",
    );
    expectThrow(
      () => supportiveTestOverlap(train, null as never, { target: 'buy' }),
      TypeError,
      'supportiveTestOverlap: pass an Interactions as test, got null',
    );
    expectThrow(
      () => supportiveTestOverlap(undefined as never, buyTest, { target: 'buy' }),
      TypeError,
      'supportiveTestOverlap: pass an Interactions as train, got undefined',
    );
    expectThrow(
      () => supportiveTestOverlap(train, buyTest, { target: 2 } as never),
      TypeError,
      `supportiveTestOverlap (train): target must be a behaviour name (a string), got 2 (${trainBehaviours})`,
    );
  });
});
