import { describe, expect, it } from 'vitest';
import { IdMap } from './id-map.js';

describe('IdMap', () => {
  it('maps strings and numbers, a number as its decimal string', () => {
    const map = new IdMap();
    expect(map.add('a')).toBe(0);
    expect(map.add(7)).toBe(1);
    expect(map.add('7')).toBe(1);
    expect(map.index(7)).toBe(1);
    expect(map.ids()).toEqual(['a', '7']);
  });

  // Before: add(undefined) and add('undefined') were one id, as were null/'null' and NaN/'NaN'.
  it.each([undefined, null, NaN, Infinity, {}, true])('add refuses %s rather than merging it with its string', (id) => {
    const map = new IdMap();
    map.add('undefined');
    map.add('null');
    map.add('NaN');
    expect(() => map.add(id as unknown as string)).toThrow(
      /IdMap\.add: an id must be a string or a finite number, got /,
    );
    expect(() => map.has(id as unknown as string)).toThrow(/IdMap\.has: an id must be/);
    expect(() => map.index(id as unknown as string)).toThrow(/IdMap\.index: an id must be/);
    expect(map.size).toBe(3);
  });

  it('says what it got, strings quoted', () => {
    expect(() => new IdMap().add(NaN)).toThrow('IdMap.add: an id must be a string or a finite number, got NaN');
  });

  // Before: identity(1.5) had size 2, identity('3') had size 3, identity(-1) and identity(NaN) were empty.
  it.each([1.5, -1, NaN, '3', 2 ** 31])('identity refuses size %s', (size) => {
    expect(() => IdMap.identity(size as number)).toThrow(
      /IdMap\.identity: size must be an integer in \[0, 2147483647\], got /,
    );
  });

  it('identity maps 0..size-1 to themselves', () => {
    expect(IdMap.identity(3).ids()).toEqual(['0', '1', '2']);
    expect(IdMap.identity(0).size).toBe(0);
  });

  it('from refuses duplicates and non-ids, naming the index', () => {
    expect(() => IdMap.from(['a', 'b', 'a'])).toThrow('IdMap.from: ids[2] "a" repeats ids[0]');
    expect(() => IdMap.from(['1', 1])).toThrow('IdMap.from: ids[1] "1" repeats ids[0]');
    expect(() => IdMap.from(['a', undefined as unknown as string])).toThrow(
      'IdMap.from: ids[1]: an id must be a string or a finite number, got undefined',
    );
    expect(() => IdMap.from(null as unknown as string[])).toThrow(/IdMap\.from: ids must be an iterable/);
    expect(IdMap.from(['x', 'y']).index('y')).toBe(1);
  });

  it('clone grows independently', () => {
    const map = IdMap.from(['a']);
    const copy = map.clone();
    copy.add('b');
    expect([map.size, copy.size]).toEqual([1, 2]);
  });
});
