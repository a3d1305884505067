import { describe, it, expect } from 'vitest';
import { IdMap } from '../id-map.js';
import { Interactions } from '../interactions.js';
import { leaveOneOut } from './leave-one-out.js';
import { rowsOf } from '../test-support.js';

describe('leaveOneOut', () => {
  const log = Interactions.fromColumns(
    {
      users: Int32Array.of(0, 1, 0, 0, 1, 2, 1),
      items: Int32Array.of(10, 11, 12, 13, 14, 15, 16),
      values: Float32Array.of(1, 2, 3, 4, 5, 1, 2),
      timestamps: Float64Array.of(300, 5, 100, 200, 50, 7, 20),
    },
    { userIds: IdMap.from(['a', 'b', 'c']), numItems: 20 },
  );

  it('holds out the latest row by timestamp, not by file position', () => {
    const { train, test, report } = leaveOneOut(log);
    expect(rowsOf(test)).toEqual([
      [0, 10],
      [1, 14],
    ]);
    expect(Array.from(test.values ?? [])).toEqual([1, 5]);
    expect(Array.from(test.timestamps ?? [])).toEqual([300, 50]);
    // Train keeps the other rows in file order, including the single-row user 2.
    expect(rowsOf(train)).toEqual([
      [1, 11],
      [0, 12],
      [0, 13],
      [2, 15],
      [1, 16],
    ]);
    expect(report).toEqual({ users: 3, testCases: 2, validationCases: 0, usersWithoutTest: 1, heldOutPairRows: 0 });
    expect(leaveOneOut(log).validation).toBeUndefined();
  });

  it('holds out the second latest as validation', () => {
    const { train, validation, test, report } = leaveOneOut(log, { validation: true });
    expect(rowsOf(test)).toEqual([
      [0, 10],
      [1, 14],
    ]);
    expect(rowsOf(validation)).toEqual([
      [0, 13],
      [1, 16],
    ]);
    expect(rowsOf(train)).toEqual([
      [1, 11],
      [0, 12],
      [2, 15],
    ]);
    expect(report).toEqual({ users: 3, testCases: 2, validationCases: 2, usersWithoutTest: 1, heldOutPairRows: 0 });
  });

  it('breaks timestamp ties by file order (the later row is later)', () => {
    const tied = Interactions.fromColumns({
      users: Int32Array.of(0, 0, 0, 0),
      items: Int32Array.of(9, 3, 7, 1),
      timestamps: Float64Array.of(5, 5, 5, 1),
    });
    const { validation, test } = leaveOneOut(tied, { validation: true });
    expect(Array.from(test.items)).toEqual([7]);
    expect(Array.from(validation.items)).toEqual([3]);
  });

  it('uses file order alone without timestamps', () => {
    const plain = Interactions.fromColumns({
      users: Int32Array.of(0, 1, 0, 1, 0),
      items: Int32Array.of(4, 3, 2, 1, 0),
    });
    const { train, validation, test } = leaveOneOut(plain, { validation: true });
    expect(rowsOf(test)).toEqual([[0, 0]]);
    expect(rowsOf(validation)).toEqual([[0, 2]]);
    expect(rowsOf(train)).toEqual([
      [0, 4],
      [1, 3],
      [1, 1],
    ]);
  });

  it('holds out pairs: no other row of a held-out (user, item) stays in train', () => {
    // A Taobao-style log: item 2 viewed (t 1), carted (t 4) and bought (t 5); item 1 viewed twice; item 0 once.
    // A split by rows kept the view and the cart of the test purchase in train (18% of test pairs in one probe).
    const multi = Interactions.fromColumns(
      {
        users: Int32Array.of(0, 0, 0, 0, 0, 0),
        items: Int32Array.of(2, 1, 0, 2, 2, 1),
        timestamps: Float64Array.of(1, 2, 0, 4, 5, 3),
        behaviours: Uint8Array.of(0, 0, 0, 1, 2, 0),
      },
      { behaviourNames: ['pv', 'cart', 'buy'] },
    );
    const { train, test } = leaveOneOut(multi);
    expect(Array.from(test.items)).toEqual([2]);
    expect(Array.from(test.behaviours ?? [])).toEqual([2]);
    expect(Array.from(train.items)).toEqual([1, 0, 1]);
    expect(train.behaviourNames).toEqual(['pv', 'cart', 'buy']);
    const withValidation = leaveOneOut(multi, { validation: true });
    // Validation is the latest row of another item (item 1 at t 3), never a second row of the test pair.
    expect(Array.from(withValidation.validation.items)).toEqual([1]);
    expect(Array.from(withValidation.train.items)).toEqual([0]);
    expect(withValidation.report.heldOutPairRows).toBe(3); // two rows of item 2, one of item 1
    const { train: t, validation: v, test: x, report } = withValidation;
    expect(t.size + v.size + x.size + report.heldOutPairRows).toBe(multi.size);
  });

  it('counts distinct items, not rows, to decide whether a user gets a case', () => {
    const repeats = Interactions.fromColumns({ users: Int32Array.of(0, 0, 0), items: Int32Array.of(4, 4, 4) });
    const { train, test, report } = leaveOneOut(repeats);
    expect(test.size).toBe(0);
    expect(train.size).toBe(3);
    expect(report.usersWithoutTest).toBe(1);
  });

  it('keeps users with too few rows in train and counts them', () => {
    const small = Interactions.fromColumns({
      users: Int32Array.of(0, 1, 1, 2, 2, 2),
      items: Int32Array.of(0, 1, 2, 3, 4, 5),
    });
    const plain = leaveOneOut(small);
    expect(Array.from(plain.test.users)).toEqual([1, 2]);
    expect(plain.report.usersWithoutTest).toBe(1);
    const withValidation = leaveOneOut(small, { validation: true });
    expect(Array.from(withValidation.test.users)).toEqual([2]);
    expect(Array.from(withValidation.validation.users)).toEqual([2]);
    expect(withValidation.report).toEqual({
      users: 3,
      testCases: 1,
      validationCases: 1,
      usersWithoutTest: 2,
      heldOutPairRows: 0,
    });
    expect(withValidation.train.itemsOf(1)).toEqual(Int32Array.of(1, 2));
  });

  it('shares the index space and partitions the rows exactly', () => {
    const { train, validation, test } = leaveOneOut(log, { validation: true });
    for (const part of [train, validation, test]) {
      expect(part.userIds).toBe(log.userIds);
      expect(part.itemIds).toBe(log.itemIds);
      expect(part.numUsers).toBe(log.numUsers);
      expect(part.numItems).toBe(20);
    }
    expect(train.size + validation.size + test.size).toBe(log.size);
    const key = ([u, i]: [number, number]) => `${u}:${i}`;
    const all = [...rowsOf(train), ...rowsOf(validation), ...rowsOf(test)].map(key).sort();
    expect(all).toEqual(rowsOf(log).map(key).sort());
  });

  it('ignores users without rows and handles an empty log', () => {
    const sparse = Interactions.fromColumns(
      { users: Int32Array.of(2, 2), items: Int32Array.of(0, 1) },
      { numUsers: 5 },
    );
    expect(leaveOneOut(sparse).report).toEqual({
      users: 1,
      testCases: 1,
      validationCases: 0,
      usersWithoutTest: 0,
      heldOutPairRows: 0,
    });
    const empty = Interactions.fromColumns({ users: new Int32Array(0), items: new Int32Array(0) });
    const split = leaveOneOut(empty);
    expect(split.train.size + split.test.size).toBe(0);
  });

  it('rejects a NaN timestamp and a non-boolean validation option', () => {
    const columns = { users: Int32Array.of(0, 0), items: Int32Array.of(0, 1), timestamps: Float64Array.of(1, NaN) };
    expect(() => Interactions.fromColumns(columns)).toThrow(/column timestamps has NaN at row 1/);
    // fromColumns refuses NaN, but the columns are plain typed arrays that can be written to afterwards.
    const bad = Interactions.fromColumns({ ...columns, timestamps: Float64Array.of(1, 2) });
    bad.timestamps![1] = NaN;
    expect(() => leaveOneOut(bad)).toThrow(/row 1 has timestamp NaN/);
    expect(() => leaveOneOut(log, { validation: 'yes' as unknown as boolean })).toThrow(/option "validation"/);
  });
});

describe('leaveOneOut arguments', () => {
  const log = Interactions.fromColumns({ users: Int32Array.of(0, 0, 0), items: Int32Array.of(0, 1, 2) });

  // Before: the misspelt key was ignored and no validation part was made.
  it('refuses an unknown option key', () => {
    expect(() => leaveOneOut(log, { validaton: true } as never)).toThrow(
      /leaveOneOut has no option "validaton" \(its options: validation\)/,
    );
  });

  // Before: "Cannot read properties of null (reading 'timestamps')".
  it('says what to pass without a log', () => {
    expect(() => leaveOneOut(null as never)).toThrow('leaveOneOut: pass an Interactions as log, got null');
  });

  // Before: "got false", which reads like the boolean.
  it('quotes a string validation', () => {
    expect(() => leaveOneOut(log, { validation: 'false' as never })).toThrow(
      'leaveOneOut: option "validation" must be a boolean, got "false"',
    );
  });
});
