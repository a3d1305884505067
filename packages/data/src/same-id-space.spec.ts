import { describe, expect, it } from 'vitest';
import { IdMap } from './id-map.js';
import { Interactions } from './interactions.js';
import { checkDisjointPairs, checkSameIdSpace, firstIdConflict } from './same-id-space.js';

const log = (users: string[], items: string[]) =>
  Interactions.fromColumns(
    { users: Int32Array.of(0), items: Int32Array.of(0) },
    { userIds: IdMap.from(users), itemIds: IdMap.from(items) },
  );
const names = { reference: 'train', log: 'test' };

describe('checkSameIdSpace', () => {
  it('accepts the same maps, equal copies and maps extending them', () => {
    const train = log(['a', 'b'], ['x', 'y']);
    checkSameIdSpace('f', train, train, names);
    checkSameIdSpace('f', train, log(['a', 'b'], ['x', 'y']), names);
    checkSameIdSpace('f', train, log(['a', 'b', 'cold'], ['x']), names);
    expect(firstIdConflict(IdMap.from(['a']), IdMap.from(['a', 'b']))).toBe(-1);
  });

  it('names the first index whose raw ids differ, in both logs', () => {
    // Two files loaded separately: index 0 is another user in each.
    expect(() => checkSameIdSpace('f', log(['a', 'b'], ['x']), log(['b', 'a'], ['x']), names)).toThrow(
      'f: test numbers its users differently from train: user index 0 is "b" in test but "a" in train; build it ' +
        "from train (a split of it) or load it with train's id maps",
    );
    expect(() => checkSameIdSpace('f', log(['a'], ['x', 'y']), log(['a'], ['x', 'q']), names)).toThrow(
      /item index 1 is "q" in test but "y" in train/,
    );
  });
});

describe('checkDisjointPairs', () => {
  it('passes disjoint logs and counts the overlap in raw ids otherwise', () => {
    const train = Interactions.fromColumns(
      { users: Int32Array.of(0, 1), items: Int32Array.of(0, 1) },
      { userIds: IdMap.from(['a', 'b']), itemIds: IdMap.from(['x', 'y']) },
    );
    const heldOut = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(1) }, train.sameSpace());
    checkDisjointPairs('f', train, heldOut, 'why');
    expect(() => checkDisjointPairs('f', train, train, 'it overstates')).toThrow(
      'f: 2 of 2 held-out rows are training pairs (first: row 0, user "a", item "x"); it overstates',
    );
  });
});
