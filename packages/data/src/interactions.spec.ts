import { describe, expect, it } from 'vitest';
import { Interactions } from './interactions.js';

// 2 users × 3 items: user 0 has items 0 and 2, user 1 has item 2.
const log = Interactions.fromColumns({ users: Int32Array.of(0, 0, 1), items: Int32Array.of(2, 0, 2) });

describe('Interactions accessors', () => {
  it('return the right views for valid indices', () => {
    expect(Array.from(log.itemsOf(0))).toEqual([0, 2]);
    expect(Array.from(log.usersOf(2))).toEqual([0, 1]);
    expect(log.userDegree(1)).toBe(1);
    expect(log.itemDegree(1)).toBe(0);
    expect(Array.from(log.rowsOfUser(0))).toEqual([1, 0]);
    expect(Array.from(log.rowsOfItem(2))).toEqual([0, 2]);
  });

  // Before: userPtr[99] is undefined and subarray(undefined, undefined) is every item of every user.
  it.each([99, 2, -1, 0.5, 1.5, NaN, Infinity, '0' as unknown as number])('refuse user index %s', (u) => {
    expect(() => log.itemsOf(u)).toThrow(/Interactions\.itemsOf: user index .* is not an integer in \[0, 2\)/);
    expect(() => log.rowsOfUser(u)).toThrow(/Interactions\.rowsOfUser: user index/);
    expect(() => log.userDegree(u)).toThrow(/Interactions\.userDegree: user index/);
  });

  it.each([99, 3, -1, 1.5, NaN])('refuse item index %s', (i) => {
    expect(() => log.usersOf(i)).toThrow(/Interactions\.usersOf: item index .* is not an integer in \[0, 3\)/);
    expect(() => log.rowsOfItem(i)).toThrow(/Interactions\.rowsOfItem: item index/);
    expect(() => log.itemDegree(i)).toThrow(/Interactions\.itemDegree: item index/);
  });

  it('name the index in the message', () => {
    expect(() => log.itemsOf(99)).toThrow('Interactions.itemsOf: user index 99 is not an integer in [0, 2)');
    expect(() => log.usersOf(NaN)).toThrow('Interactions.usersOf: item index NaN is not an integer in [0, 3)');
  });

  it('has: false for integer ids outside the space, an error for NaN or fractions', () => {
    expect(log.has(0, 2)).toBe(true);
    expect(log.has(1, 0)).toBe(false);
    expect(log.has(99, 0)).toBe(false);
    expect(log.has(-5, 0)).toBe(false);
    expect(log.has(0, 99)).toBe(false);
    expect(() => log.has(NaN, 0)).toThrow(/Interactions\.has: user index NaN/);
    expect(() => log.has(0.5, 0)).toThrow(/Interactions\.has: user index 0\.5/);
    expect(() => log.has(0, NaN)).toThrow(/Interactions\.has: item index NaN/);
    expect(() => log.has(0, 2.5)).toThrow(/Interactions\.has: item index 2\.5/);
  });
});

describe('Interactions.select', () => {
  it('keeps the given rows', () => {
    const picked = log.select(Int32Array.of(2, 0));
    expect(Array.from(picked.users)).toEqual([1, 0]);
    expect(Array.from(picked.items)).toEqual([2, 2]);
  });

  // Before: gather read undefined, which an Int32Array stores as 0, inventing a row (user 0, item 0).
  it.each([5, 3, -1])('refuses row %s', (r) => {
    expect(() => log.select(Int32Array.of(0, r))).toThrow(
      `Interactions.select: rows[1] is ${r}, not a row number in [0, 3)`,
    );
  });
});

