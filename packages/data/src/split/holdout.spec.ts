import { describe, it, expect } from 'vitest';
import { Interactions } from '../interactions.js';
import { holdout } from './holdout.js';

/** User u has `degrees[u]` rows, with items 0..degree-1. */
function logWithDegrees(degrees: number[]): Interactions {
  const users: number[] = [];
  const items: number[] = [];
  degrees.forEach((degree, u) => {
    for (let i = 0; i < degree; i++) {
      users.push(u);
      items.push(i);
    }
  });
  return Interactions.fromColumns({ users: Int32Array.from(users), items: Int32Array.from(items) }, { numItems: 50 });
}

describe('holdout', () => {
  const log = logWithDegrees([10, 4, 1, 2, 0, 25]);

  it('holds out round(ratio × degree) rows per user', () => {
    const { train, test } = holdout(log, { ratio: 0.2, seed: 3 });
    // 10 → 2, 4 → round(0.8) = 1, 1 → 0, 2 → 0 (round(0.4)), 25 → 5.
    expect([0, 1, 2, 3, 4, 5].map((u) => test.userDegree(u))).toEqual([2, 1, 0, 0, 0, 5]);
    expect([0, 1, 2, 3, 4, 5].map((u) => train.userDegree(u))).toEqual([8, 3, 1, 2, 0, 20]);
  });

  it('keeps at least one training row per user', () => {
    const { train, test } = holdout(log, { ratio: 0.9, seed: 1 });
    expect(test.userDegree(0)).toBe(9);
    expect(test.userDegree(3)).toBe(1);
    for (const u of [0, 1, 2, 3, 5]) expect(train.userDegree(u)).toBeGreaterThanOrEqual(1);
  });

  it('partitions the rows, shares the index space and is deterministic per seed', () => {
    const a = holdout(log, { ratio: 0.3, seed: 7 });
    expect(a.train.size + a.test.size).toBe(log.size);
    expect(a.test.itemIds).toBe(log.itemIds);
    expect(a.test.numItems).toBe(50);
    for (let u = 0; u < log.numUsers; u++) {
      const merged = [...a.train.itemsOf(u), ...a.test.itemsOf(u)].sort((x, y) => x - y);
      expect(merged).toEqual(Array.from(log.itemsOf(u)));
    }
    const b = holdout(log, { ratio: 0.3, seed: 7 });
    expect(b.test.items).toEqual(a.test.items);
    expect(b.test.users).toEqual(a.test.users);
  });

  it('chooses rows at random: different seeds differ, and every row can be held out', () => {
    const one = logWithDegrees([10]);
    const counts = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 400; seed++) for (const i of holdout(one, { ratio: 0.1, seed }).test.items) counts[i]++;
    for (const c of counts) expect(c).toBeGreaterThan(15); // ~40 expected each
  });

  it('rejects a ratio outside (0, 1) and a missing seed', () => {
    expect(() => holdout(log, { ratio: 0, seed: 1 })).toThrow(RangeError);
    expect(() => holdout(log, { ratio: 1, seed: 1 })).toThrow(
      /holdout: option "ratio" must be a number with 0 < ratio < 1, got 1/,
    );
    expect(() => holdout(log, { ratio: 0.5 } as { ratio: number; seed: number })).toThrow(/option "seed"/);
  });

  // Before: seed 1 + 2^32 gave seed 1's split and '1' was shown unquoted ("got 1").
  it.each([1 + 2 ** 32, -1, 0.5, '1'])('rejects seed %s, naming the value', (seed) => {
    expect(() => holdout(log, { ratio: 0.5, seed: seed as number })).toThrow(
      /holdout: option "seed" must be an integer in \[0, 4294967295\], got /,
    );
    expect(() => holdout(log, { ratio: 0.5, seed: '1' as unknown as number })).toThrow(/got "1"$/);
  });
});

describe('holdout over pairs', () => {
  it('never puts rows of one (user, item) on both sides', () => {
    // Every item appears under three behaviours: a row-level choice would split most pairs.
    const users: number[] = [];
    const items: number[] = [];
    for (let u = 0; u < 20; u++) {
      for (let i = 0; i < 10; i++) {
        for (let b = 0; b < 3; b++) {
          users.push(u);
          items.push(i);
        }
      }
    }
    const log = Interactions.fromColumns({ users: Int32Array.from(users), items: Int32Array.from(items) });
    const { train, test } = holdout(log, { ratio: 0.3, seed: 5 });
    for (let u = 0; u < 20; u++) {
      const held = new Set(test.itemsOf(u));
      expect(held.size).toBe(3); // round(0.3 × 10) distinct items
      expect(test.userDegree(u)).toBe(9); // with all three rows each
      for (const i of train.itemsOf(u)) expect(held.has(i)).toBe(false);
    }
    expect(train.size + test.size).toBe(log.size);
  });
});

describe('holdout arguments', () => {
  const log = Interactions.fromColumns({ users: Int32Array.of(0, 0, 1), items: Int32Array.of(0, 1, 0) });

  // Before: "Cannot destructure property 'ratio' of 'options' as it is undefined".
  it('says what to pass without options or a log', () => {
    expect(() => holdout(log, undefined as never)).toThrow('holdout: pass options, e.g. { ratio: 0.2, seed: 1 }');
    expect(() => holdout(undefined as never, { ratio: 0.2, seed: 1 })).toThrow(
      'holdout: pass an Interactions as log, got undefined',
    );
  });

  it('refuses an unknown option key', () => {
    expect(() => holdout(log, { ratio: 0.2, seed: 1, sead: 2 } as never)).toThrow(/holdout has no option "sead"/);
  });
});
