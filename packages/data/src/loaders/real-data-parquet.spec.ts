import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../../test-utils/shared-data.js';
import type { Interactions } from '../interactions.js';
import { loadDuckDB } from './duckdb.js';
import { loadMovieLens } from './movielens.js';
import type { LoadResult } from './options.js';
import { loadParquet } from './parquet.js';
import { testTables } from './test-tables.js';

// ML-100K lives beside the repository (its licence forbids shipping it); the Parquet copy is written to a temporary
// folder by the repository's converter, scripts/ml100k-to-parquet.mjs, which parses u.data on its own.
const uData = sharedData('ml-100k', 'u.data');
const script = fileURLToPath(new URL('../../../../scripts/ml100k-to-parquet.mjs', import.meta.url));
const tables = testTables('ml100k-parquet');
const COLUMNS = { user: 'user_id', item: 'item_id', value: 'rating', timestamp: 'timestamp' };

/** Everything a log holds, as plain arrays: rows in order, CSR and CSC, and both id maps. */
function contents(log: Interactions) {
  const list = (a: ArrayLike<number> | undefined) => (a ? Array.from(a) : undefined);
  return {
    numUsers: log.numUsers,
    numItems: log.numItems,
    users: list(log.users),
    items: list(log.items),
    values: list(log.values),
    timestamps: list(log.timestamps),
    userPtr: list(log.userPtr),
    itemPtr: list(log.itemPtr),
    userIds: log.userIds.ids(),
    itemIds: log.itemIds.ids(),
  };
}

/** The report without what names the source. */
function counts({ report }: LoadResult) {
  const { file: _file, format: _format, query: _query, ...rest } = report;
  return rest;
}

describe.skipIf(!uData)('ml-100k as Parquet (scripts/ml100k-to-parquet.mjs)', () => {
  it('loads from Parquet, and from DuckDB on the Parquet and on u.data, exactly what the MovieLens loader loads', async () => {
    const parquetFile = path.join(tables.dir, 'u.parquet');
    const printed = execFileSync(process.execPath, [script, uData!, parquetFile], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    expect(printed).toBe(parquetFile);

    const text = await loadMovieLens(uData!, { duplicates: 'error' });
    const parquet = await loadParquet(parquetFile, { columns: COLUMNS, duplicates: 'error' });
    const onParquet = await loadDuckDB(':memory:', {
      query: `select * from read_parquet('${parquetFile}')`,
      columns: COLUMNS,
      duplicates: 'error',
    });
    // DuckDB reading u.data itself: no Parquet in between.
    const onText = await loadDuckDB(':memory:', {
      query:
        `select * from read_csv('${uData}', delim = '\t', header = false, ` +
        "columns = {'user_id': 'INTEGER', 'item_id': 'INTEGER', 'rating': 'INTEGER', 'timestamp': 'BIGINT'})",
      columns: COLUMNS,
      duplicates: 'error',
    });

    expect(counts(text)).toEqual({
      lines: 100_000,
      rows: 100_000,
      skipped: 0,
      skippedByKind: {},
      skippedExamples: [],
      duplicates: 0,
      duplicatePolicy: 'error',
    });
    expect(text.interactions.numUsers).toBe(943);
    expect(text.interactions.numItems).toBe(1682);
    const expected = contents(text.interactions);
    for (const [name, loaded] of [
      ['parquet', parquet],
      ['duckdb on the parquet', onParquet],
      ['duckdb on u.data', onText],
    ] as const) {
      expect(counts(loaded), name).toEqual(counts(text));
      expect(contents(loaded.interactions), name).toEqual(expected);
    }
    expect(parquet.report).toMatchObject({ file: parquetFile, format: 'parquet' });
    expect(onText.report.query).toContain('read_csv');
  });
});
