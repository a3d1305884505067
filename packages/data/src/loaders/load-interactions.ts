import { loadCiteULike, type CiteULikeOptions } from './citeulike.js';
import { loadDelimited, type DelimitedOptions } from './delimited.js';
import { detectFormat, LOAD_FORMATS, type LoadFormat } from './detect-format.js';
import { loadDuckDB, type DuckDBOptions } from './duckdb.js';
import { loadMovieLens, type MovieLensOptions } from './movielens.js';
import { loadNcfRatings, type NcfOptions } from './ncf.js';
import { LOAD_OPTION_KEYS, type LoadOptions, type LoadResult } from './options.js';
import { loadParquet, type ParquetOptions } from './parquet.js';
import { refuseUnknownOptions } from '../check-options.js';
import type { LoadReport } from './report.js';
import type { IdMap } from '../id-map.js';
import type { SparseFeatures } from '../sparse-features.js';
import { loadTaobao, type TaobaoOptions } from './taobao.js';

/**
 * Options of {@link loadInteractions}: the common {@link LoadOptions}, the format, and per-format options under the
 * format's name (only those of the chosen format are used).
 */
export interface LoadInteractionsOptions extends LoadOptions {
  /** The format; detected from the file name ({@link detectFormat}) when omitted. */
  format?: LoadFormat;
  /** MovieLens options (separator). */
  movielens?: Omit<MovieLensOptions, keyof LoadOptions>;
  /** NCF options (index-space sizes). */
  ncf?: Omit<NcfOptions, keyof LoadOptions>;
  /** Taobao options (header, category ids to extend). */
  taobao?: Omit<TaobaoOptions, keyof LoadOptions>;
  /** CiteULike options (content file and sizes). */
  citeulike?: Omit<CiteULikeOptions, keyof LoadOptions>;
  /** Delimited-file options; required with format `'csv'` (at least the column mapping). */
  csv?: Omit<DelimitedOptions, keyof LoadOptions>;
  /**
   * Parquet options; required with format `'parquet'` (at least the column mapping, by name or index). Reading
   * Parquet needs the optional package `hyparquet` ({@link loadParquet}).
   */
  parquet?: Omit<ParquetOptions, keyof LoadOptions>;
  /**
   * DuckDB options; required with format `'duckdb'`: the SQL query and the column mapping of its result. The path is
   * then the database the query runs on, or `':memory:'` for none (a query reading files itself). Needs the optional
   * package `@duckdb/node-api` ({@link loadDuckDB}).
   */
  duckdb?: Omit<DuckDBOptions, keyof LoadOptions>;
}

/** What {@link loadInteractions} returns: the rows and report, plus the extras of formats that have them. */
export interface LoadedInteractions extends LoadResult {
  /** Taobao: category index of each item, -1 when unknown. */
  categories?: Int32Array;
  /** Taobao: raw category ids. */
  categoryIds?: IdMap;
  /** Taobao: rows whose item had another category first. */
  categoryConflicts?: number;
  /** CiteULike: item content, when a content file was given. */
  content?: SparseFeatures;
  /** CiteULike: the content file's report. */
  contentReport?: LoadReport;
}

/**
 * Loads an interaction file in any supported format; the entry point of the CLI.
 *
 * @param path - the file; for format `'duckdb'`, the database the query runs on (`':memory:'` for none).
 * @param options - the format (detected from the file name when omitted), common options, and the format's options.
 * @throws RangeError naming the key on an unknown option (a format's own options go under its key, e.g. `csv`), and
 * TypeError or RangeError from the format's loader on a bad option value.
 * @throws Error when the format is unknown, cannot be detected, or is `'csv'`, `'parquet'` or `'duckdb'` without its
 * options; DataFormatError on malformed input; MissingPackageError when Parquet or DuckDB's optional package is not
 * installed.
 * @example
 * ```ts
 * const { interactions, report } = await loadInteractions('ml-100k/u.data', { lenient: true });
 * const log = await loadInteractions('log.tsv', { format: 'csv', csv: { delimiter: '\t', columns: { user: 0, item: 1 } } });
 * const taobao = await loadInteractions('UserBehavior.csv', { duplicates: 'sum' });
 * taobao.categories?.length;
 * // Parquet (npm install hyparquet) and DuckDB queries (npm install @duckdb/node-api): same result, same report.
 * const events = await loadInteractions('events.parquet', { parquet: { columns: { user: 'user_id', item: 'item_id' } } });
 * const recent = await loadInteractions(':memory:', {
 *   duckdb: {
 *     query: "select user_id, item_id, ts from 'events.parquet' where ts >= 1577836800",
 *     columns: { user: 'user_id', item: 'item_id', timestamp: 'ts' },
 *   },
 * });
 * ```
 */
export async function loadInteractions(
  path: string,
  options: LoadInteractionsOptions = {},
): Promise<LoadedInteractions> {
  // The format's loader checks the common options and its own; a top-level key neither knows is refused here.
  refuseUnknownOptions('loadInteractions', options, [...LOAD_OPTION_KEYS, 'format', ...LOAD_FORMATS]);
  const { format: given, movielens, ncf, taobao, citeulike, csv, parquet, duckdb, ...common } = options;
  const format = given ?? detectFormat(path);
  switch (format) {
    case 'movielens':
      return loadMovieLens(path, { ...movielens, ...common });
    case 'ncf':
      return loadNcfRatings(path, { ...ncf, ...common });
    case 'taobao':
      return loadTaobao(path, { ...taobao, ...common });
    case 'citeulike':
      return loadCiteULike(path, { ...citeulike, ...common });
    case 'csv':
      if (!csv) throw new Error(`loadInteractions: format csv needs csv options (at least columns) for ${path}`);
      return loadDelimited(path, { ...csv, ...common });
    case 'parquet':
      if (!parquet) {
        throw new Error(`loadInteractions: format parquet needs parquet options (at least columns) for ${path}`);
      }
      return loadParquet(path, { ...parquet, ...common });
    case 'duckdb':
      if (!duckdb) {
        throw new Error(`loadInteractions: format duckdb needs duckdb options (a query and its columns) for ${path}`);
      }
      return loadDuckDB(path, { ...duckdb, ...common });
    default:
      if (given !== undefined) {
        throw new Error(`loadInteractions: unknown format "${String(given)}" (known: ${LOAD_FORMATS.join(', ')})`);
      }
      throw new Error(
        `loadInteractions: cannot tell the format of ${path} from its name; give format (${LOAD_FORMATS.join(', ')})`,
      );
  }
}
