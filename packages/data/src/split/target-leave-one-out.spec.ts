import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../../test-utils/shared-data.js';
import { IdMap } from '../id-map.js';
import { Interactions } from '../interactions.js';
import { loadTaobao } from '../loaders/taobao.js';
import { Random } from '../random.js';
import { leaveOneOut } from './leave-one-out.js';
import { targetLeaveOneOut, type TargetLeaveOneOutSplit } from './target-leave-one-out.js';
import { expectThrow, rowsOf } from '../test-support.js';

const PV = 0;
const CART = 1;
const FAV = 2;
const BUY = 3;
const NAMES = ['pv', 'cart', 'fav', 'buy'];

/** A log from `[user, item, timestamp, behaviour]` rows (timestamp `null`: an untimed log). */
function logOf(rows: [number, number, number | null, number][], options: { numUsers?: number } = {}): Interactions {
  return Interactions.fromColumns(
    {
      users: Int32Array.from(rows, (row) => row[0]),
      items: Int32Array.from(rows, (row) => row[1]),
      timestamps: rows.length > 0 && rows[0][2] === null ? undefined : Float64Array.from(rows, (row) => row[2] ?? 0),
      behaviours: Uint8Array.from(rows, (row) => row[3]),
    },
    { behaviourNames: NAMES, numItems: 10, ...options },
  );
}

/**
 * Checks the partition identity and what each left-out row is: the parts and the left-out rows are the log's rows
 * (as a multiset of user, item, timestamp, behaviour); every left-out row is on a held-out pair; the left-out target
 * rows are `heldOutPairRows` and the left-out supportive rows `leakedSupportiveRows`, each not earlier than its
 * holdout; train's supportive rows on held-out pairs are `earlierSupportiveRows`, each earlier than its holdout.
 */
function expectPartition(log: Interactions, split: TargetLeaveOneOutSplit, target: number): void {
  const { train, validation, test, report } = split;
  const parts = validation ? [train, validation, test] : [train, test];
  expect(parts.reduce((sum, part) => sum + part.size, 0) + report.heldOutPairRows + report.leakedSupportiveRows).toBe(
    log.size,
  );
  const key = (part: Interactions, r: number) =>
    `${part.users[r]}:${part.items[r]}:${part.timestamps?.[r] ?? '-'}:${part.behaviours?.[r]}`;
  const left = new Map<string, number>();
  for (let r = 0; r < log.size; r++) left.set(key(log, r), (left.get(key(log, r)) ?? 0) + 1);
  for (const part of parts) {
    for (let r = 0; r < part.size; r++) {
      const k = key(part, r);
      expect(left.get(k) ?? 0, `row ${k} of a part is not a row of the log`).toBeGreaterThan(0);
      left.set(k, (left.get(k) as number) - 1);
    }
  }
  // The held-out target row of each (user, item) pair.
  const heldOut = new Map<string, number | null>();
  for (const part of validation ? [validation, test] : [test]) {
    expect(Array.from(part.behaviours ?? []).every((b) => b === target)).toBe(true);
    for (let r = 0; r < part.size; r++) {
      heldOut.set(`${part.users[r]}:${part.items[r]}`, part.timestamps ? part.timestamps[r] : null);
    }
  }
  let leftTarget = 0;
  let leftSupportive = 0;
  for (const [k, count] of left) {
    if (count === 0) continue;
    const [u, i, t, b] = k.split(':');
    expect(heldOut.has(`${u}:${i}`), `left-out row ${k} is not on a held-out pair`).toBe(true);
    const held = heldOut.get(`${u}:${i}`);
    if (Number(b) === target) leftTarget += count;
    else {
      leftSupportive += count;
      if (held !== null && held !== undefined) expect(Number(t)).toBeGreaterThanOrEqual(held);
    }
  }
  expect(leftTarget).toBe(report.heldOutPairRows);
  expect(leftSupportive).toBe(report.leakedSupportiveRows);
  let earlier = 0;
  for (let r = 0; r < train.size; r++) {
    const k = `${train.users[r]}:${train.items[r]}`;
    if (!heldOut.has(k)) continue;
    expect(train.behaviours?.[r], `target row ${k} of a held-out pair in train`).not.toBe(target);
    const held = heldOut.get(k);
    if (held !== null && held !== undefined) expect(train.timestamps?.[r]).toBeLessThan(held);
    earlier++;
  }
  expect(earlier).toBe(report.earlierSupportiveRows);
  expect(report.users).toBe(report.testCases + report.usersWithoutTest + report.usersWithoutTarget);
  expect(test.size).toBe(report.testCases);
  expect(validation?.size ?? 0).toBe(report.validationCases);
}