describe('Interactions.fromColumns', () => {
  const users = Int32Array.of(0, 1, 1);
  const items = Int32Array.of(0, 2, 1);
  const build = (columns: Record<string, unknown>, options?: Record<string, unknown>) => () =>
    Interactions.fromColumns(
      { users, items, ...columns } as unknown as Parameters<typeof Interactions.fromColumns>[0],
      options as Parameters<typeof Interactions.fromColumns>[1],
    );

  it('builds a log from valid columns, with index spaces larger than the ids', () => {
    const log = build({}, { numUsers: 4, numItems: 5 })();
    expect([log.numUsers, log.numItems, log.userIds.size]).toEqual([4, 5, 2]);
    expect(log.itemsOf(3).length).toBe(0);
  });

  // Before: '5' was kept as a string (userPtr of length 51), 1.5 and NaN built broken offsets.
  it.each([
    ['numUsers', '5', /option "numUsers" must be a number, got "5"/],
    ['numUsers', 1.5, /option "numUsers" must be an integer in \[0, 2147483647\] \(indices are 32-bit\), got 1\.5/],
    ['numItems', NaN, /option "numItems" must be an integer .*got NaN/],
    ['numItems', -1, /option "numItems" must be an integer .*got -1/],
    ['numUsers', 2 ** 31, /option "numUsers" must be an integer .*got 2147483648/],
  ])('refuses option %s = %s', (key, value, message) => {
    expect(build({}, { [key]: value })).toThrow(message);
  });

  // Before: new Int32Array(2**31 + 1) twice, then four more: the probe was OOM-killed.
  it('refuses an index space too large to allocate, saying its size', () => {
    expect(build({}, { numUsers: 2 ** 31 - 1 })).toThrow(
      /Interactions\.fromColumns: numUsers 2147483647 is too large to index \(its offset arrays alone would take 16\.0 GiB; the limit is 268435456\)/,
    );
    expect(build({ items: Int32Array.of(0, 2 ** 31 - 2, 1) })).toThrow(/numItems 2147483647 is too large to index/);
  });

  it('refuses a space smaller than its largest index, naming the row and value', () => {
    expect(build({}, { numItems: 2 })).toThrow(
      'Interactions.fromColumns: column items has 2 at row 1, outside [0, numItems = 2)',
    );
    expect(build({ users: Int32Array.of(0, -3, 1) })).toThrow(/column users has -3 at row 1, outside/);
  });

  it('refuses NaN and infinities in values and timestamps, naming the row', () => {
    expect(build({ values: Float32Array.of(1, NaN, 2) })).toThrow(
      'Interactions.fromColumns: column values has NaN at row 1',
    );
    expect(build({ timestamps: Float64Array.of(1, 2, Infinity) })).toThrow(
      'Interactions.fromColumns: column timestamps has Infinity at row 2',
    );
  });

  // Before: plain arrays were accepted and failed later with "this.userItems.subarray is not a function".
  it('refuses plain arrays and wrong typed arrays', () => {
    expect(build({ users: [0, 1, 1] })).toThrow(
      'Interactions.fromColumns: column users must be an Int32Array, got an array of 3',
    );
    expect(build({ values: Float64Array.of(1, 2, 3) })).toThrow(
      /column values must be a Float32Array, got a Float64Array/,
    );
    expect(build({ timestamps: [1, 2, 3] })).toThrow(/column timestamps must be a Float64Array/);
  });

  it('refuses columns of different lengths', () => {
    expect(build({ items: Int32Array.of(0, 1) })).toThrow(
      'Interactions.fromColumns: column items has 2 rows, users has 3',
    );
    expect(build({ values: Float32Array.of(1) })).toThrow(/column values has 1 rows, users has 3/);
  });

  it('refuses unknown option and column keys, and id maps that are not IdMaps', () => {
    expect(build({}, { numUser: 5 })).toThrow(/Interactions\.fromColumns has no option "numUser"/);
    expect(build({ rating: Float32Array.of(1, 2, 3) })).toThrow(/has no option "rating"/);
    expect(build({}, { userIds: ['a', 'b'] })).toThrow(/option "userIds" must be an IdMap, got an array of 2/);
  });

  it('refuses behaviour names that cannot be codes', () => {
    const behaviours = Uint8Array.of(0, 1, 0);
    expect(build({ behaviours }, { behaviourNames: ['pv', 'pv'] })).toThrow(
      'Interactions.fromColumns: behaviourNames[1] "pv" repeats behaviourNames[0]',
    );
    const many = Array.from({ length: 257 }, (_, k) => `b${k}`);
    expect(build({ behaviours }, { behaviourNames: many })).toThrow(/has 257 names; .* at most 256/);
    expect(build({ behaviours }, { behaviourNames: ['pv'] })).toThrow(/column behaviours has 1 at row 1/);
    expect(build({ behaviours })).toThrow(/a behaviours column needs option "behaviourNames"/);
  });
});
