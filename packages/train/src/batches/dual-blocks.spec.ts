import { Interactions, Random, synthetic } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { dualBlocks } from './dual-blocks.js';

const log = (users: number[], items: number[], numUsers = 4, numItems = 6) =>
  Interactions.fromColumns({ users: Int32Array.from(users), items: Int32Array.from(items) }, { numUsers, numItems });

describe('dualBlocks', () => {
  it('visits every cell of R once per epoch, in blocks of B_u × B_v, with R from the log', () => {
    const { interactions } = synthetic({ users: 23, items: 31, interactionsPerUser: 5, seed: 3 });
    const source = dualBlocks(interactions, { userBatch: 5, itemBatch: 7 });
    expect(source.blocksPerEpoch).toBe(Math.ceil(source.users.length / 5) * Math.ceil(source.items.length / 7));
    const epoch = source.epoch(new Random(1));
    expect(epoch.length).toBe(source.blocksPerEpoch);
    expect(epoch.examples).toBe(source.users.length * source.items.length);
    const seen = new Map<string, number>();
    let positives = 0;
    for (let b = 0; b < epoch.length; b++) {
      const { users, items, targets, size } = epoch.batch(b);
      expect(users.length).toBeLessThanOrEqual(5);
      expect(items.length).toBeLessThanOrEqual(7);
      expect(size).toBe(users.length * items.length);
      users.forEach((u, r) =>
        items.forEach((i, c) => {
          const key = `${u},${i}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          const expected = interactions.itemsOf(u).includes(i) ? 1 : 0;
          expect(targets[r * items.length + c]).toBe(expected);
          positives += expected;
        }),
      );
    }
    expect(seen.size).toBe(source.users.length * source.items.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(positives).toBe(source.positives);
  });

  it('shuffles users, items and blocks anew each epoch, repeatably for a seed', () => {
    const { interactions } = synthetic({ users: 20, items: 20, interactionsPerUser: 5, seed: 5 });
    const source = dualBlocks(interactions, { userBatch: 4, itemBatch: 4 });
    const first = (seed: number) => {
      const epoch = source.epoch(new Random(seed));
      return [Array.from(epoch.batch(0).users), Array.from(epoch.batch(0).items)];
    };
    expect(first(1)).toEqual(first(1));
    expect(first(1)).not.toEqual(first(2));
  });

  it('leaves out users and items without training rows (new users, cold items) and counts a repeat once', () => {
    // user 2 and items 3, 5 have no rows; user 0 has item 1 twice.
    const source = dualBlocks(log([0, 0, 0, 1, 3], [1, 1, 2, 0, 4]), { userBatch: 2, itemBatch: 10 });
    expect(Array.from(source.users)).toEqual([0, 1, 3]); // of 4 users
    expect(Array.from(source.items)).toEqual([0, 1, 2, 4]); // of 6 items
    expect(source.positives).toBe(4);
    const epoch = source.epoch(new Random(3));
    let sum = 0;
    for (let b = 0; b < epoch.length; b++) sum += epoch.batch(b).targets.reduce((a, t) => a + t, 0);
    expect(sum).toBe(4);
  });

  it('refuses bad block sizes and an empty log', () => {
    expect(() => dualBlocks(log([0], [0]), { userBatch: 0 })).toThrow('batchSize must be a positive integer, got 0');
    expect(() => dualBlocks(log([0], [0]), { itemBatch: 1.5 })).toThrow('got 1.5');
    expect(() => dualBlocks(log([], []))).toThrow('the training log is empty');
  });
});
