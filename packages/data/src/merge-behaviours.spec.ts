import { describe, expect, it } from 'vitest';
import { IdMap } from './id-map.js';
import { Interactions } from './interactions.js';
import { mergeBehaviourLogs } from './merge-behaviours.js';
import { expectThrow, rowsOf } from './test-support.js';

/**
 * Two files loaded one after the other with shared maps: buy first (users a, b; items x, y), then cart, which adds
 * user c and item z. The buy log's space is the maps' size at the time it was built.
 */
function loadedParts(options: { timestamps?: boolean; values?: boolean } = {}) {
  const userIds = IdMap.from(['a', 'b']);
  const itemIds = IdMap.from(['x', 'y']);
  const buy = Interactions.fromColumns(
    {
      users: Int32Array.of(1, 0),
      items: Int32Array.of(0, 1),
      timestamps: options.timestamps ? Float64Array.of(20, 10) : undefined,
      values: options.values ? Float32Array.of(1, 1) : undefined,
    },
    { userIds, itemIds, numUsers: userIds.size, numItems: itemIds.size },
  );
  userIds.add('c');
  itemIds.add('z');
  const cart = Interactions.fromColumns(
    {
      users: Int32Array.of(2, 0, 1),
      items: Int32Array.of(2, 1, 0),
      timestamps: options.timestamps ? Float64Array.of(5, 6, 7) : undefined,
      values: options.values ? Float32Array.of(3, 1, 2) : undefined,
    },
    { userIds, itemIds },
  );
  return { buy, cart, userIds, itemIds };
}

describe('mergeBehaviourLogs', () => {
  it('concatenates the parts in part order, then file order, coding behaviours by part', () => {
    const { buy, cart, userIds, itemIds } = loadedParts();
    expect(buy.numUsers).toBe(2);
    const log = mergeBehaviourLogs([
      { name: 'buy', log: buy },
      { name: 'cart', log: cart },
    ]);
    expect(rowsOf(log)).toEqual([
      [1, 0],
      [0, 1],
      [2, 2],
      [0, 1],
      [1, 0],
    ]);
    expect(Array.from(log.behaviours ?? [])).toEqual([0, 0, 1, 1, 1]);
    expect(log.behaviourNames).toEqual(['buy', 'cart']);
    // The shared maps, at their final sizes (the buy log was built when they were smaller).
    expect(log.userIds).toBe(userIds);
    expect(log.itemIds).toBe(itemIds);
    expect(log.numUsers).toBe(3);
    expect(log.numItems).toBe(3);
    expect(log.timestamps).toBeUndefined();
    expect(log.values).toBeUndefined();
    expect(log.ofBehaviour('cart').size).toBe(3);
    // The other order codes the other way.
    const reversed = mergeBehaviourLogs([
      { name: 'cart', log: cart },
      { name: 'buy', log: buy },
    ]);
    expect(Array.from(reversed.behaviours ?? [])).toEqual([0, 0, 0, 1, 1]);
    expect(rowsOf(reversed)[0]).toEqual([2, 2]);
  });

  it('keeps timestamps and values when every part has them', () => {
    const { buy, cart } = loadedParts({ timestamps: true, values: true });
    const log = mergeBehaviourLogs([
      { name: 'buy', log: buy },
      { name: 'cart', log: cart },
    ]);
    expect(Array.from(log.timestamps ?? [])).toEqual([20, 10, 5, 6, 7]);
    expect(Array.from(log.values ?? [])).toEqual([1, 1, 3, 1, 2]);
  });

  it('drops values unless every part has them', () => {
    const timed = loadedParts({ timestamps: true, values: true });
    const untimed = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(2), timestamps: Float64Array.of(1) },
      { userIds: timed.userIds, itemIds: timed.itemIds },
    );
    const log = mergeBehaviourLogs([
      { name: 'buy', log: timed.buy },
      { name: 'fav', log: untimed },
    ]);
    expect(log.values).toBeUndefined();
    expect(Array.from(log.timestamps ?? [])).toEqual([20, 10, 1]);
  });

  it('merges a single part, and parts with no rows', () => {
    const { buy, cart } = loadedParts();
    const empty = cart.select(new Int32Array(0));
    const log = mergeBehaviourLogs([
      { name: 'buy', log: buy },
      { name: 'fav', log: empty },
    ]);
    expect(log.size).toBe(2);
    expect(log.behaviourNames).toEqual(['buy', 'fav']);
    // Alone, the buy log still takes the maps' final size (cart's load added user c after it was built).
    expect(mergeBehaviourLogs([{ name: 'buy', log: buy }]).numUsers).toBe(3);
  });

  it('accepts separate maps that agree at every index both have, and keeps the largest', () => {
    // Two logs built from indices (identity maps of different lengths) number ids alike.
    const buy = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(1) });
    const cart = Interactions.fromColumns({ users: Int32Array.of(3), items: Int32Array.of(0) });
    const log = mergeBehaviourLogs([
      { name: 'buy', log: buy },
      { name: 'cart', log: cart },
    ]);
    expect(log.userIds).toBe(cart.userIds);
    expect(log.itemIds).toBe(buy.itemIds);
    expect([log.numUsers, log.numItems]).toEqual([4, 2]);
  });

  it('keeps a part space larger than the maps', () => {
    const userIds = IdMap.from(['a']);
    const itemIds = IdMap.from(['x']);
    const buy = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(0) },
      { userIds, itemIds, numUsers: 5, numItems: 7 },
    );
    const cart = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(0) }, { userIds, itemIds });
    const log = mergeBehaviourLogs([
      { name: 'buy', log: buy },
      { name: 'cart', log: cart },
    ]);
    expect([log.numUsers, log.numItems]).toEqual([5, 7]);
  });
});

