import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// Test-only helper of @recsys/data: writes Parquet files with its devDependency hyparquet-writer.
import { testTables } from '../../data/src/loaders/test-tables.js';
import { sharedData } from '../../../test-utils/shared-data.js';
import { run } from './main.js';

/** Runs the CLI in-process and captures what it writes. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false });
  return { code, out, err };
}

/** `data stats` output without what names the source (and csv's count of trimmed ids), for comparing sources. */
function stats(out: string): Record<string, unknown> {
  const { file: _file, report, ...rest } = JSON.parse(out) as Record<string, unknown>;
  const {
    file: _f,
    format: _format,
    query: _query,
    trimmedIds: _trimmed,
    ...counts
  } = report as Record<string, unknown>;
  return { ...rest, report: counts };
}

const tables = testTables('cli-data-options');
const rows = [
  ['u1', 10, 4, 881250949],
  ['u2', 20, 3, 891717742],
  ['u1', 30, 5, 878887116],
  ['u3', 10, 1, 880606923],
] as const;
const csv = tables.text('events.csv', 'user_id,item_id,rating,ts\n' + rows.map((r) => r.join(',')).join('\n') + '\n');
const parquet = tables.parquet('events.parquet', [
  { name: 'user_id', data: rows.map((r) => r[0]), type: 'STRING' },
  { name: 'item_id', data: Int32Array.from(rows, (r) => r[1]), type: 'INT32' },
  { name: 'rating', data: rows.map((r) => r[2]), type: 'DOUBLE' },
  { name: 'ts', data: rows.map((r) => BigInt(r[3])), type: 'INT64' },
]);
const MAPPING = 'user=user_id,item=item_id,value=rating,timestamp=ts';

describe('--format parquet', () => {
  it('reads a Parquet file (guessed from *.parquet) through --columns, with the statistics of the same csv', async () => {
    const fromCsv = await cli('data', 'stats', csv, '--format', 'csv', '--header', '--columns', MAPPING);
    expect(fromCsv.code, fromCsv.err).toBe(0);
    for (const format of [[], ['--format', 'parquet']]) {
      const fromParquet = await cli('data', 'stats', parquet, ...format, '--columns', MAPPING);
      expect(fromParquet.code, fromParquet.err).toBe(0);
      expect(stats(fromParquet.out)).toEqual(stats(fromCsv.out));
      expect(JSON.parse(fromParquet.out).report).toMatchObject({ file: parquet, format: 'parquet', lines: 4 });
      expect(fromParquet.err).toContain('events.parquet: 4 rows read');
    }
  });

  it('needs --columns, and refuses the csv-only flags', async () => {
    expect(await cli('data', 'stats', parquet)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format parquet needs --columns, e.g. --columns user=user_id,item=item_id'),
    });
    expect(await cli('data', 'stats', parquet, '--columns', MAPPING, '--header')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--header applies to --format csv only; this file is read as parquet'),
    });
    expect(await cli('data', 'stats', csv, '--format', 'movielens', '--columns', MAPPING)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--columns applies to --format csv, parquet and duckdb only'),
    });
  });

  it('names a missing column, and counts rows with a null id on stderr without failing', async () => {
    const missing = await cli('data', 'stats', parquet, '--columns', 'user=uid,item=item_id');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('events.parquet: no column "uid" (for user); the file has columns "user_id"');
    const nulls = tables.parquet('nulls.parquet', [
      { name: 'user', data: ['a', null, 'b'], type: 'STRING' },
      { name: 'item', data: [1, 2, 3], type: 'INT32' },
    ]);
    const result = await cli('data', 'stats', nulls, '--columns', 'user=user,item=item');
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain(
      'skipped 1 rows with a null in a mapped column; first: nulls.parquet:2: user id is null (column "user")',
    );
    expect(JSON.parse(result.out)).toMatchObject({ rows: 2, report: { skipped: 1, skippedByKind: { null: 1 } } });
  });
});

