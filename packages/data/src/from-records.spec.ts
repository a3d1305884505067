import { describe, expect, it } from 'vitest';
import type { InteractionRecord } from './from-records.js';
import { IdMap } from './id-map.js';
import { Interactions } from './interactions.js';
import { loadDelimited } from './loaders/delimited.js';
import { testFiles } from './loaders/test-files.js';
import { expectThrow, rowsOf } from './test-support.js';

const file = testFiles('from-records');

describe('Interactions.fromRecords', () => {
  it('maps raw ids in order of first appearance, keeping values and timestamps', () => {
    const { interactions, report } = Interactions.fromRecords([
      { user: 'alice', item: 'i1', value: 4, timestamp: 100 },
      { user: 7, item: 'i2', value: 2.5, timestamp: 50 },
      { user: '7', item: 'i1', value: 1, timestamp: 60 },
    ]);
    expect(interactions.userIds.ids()).toEqual(['alice', '7']); // 7 and "7" are one id
    expect(interactions.itemIds.ids()).toEqual(['i1', 'i2']);
    expect(rowsOf(interactions)).toEqual([
      [0, 0],
      [1, 1],
      [1, 0],
    ]);
    expect(Array.from(interactions.values ?? [])).toEqual([4, 2.5, 1]);
    expect(Array.from(interactions.timestamps ?? [])).toEqual([100, 50, 60]);
    expect(interactions.behaviours).toBeUndefined();
    expect(report).toEqual({
      file: '(records)',
      format: 'records',
      lines: 3,
      rows: 3,
      skipped: 0,
      skippedByKind: {},
      skippedExamples: [],
      duplicates: 0,
      duplicatePolicy: 'keep-latest',
    });
  });

  it('builds what the csv loader builds from the same rows', async () => {
    const records: InteractionRecord[] = [
      { user: 'u1', item: 'a', value: 5, timestamp: 3, behaviour: 'buy' },
      { user: 'u2', item: 'b', value: 1, timestamp: 1, behaviour: 'view' },
      { user: 'u1', item: 'a', value: 2, timestamp: 9, behaviour: 'buy' },
      { user: 'u1', item: 'a', value: 1, timestamp: 4, behaviour: 'view' },
    ];
    const text = records.map((r) => [r.user, r.item, r.value, r.timestamp, r.behaviour].join(',')).join('\n');
    const columns = { user: 0, item: 1, value: 2, timestamp: 3, behaviour: 4 };
    for (const duplicates of ['keep-latest', 'keep-first', 'sum'] as const) {
      const fromFile = await loadDelimited(file('log.csv', text), { columns, duplicates });
      const fromRecords = Interactions.fromRecords(records, { duplicates });
      expect(fromRecords.interactions, duplicates).toEqual(fromFile.interactions);
      expect(fromRecords.report.duplicates).toBe(fromFile.report.duplicates);
      expect(fromRecords.report.duplicatePolicy).toBe(duplicates);
    }
  });

  it('codes behaviours by first appearance or by the given names', () => {
    const records = [
      { user: 1, item: 1, behaviour: 'view' },
      { user: 1, item: 2, behaviour: 'buy' },
    ];
    expect(Interactions.fromRecords(records).interactions.behaviourNames).toEqual(['view', 'buy']);
    const fixed = Interactions.fromRecords(records, { behaviourNames: ['buy', 'view'] }).interactions;
    expect(Array.from(fixed.behaviours ?? [])).toEqual([1, 0]);
    expect(() => Interactions.fromRecords(records, { behaviourNames: ['buy'] })).toThrow(
      'Interactions.fromRecords: records[0]: unknown behaviour "view" (expected buy)',
    );
    expect(() => Interactions.fromRecords([{ user: 1, item: 1, behaviour: '' }])).toThrow(
      'Interactions.fromRecords: records[0]: empty behaviour',
    );
  });

  it('extends the given id maps, so indices agree with another log', () => {
    const train = Interactions.fromRecords([{ user: 'a', item: 'x' }]).interactions;
    const { interactions } = Interactions.fromRecords([{ user: 'b', item: 'x' }], {
      userIds: train.userIds,
      itemIds: train.itemIds,
    });
    expect(rowsOf(interactions)).toEqual([[1, 0]]);
    expect(train.userIds.ids()).toEqual(['a', 'b']);
    expect(interactions.numUsers).toBe(2);
  });

  it('applies the duplicate policies and reports the merges; "error" names both records', () => {
    const records = [
      { user: 'a', item: 'x', value: 1, timestamp: 5 },
      { user: 'b', item: 'x', value: 1, timestamp: 5 },
      { user: 'a', item: 'x', value: 2, timestamp: 9 },
    ];
    const latest = Interactions.fromRecords(records);
    expect(Array.from(latest.interactions.values ?? [])).toEqual([1, 2]);
    expect(latest.report).toMatchObject({ lines: 3, rows: 2, duplicates: 1 });
    const sum = Interactions.fromRecords(records, { duplicates: 'sum' });
    expect(Array.from(sum.interactions.values ?? [])).toEqual([1, 3]);
    expectThrow(
      () => Interactions.fromRecords(records, { duplicates: 'error' }),
      RangeError,
      'Interactions.fromRecords: records[2] (user a, item x) repeats records[0], and the duplicate policy is ' +
        '"error"; merge them with another policy (keep-latest, keep-first, sum)',
    );
    // Without values, 'sum' counts the records.
    const counts = Interactions.fromRecords(
      [...records, records[0]!].map(({ user, item }) => ({ user, item })),
      {
        duplicates: 'sum',
      },
    );
    expect(Array.from(counts.interactions.values ?? [])).toEqual([1, 3]);
  });

  it('accepts no records', () => {
    const { interactions, report } = Interactions.fromRecords([], { userIds: IdMap.from(['a']) });
    expect(interactions.size).toBe(0);
    expect(interactions.numUsers).toBe(1);
    expect(report).toMatchObject({ lines: 0, rows: 0 });
  });

  it('refuses an invalid record, naming its index', () => {
    const bad = (record: unknown, type: typeof TypeError | typeof RangeError, message: string) =>
      expectThrow(
        () => Interactions.fromRecords([{ user: 'u', item: 'i', value: 1 }, record as InteractionRecord]),
        type,
        `Interactions.fromRecords: records[1]${message}`,
      );
    bad({ item: 'i', value: 1 }, TypeError, ' has no user');
    bad({ user: 'u', item: null, value: 1 }, TypeError, ' has no item');
    bad({ user: NaN, item: 'i', value: 1 }, TypeError, '.user must be a string or a finite number, got NaN');
    bad({ user: 'u', item: true, value: 1 }, TypeError, '.item must be a string or a finite number, got true');
    bad({ user: '', item: 'i', value: 1 }, RangeError, '.user is empty');
    bad(
      { user: ' u', item: 'i', value: 1 },
      RangeError,
      '.user " u" starts or ends with whitespace, so it would not match "u"',
    );
    bad({ user: 'u', item: 'i', value: NaN }, RangeError, '.value NaN is not finite');
    bad({ user: 'u', item: 'i', value: 1e39 }, RangeError, '.value 1e+39 is out of range for a float32 value');
    bad({ user: 'u', item: 'i', value: '4' }, TypeError, '.value must be a number, got "4"');
    bad(
      { user: 'u', item: 'i', value: 1, rating: 4 },
      RangeError,
      ' has a field "rating" (known: user, item, value, timestamp, behaviour)',
    );
    bad('u,i', TypeError, ' must be an object { user, item, ... }, got "u,i"');
  });

  it('refuses a timestamp that is not finite, and records whose columns differ from the first', () => {
    expectThrow(
      () => Interactions.fromRecords([{ user: 1, item: 1, timestamp: Infinity }]),
      RangeError,
      'Interactions.fromRecords: records[0].timestamp Infinity is not finite',
    );
    expectThrow(
      () =>
        Interactions.fromRecords([
          { user: 1, item: 1, value: 1 },
          { user: 1, item: 2 },
        ]),
      TypeError,
      'Interactions.fromRecords: records[0] has a value and records[1] has none; give every record a value, or none',
    );
    expectThrow(
      () =>
        Interactions.fromRecords([
          { user: 1, item: 1 },
          { user: 1, item: 2, timestamp: 3 },
        ]),
      TypeError,
      'Interactions.fromRecords: records[1] has a timestamp and records[0] has none; give every record a timestamp, ' +
        'or none',
    );
  });

  it('refuses bad arguments and options like the loaders', () => {
    expect(() => Interactions.fromRecords('a,b' as unknown as InteractionRecord[])).toThrow(
      /records must be an array of \{ user, item, \.\.\. \} objects, got "a,b"/,
    );
    expect(() => Interactions.fromRecords([], { duplicates: 'merge' as 'sum' })).toThrow(
      'Interactions.fromRecords: option "duplicates" must be one of keep-latest, keep-first, sum, error, got "merge"',
    );
    expect(() => Interactions.fromRecords([], { lenient: true } as object)).toThrow(
      /Interactions.fromRecords has no option "lenient"/,
    );
    expect(() => Interactions.fromRecords([], { behaviourNames: ['a', 'a'] })).toThrow(/repeats behaviourNames\[0\]/);
  });
});
