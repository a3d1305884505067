import { describe, expect, it } from 'vitest';
import { testFiles } from './test-files.js';
import { loadInteractions } from './load-interactions.js';
import { testTables } from './test-tables.js';

const write = testFiles('load');
const tables = testTables('load');

describe('loadInteractions', () => {
  it('detects the format from the file name', async () => {
    const movielens = await loadInteractions(write('u.data', '1\t2\t3\t4\n'));
    expect(movielens.report.format).toBe('movielens');
    const ncf = await loadInteractions(write('x.test.rating', '0\t2\t1\n'), { ncf: { numItems: 5 } });
    expect(ncf.report.format).toBe('ncf');
    expect(ncf.interactions.numItems).toBe(5);
    const taobao = await loadInteractions(write('UserBehavior.csv', '1,2,3,buy,4\n'));
    expect(taobao.report.format).toBe('taobao');
    expect(Array.from(taobao.categories ?? [])).toEqual([0]);
    const citeulike = await loadInteractions(write('users.dat', '1 1'), {
      citeulike: { content: write('mult.dat', '0\n1 0:2') },
    });
    expect(citeulike.report.format).toBe('citeulike');
    expect(citeulike.content?.numRows).toBe(2);
  });

  it('passes the common options and the chosen format options', async () => {
    const file = write('ratings.txt', 'a::x::5::1\nbad\n');
    const calls: number[] = [];
    const { report } = await loadInteractions(file, {
      format: 'movielens',
      movielens: { separator: '::' },
      lenient: true,
      duplicates: 'keep-first',
      onProgress: (n) => calls.push(n),
    });
    expect(report).toMatchObject({ rows: 1, skipped: 1, duplicatePolicy: 'keep-first' });
    expect(calls).toEqual([2]);
  });

  it('loads csv with its options, and refuses csv without them', async () => {
    const file = write('log.tsv', 'u\ti\tv\nu1\ti1\t2\n');
    const { interactions } = await loadInteractions(file, {
      format: 'csv',
      csv: { delimiter: '\t', header: true, columns: { user: 'u', item: 'i', value: 'v' } },
    });
    expect(Array.from(interactions.values ?? [])).toEqual([2]);
    await expect(loadInteractions(file, { format: 'csv' })).rejects.toThrow(/needs csv options/);
  });

  it('refuses an undetectable or unknown format', async () => {
    await expect(loadInteractions(write('data.txt', '1,2\n'))).rejects.toThrow(/cannot tell the format/);
    // @ts-expect-error: an unknown format from untyped input
    await expect(loadInteractions(write('u.data', '1\t2\t3\t4\n'), { format: 'xlsx' })).rejects.toThrow(
      /unknown format "xlsx"/,
    );
  });

  it('loads Parquet and DuckDB queries with their options, and refuses them without', async () => {
    const file = tables.parquet('events.parquet', [
      { name: 'user_id', data: ['a', 'b', 'a'], type: 'STRING' },
      { name: 'item_id', data: [1, 2, 1], type: 'INT32' },
    ]);
    const columns = { user: 'user_id', item: 'item_id' };
    const parquet = await loadInteractions(file, { parquet: { columns }, duplicates: 'sum' });
    expect(parquet.report).toMatchObject({ format: 'parquet', rows: 2, duplicates: 1, duplicatePolicy: 'sum' });
    const duckdb = await loadInteractions(':memory:', {
      duckdb: { query: `select * from '${file}' where user_id = 'a'`, columns },
      lenient: true,
    });
    expect(duckdb.report).toMatchObject({ format: 'duckdb', lines: 2, rows: 1, duplicates: 1 });
    await expect(loadInteractions(file)).rejects.toThrow(/format parquet needs parquet options \(at least columns\)/);
    await expect(loadInteractions(':memory:')).rejects.toThrow(/format duckdb needs duckdb options/);
  });
});