describe('--duckdb', () => {
  const query = `select user_id, item_id, rating, ts from read_csv('${csv}')`;

  it('reads the rows of a query on :memory: (format duckdb implied), with the statistics of the csv', async () => {
    const fromCsv = await cli('data', 'stats', csv, '--format', 'csv', '--header', '--columns', MAPPING);
    const result = await cli('data', 'stats', ':memory:', '--duckdb', query, '--columns', MAPPING);
    expect(result.code, result.err).toBe(0);
    expect(stats(result.out)).toEqual(stats(fromCsv.out));
    expect(JSON.parse(result.out).report).toMatchObject({ file: ':memory:', format: 'duckdb', query });
    const filtered = await cli(
      'data',
      'stats',
      ':memory:',
      '--format',
      'duckdb',
      '--duckdb',
      `select user_id as u, item_id as i from '${parquet}' where user_id = 'u1'`,
      '--columns',
      'user=u,item=i',
    );
    expect(filtered.code, filtered.err).toBe(0);
    expect(JSON.parse(filtered.out)).toMatchObject({ users: 1, items: 2, rows: 2 });
  });

  it('splits the rows of a query on :memory:, also named as "input" in a --config file', async () => {
    const out = path.join(tables.dir, 'duck-split');
    const split = await cli(
      'split',
      ':memory:',
      '--duckdb',
      query,
      '--columns',
      MAPPING,
      '--negatives',
      '1',
      '--out',
      out,
    );
    expect(split.code, split.err).toBe(0);
    const config = path.join(tables.dir, 'duck.json');
    writeFileSync(config, JSON.stringify({ input: ':memory:', duckdb: query, columns: MAPPING }));
    const fromConfig = await cli('data', 'stats', '--config', config);
    expect(fromConfig.code, fromConfig.err).toBe(0);
    expect(JSON.parse(fromConfig.out).report).toMatchObject({ file: ':memory:', format: 'duckdb' });
  });

  it('refuses a query without duckdb format, duckdb without a query, and an empty query', async () => {
    expect(await cli('data', 'stats', csv, '--format', 'csv', '--duckdb', query, '--columns', MAPPING)).toMatchObject({
      code: 2,
      err: expect.stringContaining("--duckdb reads a query's rows, so the format is duckdb, not --format csv"),
    });
    expect(await cli('data', 'stats', ':memory:', '--columns', MAPPING)).toMatchObject({
      code: 2,
      err: expect.stringContaining(':memory: (the data file) is read as duckdb, which needs the query: --duckdb'),
    });
    expect(await cli('data', 'stats', ':memory:', '--duckdb', ' ', '--columns', MAPPING)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--duckdb is empty; give the SQL query'),
    });
    expect(await cli('data', 'stats', ':memory:', '--duckdb', query)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format duckdb needs --columns'),
    });
  });

  it("names a database file that does not exist, and passes on DuckDB's message for a bad query", async () => {
    const missing = path.join(tables.dir, 'none.duckdb');
    expect(await cli('data', 'stats', missing, '--duckdb', 'select 1', '--columns', 'user=0,item=1')).toMatchObject({
      code: 1,
      err: expect.stringContaining(`the data file: no such file "${missing}"`),
    });
    const bad = await cli('data', 'stats', ':memory:', '--duckdb', 'select * frm t', '--columns', 'user=0,item=1');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/loadDuckDB: DuckDB refused the query: .*syntax error/s);
  });
});

const uData = sharedData('ml-100k', 'u.data');

describe.skipIf(!uData)('ml-100k through each source', () => {
  it('data stats prints the same statistics for u.data, its Parquet copy and DuckDB queries on either', async () => {
    const script = fileURLToPath(new URL('../../../scripts/ml100k-to-parquet.mjs', import.meta.url));
    const copy = path.join(tables.dir, 'u.parquet');
    execFileSync(process.execPath, [script, uData!, copy], { stdio: 'ignore' });
    const mapping = 'user=user_id,item=item_id,value=rating,timestamp=timestamp';
    const text = await cli('data', 'stats', uData!);
    expect(text.code, text.err).toBe(0);
    expect(JSON.parse(text.out)).toMatchObject({ users: 943, items: 1682, rows: 100_000 });
    const sources = [
      [copy, '--columns', mapping],
      [':memory:', '--duckdb', `select * from '${copy}'`, '--columns', mapping],
      [
        ':memory:',
        '--duckdb',
        `select column0 as u, column1 as i, column2 as r, column3 as t from read_csv('${uData}', delim = '\t', header = false)`,
        '--columns',
        'user=u,item=i,value=r,timestamp=t',
      ],
    ];
    for (const source of sources) {
      const result = await cli('data', 'stats', ...source);
      expect(result.code, result.err).toBe(0);
      expect(stats(result.out), source.join(' ')).toEqual(stats(text.out));
    }
  });
});