describe('targetLeaveOneOut', () => {
  // User 0 views, carts and buys item 2 and keeps going after the purchase; user 1 only browses; user 2 buys one item
  // twice; user 3 buys two items. Rows are not in time order.
  const log = logOf(
    [
      [0, 1, 1, PV], // 0
      [0, 1, 3, BUY], // 1
      [0, 2, 2, PV], // 2: before the purchase of item 2
      [0, 2, 4, CART], // 3: before it
      [0, 2, 5, BUY], // 4: user 0's latest purchase, the test case
      [0, 2, 6, PV], // 5: after it: leaked
      [0, 3, 4, BUY], // 6: the latest purchase of another item, the validation case
      [0, 2, 5, CART], // 7: the same second as the purchase: leaked
      [0, 2, 2, BUY], // 8: an earlier purchase of the test item: held-out pair row
      [0, 3, 1, PV], // 9: before the validation purchase
      [0, 3, 9, FAV], // 10: after it
      [1, 1, 1, PV], // 11
      [1, 4, 2, CART], // 12
      [2, 5, 1, BUY], // 13
      [2, 5, 2, BUY], // 14
      [2, 6, 3, PV], // 15
      [3, 1, 1, BUY], // 16
      [3, 4, 2, BUY], // 17
      [3, 4, 0, PV], // 18
    ],
    { numUsers: 5 },
  );

  it('holds out the latest target row per user and leaves out what would leak it', () => {
    const split = targetLeaveOneOut(log, { target: 'buy' });
    const { train, test, report } = split;
    expect(rowsOf(test)).toEqual([
      [0, 2],
      [3, 4],
    ]);
    expect(Array.from(test.timestamps ?? [])).toEqual([5, 2]);
    expect(Array.from(test.behaviours ?? [])).toEqual([BUY, BUY]);
    // Every other row in file order, without rows 4 and 17 (test), 8 (the other purchase of item 2), 5 and 7 (not
    // earlier than the purchase); rows 2, 3 and 18 come earlier and stay.
    expect(train.size).toBe(14);
    expect(rowsOf(train)).toEqual(rowsOf(log.select(Int32Array.of(0, 1, 2, 3, 6, 9, 10, 11, 12, 13, 14, 15, 16, 18))));
    expect(report).toEqual({
      users: 4,
      testCases: 2,
      validationCases: 0,
      usersWithoutTest: 1,
      usersWithoutTarget: 1,
      heldOutPairRows: 1,
      leakedSupportiveRows: 2,
      earlierSupportiveRows: 3,
    });
    expect(split.validation).toBeUndefined();
    expectPartition(log, split, BUY);
  });

  it('holds out the latest target row of another item as validation', () => {
    const split = targetLeaveOneOut(log, { target: 'buy', validation: true });
    const { train, validation, test, report } = split;
    expect(rowsOf(test)).toEqual([[0, 2]]);
    expect(rowsOf(validation)).toEqual([[0, 3]]);
    expect(Array.from(validation.timestamps ?? [])).toEqual([4]);
    // User 3 has two purchased items, too few with validation: all rows in train.
    expect(train.itemsOf(3)).toEqual(Int32Array.of(1, 4, 4));
    // Item 3: the view at t 1 stays, the favourite at t 9 is left out.
    expect(rowsOf(train)).toEqual(rowsOf(log.select(Int32Array.of(0, 1, 2, 3, 9, 11, 12, 13, 14, 15, 16, 17, 18))));
    expect(report).toEqual({
      users: 4,
      testCases: 1,
      validationCases: 1,
      usersWithoutTest: 2,
      usersWithoutTarget: 1,
      heldOutPairRows: 1,
      leakedSupportiveRows: 3,
      earlierSupportiveRows: 3,
    });
    expectPartition(log, split, BUY);
  });

  it('holds out on another target behaviour as well', () => {
    const split = targetLeaveOneOut(log, { target: 'pv' });
    // User 0's latest view is item 2 at t 6; its purchases (t 2, t 5) and carts (t 4, t 5) come earlier and stay.
    expect(rowsOf(split.test)).toEqual([[0, 2]]);
    expect(split.report).toMatchObject({ heldOutPairRows: 1, leakedSupportiveRows: 0, earlierSupportiveRows: 4 });
    // Users 1, 2 and 3 viewed a single item each.
    expect(split.report).toMatchObject({ usersWithoutTest: 3, usersWithoutTarget: 0 });
    expectPartition(log, split, PV);
  });

  it('breaks timestamp ties by file order, as leaveOneOut does, but leaves out same-second supportive rows', () => {
    const tied = logOf([
      [0, 7, 5, PV], // 0: the same second as the test purchase, though before it in the file: leaked
      [0, 9, 5, BUY], // 1
      [0, 3, 5, BUY], // 2: the validation case (the later of the tied purchases of another item)
      [0, 7, 5, BUY], // 3: the test case (the last of the tied purchases)
      [0, 1, 1, BUY], // 4
      [0, 7, 4, CART], // 5: earlier: kept
    ]);
    const split = targetLeaveOneOut(tied, { target: 'buy', validation: true });
    expect(Array.from(split.test.items)).toEqual([7]);
    expect(Array.from(split.validation.items)).toEqual([3]);
    expect(rowsOf(split.train)).toEqual([
      [0, 9],
      [0, 1],
      [0, 7],
    ]);
    expect(split.report).toMatchObject({ heldOutPairRows: 0, leakedSupportiveRows: 1, earlierSupportiveRows: 1 });
    expectPartition(tied, split, BUY);
  });

  it('uses file order alone without timestamps', () => {
    const untimed = logOf([
      [0, 5, null, BUY], // 0: another purchase of the test item: held-out pair row
      [0, 5, null, CART], // 1: before the test purchase in the file: kept
      [0, 4, null, BUY], // 2
      [0, 5, null, BUY], // 3: the last purchase in the file, the test case
      [0, 5, null, PV], // 4: after it: leaked
      [0, 4, null, PV], // 5
    ]);
    expect(untimed.timestamps).toBeUndefined();
    const split = targetLeaveOneOut(untimed, { target: 'buy' });
    expect(rowsOf(split.test)).toEqual([[0, 5]]);
    expect(rowsOf(split.train)).toEqual([
      [0, 5],
      [0, 4],
      [0, 4],
    ]);
    expect(Array.from(split.train.behaviours ?? [])).toEqual([CART, BUY, PV]);
    expect(split.report).toMatchObject({ heldOutPairRows: 1, leakedSupportiveRows: 1, earlierSupportiveRows: 1 });
    expectPartition(untimed, split, BUY);
  });

  it('decides "latest" exactly as leaveOneOut on the target rows, ties included', () => {
    // A log with many ties (timestamps in 0..3) and repeated pairs.
    const random = new Random(7);
    const rows: [number, number, number, number][] = [];
    for (let r = 0; r < 600; r++) rows.push([random.int(30), random.int(10), random.int(4), random.int(4)]);
    const mixed = logOf(rows);
    for (const validation of [false, true]) {
      const split = targetLeaveOneOut(mixed, { target: 'buy', validation });
      const reference = leaveOneOut(mixed.ofBehaviour('buy'), { validation });
      expect(rowsOf(split.test)).toEqual(rowsOf(reference.test));
      expect(Array.from(split.test.timestamps ?? [])).toEqual(Array.from(reference.test.timestamps ?? []));
      expect(rowsOf(split.validation ?? mixed.select(new Int32Array(0)))).toEqual(
        rowsOf(reference.validation ?? mixed.select(new Int32Array(0))),
      );
      expect(split.report.heldOutPairRows).toBe(reference.report.heldOutPairRows);
      // The target rows of train are leaveOneOut's train.
      expect(rowsOf(split.train.ofBehaviour('buy'))).toEqual(rowsOf(reference.train));
      expectPartition(mixed, split, BUY);
      // The log exercises every rule.
      expect(split.report.testCases).toBeGreaterThan(10);
      expect(split.report.heldOutPairRows).toBeGreaterThan(10);
      expect(split.report.leakedSupportiveRows).toBeGreaterThan(10);
      expect(split.report.earlierSupportiveRows).toBeGreaterThan(10);
    }
  });

  it('shares the id space and behaviour names in every part', () => {
    const named = Interactions.fromColumns(
      {
        users: Int32Array.of(0, 0, 1),
        items: Int32Array.of(0, 1, 1),
        behaviours: Uint8Array.of(1, 1, 0),
      },
      { userIds: IdMap.from(['a', 'b']), itemIds: IdMap.from(['x', 'y']), numItems: 5, behaviourNames: ['pv', 'buy'] },
    );
    const { train, test } = targetLeaveOneOut(named, { target: 'buy' });
    for (const part of [train, test]) {
      expect(part.userIds).toBe(named.userIds);
      expect(part.itemIds).toBe(named.itemIds);
      expect(part.numUsers).toBe(2);
      expect(part.numItems).toBe(5);
      expect(part.behaviourNames).toEqual(['pv', 'buy']);
    }
  });

  it('counts distinct target items, not rows or other behaviours, to decide whether a user gets a case', () => {
    const few = logOf([
      [0, 1, 1, BUY],
      [0, 1, 2, BUY],
      [0, 2, 3, PV],
      [0, 3, 4, CART],
    ]);
    const split = targetLeaveOneOut(few, { target: 'buy' });
    expect(split.test.size).toBe(0);
    expect(split.train.size).toBe(4);
    expect(split.report).toMatchObject({ users: 1, usersWithoutTest: 1, usersWithoutTarget: 0 });
    expectPartition(few, split, BUY);
  });
});

