import { describe, expect, it } from 'vitest';
import { IdMap } from '../id-map.js';
import { DataFormatError } from './errors.js';
import { resolveTableColumns } from './table-columns.js';
import { checkTableOptions, TableRows, type TableLoadOptions } from './table-rows.js';

const NAMES = ['u', 'i', 'r', 't', 'b'];
const SOURCE = { file: '/x/events.parquet', format: 'parquet', table: 'the file' };

function tableRows(options: TableLoadOptions): TableRows {
  checkTableOptions('test', options, []);
  return new TableRows(options, resolveTableColumns(SOURCE.file, options.columns, NAMES, 'the file'), NAMES, SOURCE);
}

describe('TableRows', () => {
  it('reads batches into interactions and the loaders report, rows numbered on across batches', () => {
    const rows = tableRows({ columns: { user: 'u', item: 'i', value: 'r', timestamp: 't' } });
    rows.add({ user: ['a', 'b'], item: [1, 2], value: [5, 3], timestamp: [10n, 20n] }, 2);
    rows.add({ user: ['a'], item: [1], value: Float64Array.of(4), timestamp: [30] }, 1);
    const { interactions, report } = rows.build();
    // (a, 1) again at row 3, later: kept under keep-latest, in its place.
    expect(Array.from(interactions.users)).toEqual([1, 0]);
    expect(interactions.userIds.ids()).toEqual(['a', 'b']);
    expect(interactions.itemIds.ids()).toEqual(['1', '2']);
    expect(Array.from(interactions.values ?? [])).toEqual([3, 4]);
    expect(Array.from(interactions.timestamps ?? [])).toEqual([20, 30]);
    expect(report).toEqual({
      file: '/x/events.parquet',
      format: 'parquet',
      lines: 3,
      rows: 2,
      skipped: 0,
      skippedByKind: {},
      skippedExamples: [],
      duplicates: 1,
      duplicatePolicy: 'keep-latest',
    });
  });

  it('gives an integer id, as number, bigint or string, one index (the number cache agrees with the strings)', () => {
    const rows = tableRows({ columns: { user: 'u', item: 'i' }, lenient: true });
    rows.add({ user: [7, '7', 7n, -0, 0, 7.5, 7], item: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, 7);
    const { interactions, report } = rows.build();
    expect(interactions.userIds.ids()).toEqual(['7', '0']);
    expect(Array.from(interactions.users)).toEqual([0, 0, 0, 1, 1, 0]);
    expect(report.skippedExamples.map((s) => s.message)).toEqual([
      'events.parquet:6: user id 7.5 is not an integer (column "u")',
    ]);
  });

  it('skips and counts rows with a null even when strict; other bad cells throw naming row and column', () => {
    const rows = tableRows({ columns: { user: 'u', item: 'i' } });
    rows.add({ user: ['a', null, 'c'], item: [1, 2, undefined] }, 3);
    const { report } = rows.build();
    expect(report).toMatchObject({ lines: 3, rows: 1, skipped: 2, skippedByKind: { null: 2 } });
    expect(report.skippedExamples.map((s) => s.message)).toEqual([
      'events.parquet:2: user id is null (column "u")',
      'events.parquet:3: item id is null (column "i")',
    ]);
    const strict = tableRows({ columns: { user: 'u', item: 'i', value: 'r' } });
    strict.add({ user: ['a'], item: [1], value: [1] }, 1);
    expect(() => strict.add({ user: ['a'], item: [1.5], value: [1] }, 1)).toThrow(
      new DataFormatError(SOURCE.file, 2, 'id', 'item id 1.5 is not an integer (column "i")'),
    );
  });

  it('skips bad cells in lenient mode, by kind', () => {
    const rows = tableRows({ columns: { user: 'u', item: 'i', value: 'r' }, lenient: true });
    rows.add({ user: ['a', 'b', 'c', 'd'], item: [1, 2, 3, 4], value: [1, NaN, 'x', null] }, 4);
    const { report } = rows.build();
    expect(report).toMatchObject({ rows: 1, skipped: 3, skippedByKind: { number: 2, null: 1 } });
  });

  it('codes behaviours, and refuses a name not given', () => {
    const rows = tableRows({ columns: { user: 'u', item: 'i', behaviour: 'b' } });
    rows.add({ user: ['a', 'a'], item: [1, 1], behaviour: ['view', 'buy'] }, 2);
    const { interactions } = rows.build();
    expect(interactions.behaviourNames).toEqual(['view', 'buy']);
    const fixed = tableRows({ columns: { user: 'u', item: 'i', behaviour: 'b' }, behaviourNames: ['buy'] });
    expect(() => fixed.add({ user: ['a'], item: [1], behaviour: ['view'] }, 1)).toThrow(
      'events.parquet:1: unknown behaviour "view" (expected buy) (column "b")',
    );
  });

  it('refuses an empty table, and one whose every row was null, unless lenient', () => {
    expect(() => tableRows({ columns: { user: 'u', item: 'i' } }).build()).toThrow(
      new DataFormatError(SOURCE.file, 0, 'empty', 'the file has no rows'),
    );
    const nulls = tableRows({ columns: { user: 'u', item: 'i' } });
    nulls.add({ user: [null, null], item: [1, 2] }, 2);
    expect(() => nulls.build()).toThrow(
      'events.parquet: every row of the file was skipped (2 rows: 2 null); first: events.parquet:1: user id is null',
    );
    const lenient = tableRows({ columns: { user: 'u', item: 'i' }, lenient: true });
    expect(lenient.build().interactions.size).toBe(0);
  });

  it('names both rows of a duplicate under the error policy', () => {
    const rows = tableRows({ columns: { user: 'u', item: 'i' }, duplicates: 'error' });
    rows.add({ user: ['a', 'b', 'a'], item: [1, 1, 1] }, 3);
    expect(() => rows.build()).toThrow('events.parquet:3: (user a, item 1) repeats row 1');
  });

  it('extends the id maps given, and reports progress every 100,000 rows and at the end', () => {
    const userIds = IdMap.from(['z']);
    const calls: number[] = [];
    const rows = tableRows({ columns: { user: 'u', item: 'i' }, userIds, onProgress: (n) => calls.push(n) });
    const n = 150_000;
    const users = Array.from({ length: n }, (_, k) => `u${k % 100}`);
    const items = Int32Array.from({ length: n }, (_, k) => k);
    rows.add({ user: users.slice(0, 120_000), item: items.subarray(0, 120_000) }, 120_000);
    rows.add({ user: users.slice(120_000), item: items.subarray(120_000) }, 30_000);
    const { interactions } = rows.build();
    expect(calls).toEqual([100_000, 150_000]);
    expect(interactions.userIds).toBe(userIds);
    expect(userIds.raw(0)).toBe('z');
    expect(interactions.numUsers).toBe(101);
  });
});

describe('checkTableOptions', () => {
  it('needs a column mapping and refuses unknown keys and bad common options', () => {
    expect(() => checkTableOptions('loadX', undefined, [])).toThrow(/pass options with at least the column mapping/);
    expect(() => checkTableOptions('loadX', { columns: { user: 'u', item: 'i' }, header: true }, [])).toThrow(
      /loadX has no option "header"/,
    );
    expect(() => checkTableOptions('loadX', { columns: { user: 'u', item: 'i' }, duplicates: 'merge' }, [])).toThrow(
      /option "duplicates" must be one of/,
    );
    expect(() =>
      checkTableOptions('loadX', { columns: { user: 'u', item: 'i' }, behaviourNames: ['a', 'a'] }, []),
    ).toThrow(/loadX/);
  });
});
