import { describe, expect, it } from 'vitest';
import { IdMap } from '../id-map.js';
import { DataFormatError } from './errors.js';
import { loadMovieLens } from './movielens.js';
import { loadParquet } from './parquet.js';
import { testTables } from './test-tables.js';

const tables = testTables('parquet');

// Four rows, the last repeating (u1, 10) later in time.
const events = tables.parquet(
  'events.parquet',
  [
    { name: 'user_id', data: ['u1', 'u2', 'u3', 'u1'], type: 'STRING' },
    { name: 'item_id', data: Int32Array.of(10, 20, 10, 10), type: 'INT32', nullable: false },
    { name: 'rating', data: [4.5, 3, 5, 2], type: 'DOUBLE' },
    { name: 'ts', data: [100n, 200n, 300n, 400n], type: 'INT64' },
    { name: 'note', data: ['a', 'b', 'c', 'd'], type: 'STRING' },
  ],
  3, // two row groups, 3 + 1 rows
);

describe('loadParquet', () => {
  it('reads the mapped columns into interactions, with the loaders report', async () => {
    const { interactions, report } = await loadParquet(events, {
      columns: { user: 'user_id', item: 'item_id', value: 'rating', timestamp: 'ts' },
    });
    expect(interactions.userIds.ids()).toEqual(['u1', 'u2', 'u3']);
    expect(interactions.itemIds.ids()).toEqual(['10', '20']);
    // keep-latest: (u1, 10) at row 4 replaces row 1, in row 4's place.
    expect(Array.from(interactions.users)).toEqual([1, 2, 0]);
    expect(Array.from(interactions.values ?? [])).toEqual([3, 5, 2]);
    expect(Array.from(interactions.timestamps ?? [])).toEqual([200, 300, 400]);
    expect(report).toEqual({
      file: events,
      format: 'parquet',
      lines: 4,
      rows: 3,
      skipped: 0,
      skippedByKind: {},
      skippedExamples: [],
      duplicates: 1,
      duplicatePolicy: 'keep-latest',
    });
  });

  it('takes columns by 0-based index, and the common options', async () => {
    const userIds = IdMap.from(['u3']);
    const calls: number[] = [];
    const { interactions, report } = await loadParquet(events, {
      columns: { user: 0, item: 1 },
      userIds,
      duplicates: 'sum',
      onProgress: (n) => calls.push(n),
    });
    expect(interactions.userIds).toBe(userIds);
    expect(userIds.ids()).toEqual(['u3', 'u1', 'u2']);
    // 'sum' counts the rows of (u1, 10): no value column, 1 per row.
    expect(Array.from(interactions.values ?? [])).toEqual([1, 1, 2]);
    expect(report.duplicatePolicy).toBe('sum');
    expect(calls).toEqual([4]);
  });

  it('gives integer ids of any width the decimal string a text file would have', async () => {
    const file = tables.parquet('ints.parquet', [
      { name: 'user', data: [196n, 9007199254740993n], type: 'INT64' },
      { name: 'item', data: [242.0, 302.0], type: 'DOUBLE' },
      { name: 'when', data: [new Date(881250949000), new Date(891717742500)], type: 'TIMESTAMP' },
    ]);
    const { interactions } = await loadParquet(file, { columns: { user: 'user', item: 'item', timestamp: 'when' } });
    expect(interactions.userIds.ids()).toEqual(['196', '9007199254740993']);
    expect(interactions.itemIds.ids()).toEqual(['242', '302']);
    // TIMESTAMP columns are unix seconds, as u.data's.
    expect(Array.from(interactions.timestamps ?? [])).toEqual([881250949, 891717742.5]);
  });

  it('skips and counts rows with a null user or item, naming row and column, even when strict', async () => {
    const file = tables.parquet('nulls.parquet', [
      { name: 'user', data: ['a', null, 'c', 'd'], type: 'STRING' },
      { name: 'item', data: [1, 2, null, 4], type: 'INT32' },
    ]);
    const { interactions, report } = await loadParquet(file, { columns: { user: 'user', item: 'item' } });
    expect(interactions.size).toBe(2);
    expect(report).toMatchObject({ lines: 4, rows: 2, skipped: 2, skippedByKind: { null: 2 } });
    expect(report.skippedExamples).toEqual([
      { line: 2, kind: 'null', message: 'nulls.parquet:2: user id is null (column "user")' },
      { line: 3, kind: 'null', message: 'nulls.parquet:3: item id is null (column "item")' },
    ]);
  });

  it('refuses a non-integer or NaN id and a NaN value, naming file, row and column (lenient: skipped)', async () => {
    const file = tables.parquet('bad.parquet', [
      { name: 'user', data: [1, 2.5, 3, 4], type: 'DOUBLE' },
      { name: 'item', data: [1, 2, NaN, 4], type: 'DOUBLE' },
      { name: 'rating', data: [1, 2, 3, NaN], type: 'FLOAT' },
    ]);
    const columns = { user: 'user', item: 'item', value: 'rating' };
    await expect(loadParquet(file, { columns })).rejects.toThrow(
      new DataFormatError(file, 2, 'id', 'user id 2.5 is not an integer (column "user")'),
    );
    const { report } = await loadParquet(file, { columns, lenient: true });
    expect(report).toMatchObject({ rows: 1, skipped: 3, skippedByKind: { id: 2, number: 1 } });
    expect(report.skippedExamples.map((s) => s.message)).toEqual([
      'bad.parquet:2: user id 2.5 is not an integer (column "user")',
      'bad.parquet:3: item id NaN is not an integer (column "item")',
      'bad.parquet:4: value NaN is not a finite number (column "rating")',
    ]);
  });

  it('names a missing column and lists the columns the file has', async () => {
    await expect(loadParquet(events, { columns: { user: 'uid', item: 'item_id' } })).rejects.toThrow(
      'events.parquet: no column "uid" (for user); the file has columns "user_id", "item_id", "rating", "ts", "note"',
    );
    await expect(loadParquet(events, { columns: { user: 0, item: 9 } })).rejects.toMatchObject({
      kind: 'columns',
      message: expect.stringContaining('no column 9 (0-based, for item)'),
    });
  });

  it('refuses a nested column once, before reading rows', async () => {
    const file = await tables.duckdbParquet('nested.parquet', "select 'a' as user, [1, 2] as items");
    await expect(loadParquet(file, { columns: { user: 'user', item: 'items' } })).rejects.toThrow(
      'nested.parquet: column "items" (for item) is nested (a list, map or struct); map a column of plain values',
    );
  });

  it("reads DuckDB's Parquet: large row groups, dictionaries, BIGINT, DECIMAL, TIMESTAMP", async () => {
    const file = await tables.duckdbParquet(
      'duckdb.parquet',
      "select 'u' || (i % 1000) as user_id, i % 5000 as item_id, (i % 5 + 1)::decimal(3, 1) as rating, " +
        "timestamp '2020-01-01' + to_seconds(i) as ts from range(300000) t(i)",
    );
    const { interactions, report } = await loadParquet(file, {
      columns: { user: 'user_id', item: 'item_id', value: 'rating', timestamp: 'ts' },
    });
    // (i mod 1000, i mod 5000) repeats every 5000 rows: 5000 pairs, each 60 times.
    expect(report).toMatchObject({ lines: 300_000, rows: 5000, duplicates: 295_000, skipped: 0 });
    expect(interactions.numUsers).toBe(1000);
    expect(interactions.numItems).toBe(5000);
    const last = interactions.size - 1;
    // The latest of each pair is kept: i = 295,000 + k, so the rating is (i % 5 + 1) and the time 2020 + i s.
    expect(interactions.values?.[last]).toBe((299_999 % 5) + 1);
    expect(interactions.timestamps?.[last]).toBe(1577836800 + 299_999);
  });

  it('reads a GZIP file through hyparquet-compressors (optional-package.spec: the message when it is missing)', async () => {
    const file = tables.parquet(
      'gzip.parquet',
      [
        { name: 'user', data: ['a', 'b'], type: 'STRING' },
        { name: 'item', data: [1, 2], type: 'INT32' },
      ],
      100,
      'GZIP',
    );
    const { interactions } = await loadParquet(file, { columns: { user: 'user', item: 'item' } });
    expect(interactions.itemIds.ids()).toEqual(['1', '2']);
  });

  it('refuses an empty file, and a file that is not Parquet', async () => {
    const empty = tables.parquet('empty.parquet', [
      { name: 'user', data: [], type: 'STRING' },
      { name: 'item', data: [], type: 'STRING' },
    ]);
    await expect(loadParquet(empty, { columns: { user: 'user', item: 'item' } })).rejects.toThrow(
      new DataFormatError(empty, 0, 'empty', 'the file has no rows'),
    );
    const text = tables.text('u.parquet', '196\t242\t3\t881250949\n');
    await expect(loadParquet(text, { columns: { user: 0, item: 1 } })).rejects.toMatchObject({
      kind: 'unreadable',
      message: expect.stringMatching(/^u\.parquet: not readable as Parquet: /),
    });
    await expect(loadParquet(`${tables.dir}/none.parquet`, { columns: { user: 0, item: 1 } })).rejects.toThrow(
      /loadParquet: cannot read .*none\.parquet: ENOENT/,
    );
  });

  it('checks its options before opening the file', async () => {
    await expect(loadParquet('nowhere.parquet', undefined as never)).rejects.toThrow(
      /loadParquet: pass options with at least the column mapping/,
    );
    await expect(loadParquet('nowhere.parquet', { columns: { user: 'u', item: 'u' } })).rejects.toThrow(
      'loadParquet: column "u" is given for both user and item',
    );
    await expect(
      loadParquet('nowhere.parquet', { columns: { user: 'u', item: 'i' }, delimiter: ',' } as never),
    ).rejects.toThrow(/loadParquet has no option "delimiter"/);
  });

  it('loads what the MovieLens loader loads from the same rows', async () => {
    const lines = [
      '196\t242\t3\t881250949',
      '186\t302\t3\t891717742',
      '196\t242\t5\t891717743',
      '22\t377\t1\t878887116',
    ];
    const text = tables.text('u.data', lines.join('\n') + '\n');
    const cells = lines.map((line) => line.split('\t').map(Number));
    const file = tables.parquet('u.parquet', [
      { name: 'user_id', data: Int32Array.from(cells, (c) => c[0]!), type: 'INT32' },
      { name: 'item_id', data: Int32Array.from(cells, (c) => c[1]!), type: 'INT32' },
      { name: 'rating', data: Int32Array.from(cells, (c) => c[2]!), type: 'INT32' },
      { name: 'timestamp', data: cells.map((c) => BigInt(c[3]!)), type: 'INT64' },
    ]);
    const fromText = await loadMovieLens(text);
    const fromParquet = await loadParquet(file, {
      columns: { user: 'user_id', item: 'item_id', value: 'rating', timestamp: 'timestamp' },
    });
    for (const key of ['users', 'items', 'values', 'timestamps'] as const) {
      expect(Array.from(fromParquet.interactions[key] ?? []), key).toEqual(
        Array.from(fromText.interactions[key] ?? []),
      );
    }
    expect(fromParquet.interactions.userIds.ids()).toEqual(fromText.interactions.userIds.ids());
    expect({ ...fromParquet.report, file: '', format: '' }).toEqual({ ...fromText.report, file: '', format: '' });
  });
});