describe('mergeBehaviourLogs errors', () => {
  const { buy, cart } = loadedParts();

  it('refuses an empty list and a non-array', () => {
    expectThrow(
      () => mergeBehaviourLogs([]),
      RangeError,
      "mergeBehaviourLogs: no parts; pass one { name, log } per behaviour, e.g. [{ name: 'buy', log: buy }, " +
        "{ name: 'cart', log: cart }]",
    );
    expectThrow(
      () => mergeBehaviourLogs('buy' as never),
      TypeError,
      'mergeBehaviourLogs: pass an array of { name, log }, one per behaviour, got "buy"',
    );
  });

  it('refuses more than 256 parts', () => {
    const parts = Array.from({ length: 257 }, (_, k) => ({ name: `b${k}`, log: buy }));
    expectThrow(
      () => mergeBehaviourLogs(parts),
      RangeError,
      'mergeBehaviourLogs: 257 parts; behaviour codes are bytes, so at most 256 behaviours',
    );
  });

  it('refuses a repeated name', () => {
    expectThrow(
      () =>
        mergeBehaviourLogs([
          { name: 'buy', log: buy },
          { name: 'cart', log: cart },
          { name: 'buy', log: cart },
        ]),
      RangeError,
      'mergeBehaviourLogs: parts[2].name "buy" repeats parts[0].name',
    );
  });

  it('refuses a part that already has a behaviours column', () => {
    const taobao = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(0), behaviours: Uint8Array.of(1) },
      { behaviourNames: ['pv', 'buy'] },
    );
    expectThrow(
      () =>
        mergeBehaviourLogs([
          { name: 'buy', log: buy },
          { name: 'taobao', log: taobao },
        ]),
      RangeError,
      'mergeBehaviourLogs: part "taobao" already has a behaviours column (pv, buy); merge logs of one behaviour each',
    );
  });

  it('names the parts whose maps number users or items differently', () => {
    // cart.txt loaded with its own maps: index 0 is another user.
    const own = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(0) },
      { userIds: IdMap.from(['c', 'a']), itemIds: IdMap.from(['x']) },
    );
    expectThrow(
      () =>
        mergeBehaviourLogs([
          { name: 'buy', log: buy },
          { name: 'cart', log: own },
        ]),
      RangeError,
      'mergeBehaviourLogs: parts "buy" and "cart" number their users differently: user index 0 is "a" in "buy" but ' +
        '"c" in "cart"; load every part with the same userIds and itemIds maps',
    );
    const items = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(0) },
      { userIds: IdMap.from(['a']), itemIds: IdMap.from(['x', 'q']) },
    );
    expectThrow(
      () =>
        mergeBehaviourLogs([
          { name: 'buy', log: buy },
          { name: 'fav', log: items },
        ]),
      RangeError,
      'mergeBehaviourLogs: parts "buy" and "fav" number their items differently: item index 1 is "y" in "buy" but ' +
        '"q" in "fav"; load every part with the same userIds and itemIds maps',
    );
  });

  it('compares each part with the largest map so far, so disagreement is caught through a shorter map', () => {
    const part = (users: string[]) =>
      Interactions.fromColumns(
        { users: Int32Array.of(0), items: Int32Array.of(0) },
        { userIds: IdMap.from(users), itemIds: IdMap.from(['x']) },
      );
    // "pv" agrees with both others on its single index; "buy" and "cart" disagree at index 1.
    expectThrow(
      () =>
        mergeBehaviourLogs([
          { name: 'buy', log: part(['a', 'b']) },
          { name: 'pv', log: part(['a']) },
          { name: 'cart', log: part(['a', 'c']) },
        ]),
      RangeError,
      'mergeBehaviourLogs: parts "buy" and "cart" number their users differently: user index 1 is "b" in "buy" but ' +
        '"c" in "cart"; load every part with the same userIds and itemIds maps',
    );
  });

  it('names the parts without timestamps when others have them', () => {
    const timed = loadedParts({ timestamps: true });
    const pv = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(0) },
      { userIds: timed.userIds, itemIds: timed.itemIds },
    );
    expectThrow(
      () =>
        mergeBehaviourLogs([
          { name: 'buy', log: timed.buy },
          { name: 'pv', log: pv },
          { name: 'cart', log: timed.cart },
        ]),
      RangeError,
      'mergeBehaviourLogs: part "pv" has no timestamps but "buy", "cart" have; rows could not be ordered across ' +
        'behaviours: give every part timestamps, or none',
    );
    expectThrow(
      () =>
        mergeBehaviourLogs([
          { name: 'buy', log: buy },
          { name: 'pv', log: pv },
          { name: 'cart', log: timed.cart },
        ]),
      RangeError,
      'mergeBehaviourLogs: parts "buy", "pv" have no timestamps but "cart" has; rows could not be ordered across ' +
        'behaviours: give every part timestamps, or none',
    );
  });

  it('says what is wrong with a malformed part', () => {
    expectThrow(
      () => mergeBehaviourLogs([null] as never),
      TypeError,
      'mergeBehaviourLogs: parts[0] must be { name, log }, got null',
    );
    expectThrow(
      () => mergeBehaviourLogs([{ name: 'buy', log: buy, weight: 2 }] as never),
      RangeError,
      'mergeBehaviourLogs (parts[0]) has no option "weight" (its options: name, log)',
    );
    expectThrow(
      () => mergeBehaviourLogs([{ name: '', log: buy }]),
      TypeError,
      'mergeBehaviourLogs: parts[0].name must be a non-empty string, got ""',
    );
    expectThrow(
      () => mergeBehaviourLogs([{ name: 3, log: buy }] as never),
      TypeError,
      'mergeBehaviourLogs: parts[0].name must be a non-empty string, got 3',
    );
    expectThrow(
      () => mergeBehaviourLogs([{ name: 'buy', log: buy.users }] as never),
      TypeError,
      'mergeBehaviourLogs: pass an Interactions as parts[0].log ("buy"), got a Int32Array of 2',
    );
  });
});
