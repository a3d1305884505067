import { describe, it, expect } from 'vitest';
import { IdMap } from '../id-map.js';
import { Interactions } from '../interactions.js';
import { Random } from '../random.js';
import { caseCount, negativesOf, type TestNegatives } from '../test-negatives.js';
import { leaveOneOut } from './leave-one-out.js';
import { sampleTestNegatives } from './sample-test-negatives.js';

function randomLog(rows: number, numUsers: number, numItems: number, seed: number): Interactions {
  const random = new Random(seed);
  const users = Int32Array.from({ length: rows }, () => random.int(numUsers));
  const items = Int32Array.from({ length: rows }, () => random.int(numItems));
  const timestamps = Float64Array.from({ length: rows }, () => random.int(1000));
  return Interactions.fromColumns({ users, items, timestamps }, { numUsers, numItems });
}

function expectValid(negatives: TestNegatives, log: Interactions, count: number): void {
  for (let c = 0; c < caseCount(negatives); c++) {
    const negs = negativesOf(negatives, c);
    expect(negs.length).toBe(count);
    expect(new Set(negs).size).toBe(count);
    for (const i of negs) {
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(log.numItems);
      expect(log.has(negatives.users[c], i)).toBe(false);
    }
    expect(negs.includes(negatives.positives[c])).toBe(false);
  }
}

describe('sampleTestNegatives', () => {
  const log = randomLog(3000, 60, 500, 1);
  const { test } = leaveOneOut(log);

  it('gives each test row, in order, `count` distinct items the user never interacted with', () => {
    const negatives = sampleTestNegatives(log, test, { count: 99, seed: 1 });
    expect(caseCount(negatives)).toBe(test.size);
    expect(negatives.users).toEqual(test.users);
    expect(negatives.positives).toEqual(test.items);
    expect(negatives.offsets.length).toBe(test.size + 1);
    expect(negatives.items.length).toBe(test.size * 99);
    expectValid(negatives, log, 99);
  });

  it('defaults to 99 negatives and is deterministic per seed', () => {
    const a = sampleTestNegatives(log, test, { seed: 4 });
    expect(negativesOf(a, 0).length).toBe(99);
    expect(sampleTestNegatives(log, test, { seed: 4 }).items).toEqual(a.items);
    expect(sampleTestNegatives(log, test, { seed: 5 }).items).not.toEqual(a.items);
  });

  it('handles several cases per user, each distinct within itself', () => {
    const multi = Interactions.fromColumns(
      { users: Int32Array.of(0, 1, 0, 0), items: Int32Array.of(1, 2, 3, 4) },
      {
        numItems: 30,
      },
    );
    const negatives = sampleTestNegatives(multi, multi, { count: 10, seed: 2 });
    expect(Array.from(negatives.users)).toEqual([0, 1, 0, 0]);
    expectValid(negatives, multi, 10);
  });

  it('never draws items of the test log or of an exclude log', () => {
    const train = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(0) }, { numItems: 12 });
    const testOnly = train.select(new Int32Array(0));
    const held = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(5) }, train.sameSpace());
    const other = Interactions.fromColumns(
      { users: Int32Array.of(0, 0), items: Int32Array.of(7, 9) },
      train.sameSpace(),
    );
    expect(caseCount(sampleTestNegatives(train, testOnly, { count: 3, seed: 1 }))).toBe(0);
    // log lacks the test row here: the test item must still be excluded, as must the exclude log's items.
    const negatives = sampleTestNegatives(train, held, { count: 8, seed: 3, exclude: [other] });
    expect(Array.from(negativesOf(negatives, 0)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 6, 8, 10, 11]);
  });

  it('draws uniformly over the available items', () => {
    const one = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(3) }, { numItems: 40 });
    const counts = new Array<number>(40).fill(0);
    for (let seed = 0; seed < 300; seed++) {
      for (const i of sampleTestNegatives(one, one, { count: 5, seed }).items) counts[i]++;
    }
    expect(counts[3]).toBe(0);
    // 1500 draws over 39 items: about 38 each.
    for (let i = 0; i < 40; i++) if (i !== 3) expect(counts[i]).toBeGreaterThan(15);
  });

  it('enumerates the complement for a user who has most of the catalogue (the dense path)', () => {
    const numItems = 2000;
    const users: number[] = [];
    const items: number[] = [];
    for (let i = 0; i < numItems; i++) {
      if (i % 10 !== 0) {
        users.push(0);
        items.push(i);
      }
    }
    users.push(1, 1);
    items.push(0, 10);
    const dense = Interactions.fromColumns(
      { users: Int32Array.from(users), items: Int32Array.from(items) },
      { numItems },
    );
    const testRows = dense.select(Int32Array.of(0, 1, users.length - 1)); // two cases of user 0, one of user 1
    const negatives = sampleTestNegatives(dense, testRows, { count: 150, seed: 9 });
    expectValid(negatives, dense, 150);
    for (let c = 0; c < 2; c++) for (const i of negativesOf(negatives, c)) expect(i % 10).toBe(0);
    // Exactly 200 items are left for user 0: asking for all of them works, one more does not.
    expect(negativesOf(sampleTestNegatives(dense, testRows, { count: 199, seed: 1 }), 0).length).toBe(199);
    expect(() => sampleTestNegatives(dense, testRows, { count: 201, seed: 1 })).toThrow(RangeError);
  });

  it('throws naming the user and the number available when too few items are left', () => {
    const small = Interactions.fromColumns(
      { users: Int32Array.of(0, 1, 1, 1), items: Int32Array.of(0, 0, 1, 2) },
      { userIds: IdMap.from(['alice', 'bob']), numItems: 5 },
    );
    expect(() => sampleTestNegatives(small, small, { count: 3, seed: 1 })).toThrow(
      /user "bob" \(index 1\) has 2 items available as negatives, fewer than count = 3/,
    );
    expect(caseCount(sampleTestNegatives(small, small, { count: 2, seed: 1 }))).toBe(4);
  });

  it('rejects bad options and logs from another index space', () => {
    expect(() => sampleTestNegatives(log, test, { count: 0, seed: 1 })).toThrow(
      /option "count" must be a positive integer/,
    );
    expect(() => sampleTestNegatives(log, test, { count: 2.5, seed: 1 })).toThrow(RangeError);
    expect(() => sampleTestNegatives(log, test, { seed: 0.5 })).toThrow(/option "seed"/);
    const foreign = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(0) });
    expect(() => sampleTestNegatives(log, foreign, { seed: 1 })).toThrow(/test has 1 users × 1 items/);
    expect(() => sampleTestNegatives(log, test, { seed: 1, exclude: [foreign] })).toThrow(/exclude\[0\]/);
  });
});

