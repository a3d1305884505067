import { Interactions } from '@recsys/data';
import { evaluateHoldout } from './holdout.js';
import type { EvaluationResult } from './result.js';
import type { Scorer } from './scorer.js';
import { describe, expect, it } from 'vitest';
import { sharedScorers } from './shared-scorers.js';

/** A scorer that counts its calls and reuses one output buffer, as the Scorer contract allows. */
function countingScorer(): Scorer & { calls: number } {
  let buffer = new Float32Array(0);
  const scorer = {
    calls: 0,
    score(users: Int32Array, items: Int32Array) {
      scorer.calls++;
      if (buffer.length < users.length) buffer = new Float32Array(users.length);
      for (let k = 0; k < users.length; k++) buffer[k] = ((users[k]! * 31 + items[k]! * 17) % 23) / 23;
      return buffer.subarray(0, users.length);
    },
  };
  return scorer;
}

describe('sharedScorers', () => {
  // 30 users × 40 items, two training and two held-out items each.
  const users: number[] = [];
  const items: number[] = [];
  const heldUsers: number[] = [];
  const heldItems: number[] = [];
  for (let u = 0; u < 30; u++) {
    users.push(u, u);
    items.push(u % 40, (u + 7) % 40);
    heldUsers.push(u, u);
    heldItems.push((u + 13) % 40, (u + 21) % 40);
  }
  const train = Interactions.fromColumns(
    { users: Int32Array.from(users), items: Int32Array.from(items) },
    { numUsers: 30, numItems: 40 },
  );
  const heldOut = Interactions.fromColumns(
    { users: Int32Array.from(heldUsers), items: Int32Array.from(heldItems) },
    train.sameSpace(),
  );

  it('scores each batch once for evaluations run side by side, with the results of separate runs', async () => {
    const ks = [5, 10, 20];
    const alone = countingScorer();
    const separate: EvaluationResult[] = [];
    for (const k of ks) separate.push(await evaluateHoldout(alone, train, heldOut, { k, batchSize: 100 }));
    const shared = countingScorer();
    const scorers = sharedScorers(shared, ks.length);
    const together = await Promise.all(
      ks.map((k, c) => evaluateHoldout(scorers[c]!, train, heldOut, { k, batchSize: 100 })),
    );
    expect(shared.calls * ks.length).toBe(alone.calls);
    together.forEach((result, c) => expect(result.metrics).toEqual(separate[c]!.metrics));
  });

  it('scores a call on its own when its pairs differ from the step they share', async () => {
    const inner = countingScorer();
    const [a, b] = sharedScorers(inner, 2);
    const first = await a!.score(Int32Array.of(0, 1), Int32Array.of(2, 3));
    const other = await b!.score(Int32Array.of(1, 0), Int32Array.of(3, 2));
    expect(inner.calls).toBe(2);
    expect(Array.from(other)).toEqual([first[1], first[0]]);
    expect(sharedScorers(inner, 1)[0]).toBe(inner);
  });
});
