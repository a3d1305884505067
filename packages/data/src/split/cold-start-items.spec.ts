import { describe, it, expect } from 'vitest';
import { Interactions } from '../interactions.js';
import { Random } from '../random.js';
import { coldStartItems } from './cold-start-items.js';

function randomLog(rows: number, numUsers: number, numItems: number, seed: number): Interactions {
  const random = new Random(seed);
  const users = Int32Array.from({ length: rows }, () => random.int(numUsers));
  const items = Int32Array.from({ length: rows }, () => random.int(numItems));
  return Interactions.fromColumns({ users, items }, { numUsers, numItems: numItems + 5 });
}

describe('coldStartItems', () => {
  const log = randomLog(2000, 50, 100, 11);

  it('holds out a fraction of the items that have rows, with all their rows', () => {
    const { train, test, coldItems } = coldStartItems(log, { fraction: 0.2, seed: 1 });
    expect(coldItems.length).toBe(Math.round(0.2 * log.activeItems()));
    expect(Array.from(coldItems)).toEqual([...coldItems].sort((a, b) => a - b));
    const cold = new Set(coldItems);
    for (const i of coldItems) {
      expect(train.itemDegree(i)).toBe(0);
      expect(test.itemDegree(i)).toBe(log.itemDegree(i));
      expect(log.itemDegree(i)).toBeGreaterThan(0); // only items with rows are candidates
    }
    for (const i of test.items) expect(cold.has(i)).toBe(true);
    expect(train.size + test.size).toBe(log.size);
    expect(train.numItems).toBe(log.numItems);
    expect(test.userIds).toBe(log.userIds);
  });

  it('is deterministic per seed and varies across seeds', () => {
    const a = coldStartItems(log, { fraction: 0.3, seed: 5 }).coldItems;
    expect(coldStartItems(log, { fraction: 0.3, seed: 5 }).coldItems).toEqual(a);
    expect(coldStartItems(log, { fraction: 0.3, seed: 6 }).coldItems).not.toEqual(a);
  });

  it('keeps both sides non-empty on tiny logs', () => {
    const tiny = Interactions.fromColumns({ users: Int32Array.of(0, 1, 1), items: Int32Array.of(0, 1, 2) });
    expect(coldStartItems(tiny, { fraction: 0.01, seed: 1 }).coldItems.length).toBe(1);
    expect(coldStartItems(tiny, { fraction: 0.99, seed: 1 }).coldItems.length).toBe(2);
  });

  it('rejects a fraction outside (0, 1)', () => {
    expect(() => coldStartItems(log, { fraction: 1.2, seed: 1 })).toThrow(/coldStartItems: option "fraction"/);
  });
});

describe('coldStartItems arguments', () => {
  const log = Interactions.fromColumns({ users: Int32Array.of(0, 0, 1), items: Int32Array.of(0, 1, 2) });

  it('refuses missing options and unknown keys', () => {
    expect(() => coldStartItems(log, undefined as never)).toThrow(
      'coldStartItems: pass options, e.g. { fraction: 0.2, seed: 1 }',
    );
    expect(() => coldStartItems(log, { fraction: 0.5, seed: 1, ratio: 0.5 } as never)).toThrow(
      /coldStartItems has no option "ratio"/,
    );
  });
});
