import { basename } from 'node:path';

/** The interaction file formats {@link loadInteractions} reads. */
export type LoadFormat = 'movielens' | 'ncf' | 'taobao' | 'csv' | 'citeulike' | 'parquet' | 'duckdb';

/** The formats, for CLI help and validation. */
export const LOAD_FORMATS: readonly LoadFormat[] = [
  'movielens',
  'ncf',
  'taobao',
  'csv',
  'citeulike',
  'parquet',
  'duckdb',
];

/**
 * Guesses a file's format from its name: `u.data` (and the ML-100K splits `u1.base` … `ub.test`) and `ratings.dat` are
 * MovieLens, `*.rating` NCF, `UserBehavior*.csv` Taobao, `users.dat` CiteULike, `*.parquet` Parquet, and a DuckDB
 * database (`*.duckdb`, or `:memory:` for none) DuckDB. Anything else (a generic CSV needs a column mapping) gives
 * `undefined`. Parquet and DuckDB need a column mapping too (and DuckDB a query), but their names say what they are.
 *
 * @param path - the file's path; only its base name is looked at.
 * @example
 * ```ts
 * detectFormat('data/ml-100k/u.data'); // 'movielens'
 * detectFormat('AMusic.train.rating'); // 'ncf'
 * detectFormat('events.parquet'); // 'parquet'
 * detectFormat('ratings.csv'); // undefined
 * ```
 */
export function detectFormat(path: string): LoadFormat | undefined {
  const name = basename(path);
  if (name === 'u.data' || name === 'ratings.dat' || /^u[1-5ab]\.(base|test)$/.test(name)) return 'movielens';
  if (name.endsWith('.rating')) return 'ncf';
  if (/^UserBehavior.*\.csv$/i.test(name)) return 'taobao';
  if (name === 'users.dat') return 'citeulike';
  if (/\.parquet$/i.test(name)) return 'parquet';
  if (path === ':memory:' || /\.duckdb$/i.test(name)) return 'duckdb';
  return undefined;
}