describe('sampleTestNegatives arguments', () => {
  const log = Interactions.fromColumns(
    { users: Int32Array.of(0, 0, 1), items: Int32Array.of(0, 1, 2) },
    { numItems: 10 },
  );
  const test = log.select(Int32Array.of(1, 2));

  // Before: "Cannot destructure property 'count' of 'options' as it is undefined".
  it('says what to pass without options', () => {
    expect(() => sampleTestNegatives(log, test, undefined as never)).toThrow(
      'sampleTestNegatives: pass options, e.g. { count: 99, seed: 1 }',
    );
    expect(() => sampleTestNegatives(log, undefined as never, { seed: 1 })).toThrow(
      'sampleTestNegatives: pass an Interactions as test, got undefined',
    );
  });

  it('refuses unknown keys and shows a string count quoted', () => {
    expect(() => sampleTestNegatives(log, test, { seed: 1, count: 2, excludes: [] } as never)).toThrow(
      /sampleTestNegatives has no option "excludes"/,
    );
    expect(() => sampleTestNegatives(log, test, { seed: 1, count: '2' as never })).toThrow(
      'sampleTestNegatives: option "count" must be a positive integer, got "2"',
    );
  });
});

describe('sampleTestNegatives index spaces', () => {
  const log = Interactions.fromColumns(
    { users: Int32Array.of(0, 0, 1), items: Int32Array.of(0, 1, 2) },
    { userIds: IdMap.from(['alice', 'bob']), itemIds: IdMap.from(['a', 'b', 'c', 'd', 'e', 'f']) },
  );

  // Before: only the sizes were compared, so a test log numbering its users the other way round passed.
  it('refuses a test log with other id maps of the same size, naming both', () => {
    const test = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(1) },
      { userIds: IdMap.from(['bob', 'alice']), itemIds: log.itemIds },
    );
    expect(() => sampleTestNegatives(log, test, { count: 2, seed: 1 })).toThrow(
      'sampleTestNegatives: test numbers its users differently from log: user index 0 is "bob" in test but "alice" ' +
        "in log; build it from log (a split of it) or load it with log's id maps",
    );
    const exclude = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(1) },
      { userIds: log.userIds, itemIds: IdMap.from(['a', 'b', 'c', 'd', 'f', 'e']) },
    );
    expect(() =>
      sampleTestNegatives(log, log.select(Int32Array.of(1)), { count: 2, seed: 1, exclude: [exclude] }),
    ).toThrow(
      /exclude\[0\] numbers its items differently from log: item index 4 is "f" in exclude\[0\] but "e" in log/,
    );
  });

  it('accepts equal raw ids in other map objects', () => {
    const test = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(1) },
      { userIds: log.userIds.clone(), itemIds: log.itemIds.clone() },
    );
    expect(caseCount(sampleTestNegatives(log, test, { count: 2, seed: 1 }))).toBe(1);
  });
});
