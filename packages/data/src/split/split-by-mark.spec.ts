import { describe, it, expect } from 'vitest';
import { Interactions } from '../interactions.js';
import { splitByMark } from './split-by-mark.js';

describe('splitByMark', () => {
  it('sends marked rows to test and the rest to train, both in file order', () => {
    const log = Interactions.fromColumns({ users: Int32Array.of(0, 1, 2, 3), items: Int32Array.of(4, 5, 6, 7) });
    const { train, test } = splitByMark(log, Uint8Array.of(0, 1, 0, 1), 2);
    expect(Array.from(train.items)).toEqual([4, 6]);
    expect(Array.from(test.items)).toEqual([5, 7]);
    expect(test.numUsers).toBe(4);
  });
});
