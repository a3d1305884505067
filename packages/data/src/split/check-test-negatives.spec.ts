import { describe, it, expect } from 'vitest';
import { sharedData } from '../../../../test-utils/shared-data.js';
import { loadNcfNegatives } from '../loaders/ncf-negatives.js';
import { loadNcfRatings } from '../loaders/ncf.js';
import { Interactions } from '../interactions.js';
import type { TestNegatives } from '../test-negatives.js';
import { checkTestNegatives } from './check-test-negatives.js';
import { leaveOneOut } from './leave-one-out.js';
import { sampleTestNegatives } from './sample-test-negatives.js';

function negativesFrom(cases: { user: number; positive: number; negatives: number[] }[]): TestNegatives {
  const offsets = [0];
  for (const c of cases) offsets.push(offsets[offsets.length - 1] + c.negatives.length);
  return {
    users: Int32Array.from(cases, (c) => c.user),
    positives: Int32Array.from(cases, (c) => c.positive),
    offsets: Int32Array.from(offsets),
    items: Int32Array.from(cases.flatMap((c) => c.negatives)),
  };
}

describe('checkTestNegatives', () => {
  const train = Interactions.fromColumns(
    { users: Int32Array.of(0, 0, 1), items: Int32Array.of(1, 2, 3) },
    { numItems: 10 },
  );
  const crafted = negativesFrom([
    { user: 0, positive: 5, negatives: [6, 7, 8] }, // clean
    { user: 0, positive: 5, negatives: [5, 6, 7] }, // positive among negatives
    { user: 1, positive: 4, negatives: [6, 6, 6, 7, 7] }, // 3 repeated entries
    { user: 1, positive: 4, negatives: [3, 8, 9] }, // interacted in train
    { user: 0, positive: 9, negatives: [9, 2, 2] }, // all three
  ]);

  it('counts each defect', () => {
    const check = checkTestNegatives(crafted, train);
    expect(check.cases).toBe(5);
    expect(check.positiveAmongNegatives).toBe(2);
    expect(check.duplicateNegatives).toBe(4);
    expect(check.casesWithDuplicates).toBe(2);
    expect(check.interactedNegatives).toBe(3); // 3 in case 3, 2 and 2 in case 4
    expect(check.examples).toEqual([
      { case: 1, user: 0, kind: 'positive-among-negatives', item: 5 },
      { case: 2, user: 1, kind: 'duplicate', item: 6 },
      { case: 2, user: 1, kind: 'duplicate', item: 6 },
      { case: 2, user: 1, kind: 'duplicate', item: 7 },
      { case: 3, user: 1, kind: 'interacted', item: 3 },
      { case: 4, user: 0, kind: 'positive-among-negatives', item: 9 },
      { case: 4, user: 0, kind: 'interacted', item: 2 },
      { case: 4, user: 0, kind: 'duplicate', item: 2 },
      { case: 4, user: 0, kind: 'interacted', item: 2 },
    ]);
  });

  it('skips the interacted check without a log', () => {
    const check = checkTestNegatives(crafted);
    expect(check.interactedNegatives).toBe(0);
    expect(check.positiveAmongNegatives).toBe(2);
  });

  it('keeps only the first 20 examples', () => {
    const many = negativesFrom(Array.from({ length: 30 }, () => ({ user: 0, positive: 1, negatives: [1, 2] })));
    const check = checkTestNegatives(many);
    expect(check.positiveAmongNegatives).toBe(30);
    expect(check.examples.length).toBe(20);
  });

  it('finds nothing wrong in freshly sampled negatives', () => {
    const log = Interactions.fromColumns({
      users: Int32Array.from({ length: 400 }, (_, r) => r % 20),
      items: Int32Array.from({ length: 400 }, (_, r) => (r * 7) % 300),
    });
    const { test } = leaveOneOut(log);
    const check = checkTestNegatives(sampleTestNegatives(log, test, { count: 50, seed: 1 }), log);
    expect(check).toEqual({
      cases: 20,
      positiveAmongNegatives: 0,
      duplicateNegatives: 0,
      casesWithDuplicates: 0,
      interactedNegatives: 0,
      outsideLog: 0,
      examples: [],
    });
  });

  it('rejects malformed arrays', () => {
    expect(() => checkTestNegatives({ ...crafted, positives: Int32Array.of(1) })).toThrow(/5 users, 1 positives/);
    expect(() => checkTestNegatives({ ...crafted, items: Int32Array.of(-1, ...crafted.items.subarray(1)) })).toThrow(
      /entry 0 has item index -1/,
    );
    expect(() => checkTestNegatives({ ...crafted, items: Int32Array.of(-1) })).toThrow(/offsets must run from 0 to/);
    const decreasing = { ...crafted, offsets: Int32Array.of(0, 5, 3, 8, 11, 17) };
    expect(() => checkTestNegatives(decreasing)).toThrow(/offsets decrease at case 1/);
  });

  // Before: indices outside the log passed as clean (has() is false for them), and user -5 was not noticed.
  it('counts entries outside the log, and refuses negative user indices', () => {
    const small = Interactions.fromColumns({ users: Int32Array.of(0, 1), items: Int32Array.of(0, 4) }, { numItems: 5 });
    const outside = negativesFrom([
      { user: 99, positive: 1, negatives: [2, 3] }, // user outside: both entries
      { user: 0, positive: 1, negatives: [99, 2] }, // item 99 outside
      { user: 1, positive: 2, negatives: [3] }, // clean
    ]);
    const check = checkTestNegatives(outside, small);
    expect(check.outsideLog).toBe(3);
    expect(check.interactedNegatives).toBe(0);
    expect(check.examples).toEqual([
      { case: 0, user: 99, kind: 'outside-log', item: 2 },
      { case: 0, user: 99, kind: 'outside-log', item: 3 },
      { case: 1, user: 0, kind: 'outside-log', item: 99 },
    ]);
    expect(checkTestNegatives(outside).outsideLog).toBe(0);
    const negativeUser = negativesFrom([{ user: -5, positive: 1, negatives: [2] }]);
    expect(() => checkTestNegatives(negativeUser, small)).toThrow('checkTestNegatives: case 0 has user index -5');
  });

  // The published AMusic file (NCF format): 18 test items among their own negatives, 348 negatives in train.
  const amusic = sharedData('amusic');
  it.skipIf(!amusic)('finds the known defects of the AMusic test.negative file', async () => {
    const { interactions: train } = await loadNcfRatings(`${amusic}/AMusic.train.rating`);
    const { negatives } = await loadNcfNegatives(`${amusic}/AMusic.test.negative`);
    const check = checkTestNegatives(negatives, train);
    expect(check.cases).toBe(1776);
    expect(check.positiveAmongNegatives).toBe(18);
    expect(check.interactedNegatives).toBe(348);
    expect(check.duplicateNegatives).toBe(0);
    expect(check.outsideLog).toBe(41); // negatives that are items the train file never lists
  });
});
