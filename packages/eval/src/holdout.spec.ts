import { Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { evaluateFullRanking } from './full-ranking.js';
import { evaluateHoldout } from './holdout.js';
import type { Scorer } from './scorer.js';

const log = (pairs: Array<[number, number]>, numUsers: number, numItems: number) =>
  Interactions.fromColumns(
    { users: Int32Array.from(pairs, (p) => p[0]), items: Int32Array.from(pairs, (p) => p[1]) },
    { numUsers, numItems },
  );

// 100 items; user 0 trained on items 0..9, held out 20 and 80. Scores fall with the item index, so among the 90
// candidates 10..99 item 20 has position 10 and item 80 position 70 (two relevant: p_1 = 1 + 69 irrelevant above).
const train = log(
  Array.from({ length: 10 }, (_, i): [number, number] => [0, i]),
  1,
  100,
);
const heldOut = log(
  [
    [0, 20],
    [0, 80],
  ],
  1,
  100,
);
const scorer: Scorer = { score: (_users, items) => Float32Array.from(items, (i) => 100 - i) };

describe('evaluateHoldout', () => {
  it('Recall@M = held-out items in the top M / held-out count (default M = 50)', async () => {
    const r = await evaluateHoldout(scorer, train, heldOut);
    expect(r.protocol).toBe('holdout');
    expect(r.k).toBe(50);
    expect(r.users).toBe(1);
    expect(r.candidates).toBe(90);
    expect(r.metrics.recall).toBe(0.5); // position 10 < 50, position 70 ≥ 50
    expect(r.metrics.precision).toBe(1 / 50);
    expect((await evaluateHoldout(scorer, train, heldOut, { k: 71 })).metrics.recall).toBe(1);
    expect((await evaluateHoldout(scorer, train, heldOut, { k: 10 })).metrics.recall).toBe(0);
  });

  it('ranks exactly like full ranking', async () => {
    const full = await evaluateFullRanking(scorer, train, heldOut, { k: 50, batchSize: 7 });
    const holdout = await evaluateHoldout(scorer, train, heldOut, { batchSize: 7 });
    expect(holdout.perUser).toEqual(full.perUser);
    expect(holdout.metrics).toEqual(full.metrics);
  });

  it('ranks among given candidates only (out-of-matrix: the cold items), seen items still left out', async () => {
    // Candidates 5..24 and 80: the seen 5..9 drop out; item 20 is 11th of the 16 left (10..19 above it), item 80 last.
    const candidates = Int32Array.from([...Array.from({ length: 20 }, (_, k) => 5 + k), 80]);
    const r = await evaluateHoldout(scorer, train, heldOut, { k: 11, candidates, batchSize: 4 });
    expect(r.candidates).toBe(16);
    expect(r.metrics.recall).toBe(0.5); // 20 at position 10 < 11; 80 at 15
    expect((await evaluateHoldout(scorer, train, heldOut, { k: 16, candidates })).metrics.recall).toBe(1);
    await expect(evaluateHoldout(scorer, train, heldOut, { candidates: Int32Array.of(20) })).rejects.toThrow(
      'test row 1 (user 0, item 80) is not among the candidates',
    );
    await expect(evaluateHoldout(scorer, train, heldOut, { candidates: Int32Array.of(20, 80, 100) })).rejects.toThrow(
      "candidate 100 (at 2) is not an item of train's [0, 100)",
    );
  });

  it('names itself in its errors', async () => {
    await expect(evaluateHoldout(scorer, train, heldOut, { k: 0 })).rejects.toThrow(/^evaluateHoldout: k/);
    await expect(evaluateHoldout(scorer, train, log([], 1, 100))).rejects.toThrow(/evaluateHoldout: the test set/);
  });
});
