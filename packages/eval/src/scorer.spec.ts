import { describe, expect, it } from 'vitest';
import { checkScores, type Scorer, scoreBatch } from './scorer.js';

const users = Int32Array.of(0, 1, 2);
const items = Int32Array.of(5, 6, 7);

describe('scoreBatch', () => {
  it('returns the scores of a synchronous scorer', async () => {
    const scorer: Scorer = { score: (_u, i) => Float32Array.from(i, (x) => x / 10) };
    expect(Array.from(await scoreBatch(scorer, users, items))).toEqual([0.5, 0.6, 0.7].map(Math.fround));
  });

  it('awaits an asynchronous scorer', async () => {
    const scorer: Scorer = { score: async (u) => Float32Array.from(u, (x) => -x) };
    expect(Array.from(await scoreBatch(scorer, users, items))).toEqual([-0, -1, -2]);
  });

  it('rejects a length mismatch with a clear error', async () => {
    const scorer: Scorer = { score: () => new Float32Array(2) };
    await expect(scoreBatch(scorer, users, items)).rejects.toThrow('returned 2 scores for 3 (user, item) pairs');
  });

  it('rejects NaN, naming the user and the item', async () => {
    const scorer: Scorer = { score: () => Float32Array.of(0.1, NaN, 0.3) };
    await expect(scoreBatch(scorer, users, items)).rejects.toThrow('NaN for user 1, item 6');
  });

  it('rejects unequal input columns', async () => {
    const scorer: Scorer = { score: () => new Float32Array(3) };
    await expect(scoreBatch(scorer, users, Int32Array.of(1))).rejects.toThrow(RangeError);
  });
});

describe('checkScores', () => {
  it('accepts infinities', () => {
    expect(() => checkScores(Float32Array.of(Infinity, -Infinity, 0), users, items)).not.toThrow();
  });

  it('rejects a non-array answer', () => {
    expect(() => checkScores(undefined as unknown as Float32Array, users, items)).toThrow(TypeError);
  });
});
