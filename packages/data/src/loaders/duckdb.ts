import { describeValue } from '../check-options.js';
import { importOptional } from './optional-package.js';
import type { LoadResult } from './options.js';
import { resolveTableColumns } from './table-columns.js';
import { checkTableOptions, TableRows, type TableBatch, type TableLoadOptions } from './table-rows.js';

/** The optional peer that runs the queries. */
const DUCKDB_PACKAGE: string = '@duckdb/node-api';

/** Options of {@link loadDuckDB}: the query, the column mapping of its result, and the common ones. */
export interface DuckDBOptions extends TableLoadOptions {
  /**
   * The SQL query whose rows are the interactions, e.g. `select user_id, item_id, ts from events` on a database
   * file, or on files with no database at all (`:memory:`): `select * from 'events.parquet'`,
   * `select * from read_csv('log.tsv')`. Its result's columns are what `columns` maps, by name or index.
   */
  query: string;
}

/** The database path that stands for none: DuckDB's in-memory database, for queries that read files. */
export const DUCKDB_MEMORY = ':memory:';

const WHERE = 'loadDuckDB';
const TABLE = "the query's result";

/**
 * Loads interactions from the result of a DuckDB SQL query, with `@duckdb/node-api` (an optional peer dependency:
 * `npm install @duckdb/node-api`, which brings DuckDB's prebuilt binary for the platform). A database file is opened
 * read-only, so a query cannot change it; `:memory:` ({@link DUCKDB_MEMORY}) runs the query on no database, for
 * queries that read Parquet, CSV or JSON files themselves. The result is streamed chunk by chunk, never held whole.
 *
 * Cells are read as by {@link loadParquet}: ids are strings or integers (an integer id is its decimal string),
 * values numbers that fit a float32 (DECIMAL included), timestamps numbers or TIMESTAMP/DATE values as unix seconds;
 * a row with a null in a mapped column is skipped and counted (kind `'null'`) even when not lenient, and any other
 * bad cell is a {@link DataFormatError} naming the result's row (its "line", from 1) and the column. Errors name the
 * source `duckdb query` (or `<database> (query)`), e.g. `duckdb query:12: user id 1.5 is not an integer (column
 * "user_id")`; the report's `file` is the database, and its `query` the query.
 *
 * @param database - a DuckDB database file, or `':memory:'`.
 * @param options - the query, the column mapping of its result, behaviour names, leniency, duplicate policy, id
 * maps, progress (every 100,000 rows).
 * @throws TypeError or RangeError naming the option, before anything is opened, when `query` is not a non-empty
 * string, `columns` (with user and item) is missing or invalid, a key is unknown, or a common option is bad.
 * @throws MissingPackageError when `@duckdb/node-api` is not installed.
 * @throws Error naming the database when DuckDB cannot open it, or naming the query when DuckDB refuses it (its own
 * message says why: a syntax error, an unknown table or column).
 * @throws DataFormatError of kind `'columns'` when a mapped column is not in the result (or is in it twice); a bad
 * cell's kind (`'id'`, `'number'`, `'timestamp'`, `'behaviour'`); `'empty'` for a result without rows (unless
 * lenient).
 * @example
 * ```ts
 * const { interactions, report } = await loadDuckDB(':memory:', {
 *   query: "select user_id, item_id, rating, ts from 'events.parquet' where ts >= 1577836800",
 *   columns: { user: 'user_id', item: 'item_id', value: 'rating', timestamp: 'ts' },
 * });
 * ```
 */
export async function loadDuckDB(database: string, options: DuckDBOptions): Promise<LoadResult> {
  checkTableOptions(WHERE, options, ['query']);
  if (typeof options.query !== 'string' || options.query.trim() === '') {
    throw new TypeError(`${WHERE}: option "query" must be a non-empty SQL string, got ${describeValue(options.query)}`);
  }
  if (typeof database !== 'string' || database === '') {
    throw new TypeError(`${WHERE}: give a database file, or "${DUCKDB_MEMORY}", got ${describeValue(database)}`);
  }
  const duckdb = await importOptional(
    DUCKDB_PACKAGE,
    `${WHERE} (DuckDB queries)`,
    // A specifier bundlers do not follow: DuckDB is a native addon no bundle can hold, so a bundled @recsys/data
    // (esbuild, webpack) leaves it to Node to find at run time instead of failing the build.
    () => import(/* webpackIgnore: true */ DUCKDB_PACKAGE) as Promise<typeof import('@duckdb/node-api')>,
  );
  // Errors name the query's rows as a file's lines: "duckdb query:12: user id 1.5 is not an integer".
  const label = database === DUCKDB_MEMORY ? 'duckdb query' : `${database} (query)`;
  const on = database === DUCKDB_MEMORY ? '' : ` on ${database}`;
  let instance;
  try {
    // Read-only: a query (or a typo in one) cannot change the user's database, and a missing file is not created.
    instance = await duckdb.DuckDBInstance.create(
      database,
      database === DUCKDB_MEMORY ? {} : { access_mode: 'READ_ONLY' },
    );
  } catch (error) {
    throw new Error(`${WHERE}: cannot open the DuckDB database ${database}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const connection = await instance.connect();
    try {
      let result;
      try {
        result = await connection.stream(options.query);
      } catch (error) {
        throw new Error(`${WHERE}: DuckDB refused the query${on}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const names = result.columnNames();
      const index = resolveTableColumns(label, options.columns, names, TABLE);
      const rows = new TableRows(options, index, names, { file: database, label, format: 'duckdb', table: TABLE });
      const roles = rows.roles;
      for (;;) {
        let chunk;
        try {
          chunk = await result.fetchChunk();
        } catch (error) {
          // A query can fail while it runs (a cast that fails on a later row, a file that goes away).
          throw new Error(`${WHERE}: the query failed${on}: ${(error as Error).message}`, { cause: error });
        }
        if (!chunk || chunk.rowCount === 0) break;
        const batch: TableBatch = {};
        // The JS conversion gives what hyparquet gives: numbers, bigints for 64-bit integers, dates for timestamps.
        for (const role of roles) batch[role] = chunk.convertColumnValues(index[role], duckdb.JSDuckDBValueConverter);
        rows.add(batch, chunk.rowCount);
      }
      return rows.build({ query: options.query });
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