describe('targetLeaveOneOut arguments', () => {
  const log = logOf([
    [0, 0, 1, BUY],
    [0, 1, 2, BUY],
    [0, 1, 0, PV],
  ]);
  const rowsPerBehaviour = 'rows per behaviour in the log: pv 1, cart 0, fav 0, buy 2';

  it('refuses a log without a behaviours column', () => {
    const plain = Interactions.fromColumns({ users: Int32Array.of(0, 0), items: Int32Array.of(0, 1) });
    expectThrow(
      () => targetLeaveOneOut(plain, { target: 'buy' }),
      RangeError,
      "targetLeaveOneOut: the log has no behaviours column (load one with loadTaobao or loadDelimited's behaviour " +
        'column, or merge one log per behaviour with mergeBehaviourLogs)',
    );
  });

  it('names an unknown or absent target and lists the behaviours', () => {
    expectThrow(
      () => targetLeaveOneOut(log, { target: 'purchase' }),
      RangeError,
      `targetLeaveOneOut: target "purchase" is not a behaviour of the log (${rowsPerBehaviour})`,
    );
    expectThrow(
      () => targetLeaveOneOut(log, { target: 'cart' }),
      RangeError,
      `targetLeaveOneOut: target "cart" is named but absent from the data: 0 rows (${rowsPerBehaviour})`,
    );
    expectThrow(
      () => targetLeaveOneOut(log, { target: 1 } as never),
      TypeError,
      `targetLeaveOneOut: target must be a behaviour name (a string), got 1 (${rowsPerBehaviour})`,
    );
    const empty = logOf([]);
    expectThrow(
      () => targetLeaveOneOut(empty, { target: 'buy' }),
      RangeError,
      'targetLeaveOneOut: target "buy" is named but absent from the data: 0 rows (rows per behaviour in the log: ' +
        'pv 0, cart 0, fav 0, buy 0)',
    );
  });

  it('refuses an unknown option key, missing options and a missing log', () => {
    expectThrow(
      () => targetLeaveOneOut(log, { target: 'buy', validaton: true } as never),
      RangeError,
      'targetLeaveOneOut has no option "validaton" (its options: target, validation)',
    );
    expectThrow(
      () => targetLeaveOneOut(log, undefined as never),
      TypeError,
      "targetLeaveOneOut: pass options, e.g. { target: 'buy', validation: true }",
    );
    expectThrow(
      () => targetLeaveOneOut(null as never, { target: 'buy' }),
      TypeError,
      'targetLeaveOneOut: pass an Interactions as log, got null',
    );
  });

  it('quotes a non-boolean validation', () => {
    expectThrow(
      () => targetLeaveOneOut(log, { target: 'buy', validation: 'false' as never }),
      TypeError,
      'targetLeaveOneOut: option "validation" must be a boolean, got "false"',
    );
  });

  it('rejects a NaN timestamp', () => {
    // fromColumns refuses NaN, but the columns are plain typed arrays that can be written to afterwards.
    const bad = logOf([
      [0, 0, 1, BUY],
      [0, 1, 2, BUY],
    ]);
    bad.timestamps![1] = NaN;
    expectThrow(
      () => targetLeaveOneOut(bad, { target: 'buy' }),
      RangeError,
      'targetLeaveOneOut: row 1 has timestamp NaN',
    );
  });
});

