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
