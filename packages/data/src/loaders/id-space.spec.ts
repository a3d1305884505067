import { describe, expect, it } from 'vitest';
import { IdMap } from '../id-map.js';
import { cachedAdd, growIdentity, identityMap, settleIdentity } from './id-space.js';

describe('identity id maps', () => {
  it('accepts an identity map and makes a new one when none is given', () => {
    const given = IdMap.identity(3);
    expect(identityMap(given, 'user')).toBe(given);
    expect(identityMap(undefined, 'user').size).toBe(0);
  });

  it('refuses a map whose raw ids are not their indices', () => {
    expect(() => identityMap(IdMap.from(['7', '8']), 'item')).toThrow(/identity id map/);
  });

  it('grows to max id + 1, or to a declared size', () => {
    const map = IdMap.identity(2);
    growIdentity(map, 5);
    expect(map.ids()).toEqual(['0', '1', '2', '3', '4']);
    expect(settleIdentity(map, 7, undefined, 'User')).toBe(7);
    expect(settleIdentity(map, 3, 10, 'User')).toBe(10);
    expect(map.size).toBe(10);
    expect(() => settleIdentity(map, 3, 4, 'User')).toThrow(/numUsers 4 is smaller/);
  });
});

describe('cachedAdd', () => {
  it('gives the same indices as IdMap.add', () => {
    const map = new IdMap();
    const add = cachedAdd(map);
    expect(['a', 'a', 'b', 'a', 'b', 'b', 'c'].map(add)).toEqual([0, 0, 1, 0, 1, 1, 2]);
    expect(map.ids()).toEqual(['a', 'b', 'c']);
  });
});