const taobaoHead = sharedData('taobao-userbehavior-head/UserBehavior_head814users.csv');

describe.skipIf(!taobaoHead)('targetLeaveOneOut on the Taobao UserBehavior head (814 users)', () => {
  it('splits on buy with validation: a partition, no purchase leaked, earlier supportive rows kept', async () => {
    // The loader's default policy keeps one row per (user, item, behaviour), the latest: a repeated purchase is one
    // row (so no held-out pair rows), and an item viewed both before and after its purchase keeps the later view only,
    // which is then left out as leaked ('keep-first' would keep the earlier view instead: 61 leaked, 393 earlier).
    const { interactions: log } = await loadTaobao(taobaoHead as string, { duplicates: 'keep-latest' });
    const split = targetLeaveOneOut(log, { target: 'buy', validation: true });
    const { report } = split;
    console.log('targetLeaveOneOut on the Taobao head:', JSON.stringify(report));
    expectPartition(log, split, log.behaviourNames.indexOf('buy'));
    // 558 users bought something (see loaders/real-data.spec.ts); the others only browsed.
    expect(report.usersWithoutTarget).toBe(814 - 558);
    expect(report.testCases + report.usersWithoutTest).toBe(558);
    expect(report.validationCases).toBe(report.testCases);
    // Pinned, so a change in the rule shows here.
    expect(report).toEqual({
      users: 814,
      testCases: 243,
      validationCases: 243,
      usersWithoutTest: 315,
      usersWithoutTarget: 256,
      heldOutPairRows: 0,
      leakedSupportiveRows: 158,
      earlierSupportiveRows: 297,
    });
    expect(split.train.size).toBe(log.size - 2 * 243 - 158);
  });
});
