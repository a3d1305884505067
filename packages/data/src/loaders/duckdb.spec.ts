import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { loadDuckDB } from './duckdb.js';
import { DataFormatError } from './errors.js';
import { loadParquet } from './parquet.js';
import { testTables } from './test-tables.js';

const tables = testTables('duckdb');

/** A DuckDB database file with an `events` table, made by running `sql`. */
async function database(name: string, sql: string): Promise<string> {
  const file = path.join(tables.dir, name);
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
  return file;
}

const warehouse = await database(
  'warehouse.duckdb',
  `create table events (user_id bigint, item_id varchar, rating decimal(2, 1), ts timestamp, kind varchar);
   insert into events values
     (196, 'i242', 3.0, '1997-12-04 15:55:49', 'view'),
     (186, 'i302', 3.5, '1998-04-04 19:22:22', 'buy'),
     (196, 'i242', 5.0, '1998-04-05 00:00:00', 'view'),
     (NULL, 'i377', 1.0, '1997-11-07 07:18:36', 'view');`,
);

describe('loadDuckDB', () => {
  it("reads a query's rows on a database file, with the loaders report and the query", async () => {
    const query = 'select user_id, item_id, rating, ts, kind from events';
    const { interactions, report } = await loadDuckDB(warehouse, {
      query,
      columns: { user: 'user_id', item: 'item_id', value: 'rating', timestamp: 'ts', behaviour: 'kind' },
    });
    expect(interactions.userIds.ids()).toEqual(['196', '186']);
    expect(interactions.itemIds.ids()).toEqual(['i242', 'i302']);
    expect(Array.from(interactions.values ?? [])).toEqual([3.5, 5]);
    // TIMESTAMP as unix seconds.
    expect(Array.from(interactions.timestamps ?? [])).toEqual([891717742, 891734400]);
    expect(interactions.behaviourNames).toEqual(['view', 'buy']);
    expect(report).toEqual({
      file: warehouse,
      format: 'duckdb',
      query,
      lines: 4,
      rows: 2,
      skipped: 1,
      skippedByKind: { null: 1 },
      skippedExamples: [
        { line: 4, kind: 'null', message: 'warehouse.duckdb (query):4: user id is null (column "user_id")' },
      ],
      duplicates: 1,
      duplicatePolicy: 'keep-latest',
    });
  });

  it('opens a database read-only: a query cannot change it', async () => {
    await expect(
      loadDuckDB(warehouse, { query: 'delete from events returning user_id, item_id', columns: { user: 0, item: 1 } }),
    ).rejects.toThrow(/loadDuckDB: DuckDB refused the query on .*warehouse\.duckdb: .*read-only/i);
    const { report } = await loadDuckDB(warehouse, { query: 'select * from events', columns: { user: 0, item: 1 } });
    expect(report.lines).toBe(4);
  });

  it('runs on no database (":memory:") a query that reads files, and loads what loadParquet loads', async () => {
    const file = await tables.duckdbParquet(
      'events.parquet',
      "select (i * 7) % 300 as user_id, 'item' || (i % 500) as item_id, (i % 5) + 1 as rating, " +
        '880000000 + i as ts from range(5000) t(i)',
    );
    const columns = { user: 'user_id', item: 'item_id', value: 'rating', timestamp: 'ts' };
    const viaDuckDB = await loadDuckDB(':memory:', { query: `select * from '${file}'`, columns });
    const viaParquet = await loadParquet(file, { columns });
    for (const key of ['users', 'items', 'values', 'timestamps'] as const) {
      expect(Array.from(viaDuckDB.interactions[key] ?? []), key).toEqual(
        Array.from(viaParquet.interactions[key] ?? []),
      );
    }
    expect(viaDuckDB.interactions.userIds.ids()).toEqual(viaParquet.interactions.userIds.ids());
    expect(viaDuckDB.report).toMatchObject({ file: ':memory:', lines: 5000, rows: viaParquet.report.rows });
    // A query can filter and reshape on the way.
    const recent = await loadDuckDB(':memory:', {
      query: `select user_id as u, item_id as i from '${file}' where ts >= 880004000`,
      columns: { user: 'u', item: 'i' },
    });
    expect(recent.report.lines).toBe(1000);
  });

  it('names a bad cell by result row and column; lenient skips it', async () => {
    const query = "select * from (values ('a', 1.0), ('b', 2.5), ('c', 'nan'::double)) t(user_id, item_id)";
    await expect(loadDuckDB(':memory:', { query, columns: { user: 'user_id', item: 'item_id' } })).rejects.toThrow(
      new DataFormatError('duckdb query', 2, 'id', 'item id 2.5 is not an integer (column "item_id")'),
    );
    const { report } = await loadDuckDB(':memory:', {
      query,
      columns: { user: 'user_id', item: 'item_id' },
      lenient: true,
    });
    expect(report).toMatchObject({ lines: 3, rows: 1, skipped: 2, skippedByKind: { id: 2 } });
  });

  it('names a column the result lacks, listing the ones it has', async () => {
    await expect(
      loadDuckDB(warehouse, {
        query: 'select user_id, item_id from events',
        columns: { user: 'user', item: 'item_id' },
      }),
    ).rejects.toThrow(
      'warehouse.duckdb (query): no column "user" (for user); the query\'s result has columns "user_id", "item_id"',
    );
  });

  it('refuses an empty result unless lenient', async () => {
    const options = { query: 'select * from events where false', columns: { user: 0, item: 1 } };
    await expect(loadDuckDB(warehouse, options)).rejects.toThrow(
      new DataFormatError(`${warehouse} (query)`, 0, 'empty', "the query's result has no rows"),
    );
    expect((await loadDuckDB(warehouse, { ...options, lenient: true })).interactions.size).toBe(0);
  });

  it("passes on DuckDB's own message for a query it refuses or a database it cannot open", async () => {
    await expect(
      loadDuckDB(':memory:', { query: 'select * frm events', columns: { user: 0, item: 1 } }),
    ).rejects.toThrow(/^loadDuckDB: DuckDB refused the query: .*syntax error/s);
    await expect(
      loadDuckDB(':memory:', { query: 'select * from events', columns: { user: 0, item: 1 } }),
    ).rejects.toThrow(/^loadDuckDB: DuckDB refused the query: .*events does not exist/s);
    const missing = path.join(tables.dir, 'missing.duckdb');
    await expect(loadDuckDB(missing, { query: 'select 1', columns: { user: 0, item: 1 } })).rejects.toThrow(
      /^loadDuckDB: cannot open the DuckDB database .*missing\.duckdb: .*does not exist/s,
    );
  });

  it('checks its options before opening anything', async () => {
    await expect(loadDuckDB(':memory:', { query: '  ', columns: { user: 0, item: 1 } })).rejects.toThrow(
      'loadDuckDB: option "query" must be a non-empty SQL string, got "  "',
    );
    await expect(loadDuckDB(':memory:', { query: 'select 1', columns: { user: 0 } } as never)).rejects.toThrow(
      /needs user and item/,
    );
    await expect(loadDuckDB('', { query: 'select 1', columns: { user: 0, item: 1 } })).rejects.toThrow(
      'loadDuckDB: give a database file, or ":memory:", got ""',
    );
  });
});
