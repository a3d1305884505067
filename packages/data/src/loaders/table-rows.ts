import { IdMap } from '../id-map.js';
import { checkBehaviourNames } from '../interactions.js';
import { BehaviourCodes } from './behaviour-codes.js';
import { cellBehaviourName, cellNumber, cellRawId, cellTimestamp } from './cell-values.js';
import type { DelimitedColumns } from './delimited.js';
import { DataFormatError, LineProblem } from './errors.js';
import { quote } from './fields.js';
import { cachedAdd } from './id-space.js';
import { PROGRESS_EVERY } from './line-scanner.js';
import { checkLoadOptions, type LoadOptions, type LoadResult } from './options.js';
import { SkipLog } from './report.js';
import { RowBuilder } from './row-builder.js';
import { checkTableColumns, TABLE_ROLES, type TableColumnIndex, type TableRole } from './table-columns.js';

/** Options of a table loader ({@link loadParquet}, {@link loadDuckDB}) besides the source. */
export interface TableLoadOptions extends LoadOptions {
  /**
   * Which columns hold what, by name (`{ user: 'user_id', item: 'item_id' }`) or 0-based index; user and item are
   * needed. Other columns are not read.
   */
  columns: DelimitedColumns;
  /**
   * The behaviour names, in code order; a name not listed is a `'behaviour'` error. By default names are coded in
   * order of first appearance (at most 256).
   */
  behaviourNames?: readonly string[];
}

/** The keys of {@link TableLoadOptions} besides the common ones. */
export const TABLE_OPTION_KEYS: readonly string[] = ['columns', 'behaviourNames'];

/**
 * Checks the options every table loader shares, before the source is opened.
 * @param own - the loader's keys besides {@link TABLE_OPTION_KEYS} and the common ones.
 * @throws TypeError or RangeError naming the option.
 */
export function checkTableOptions(where: string, options: unknown, own: readonly string[]): void {
  if (options === null || typeof options !== 'object' || (options as TableLoadOptions).columns === undefined) {
    throw new TypeError(
      `${where}: pass options with at least the column mapping, e.g. { columns: { user: 'user_id', item: 'item_id' } }`,
    );
  }
  checkLoadOptions(where, options, [...TABLE_OPTION_KEYS, ...own]);
  const { columns, behaviourNames } = options as TableLoadOptions;
  checkTableColumns(where, columns);
  // A repeated name would get two codes, and names past 256 would wrap in the byte-wide behaviour column.
  if (behaviourNames !== undefined) checkBehaviourNames(where, behaviourNames);
}

/** One batch of a table: for each mapped role, its cells (a column slice), all of one length. */
export type TableBatch = Partial<Record<TableRole, ArrayLike<unknown>>>;

/** What {@link TableRows.build} needs besides the rows. */
export interface TableSource {
  /** The file the report names (a DuckDB query: its database). */
  file: string;
  /** What errors name as the file, when not `file` (a DuckDB query: `duckdb query`). */
  label?: string;
  /** The format name for the report. */
  format: string;
  /** What the rows are, for messages: `'the file'`, `'the query's result'`. */
  table: string;
}

/**
 * The rows of a table (a Parquet file, a DuckDB result) read into {@link Interactions} through the same machinery as
 * the text loaders: raw ids re-indexed through the id maps, a {@link RowBuilder} to merge duplicates, and the same
 * {@link LoadReport}. A row ("line" in the report and in errors) is numbered from 1 in table order. A cell that is
 * not what its role needs is a {@link DataFormatError} naming the row and the column (in lenient mode the row is
 * skipped and counted instead); a null is skipped and counted in either mode.
 *
 * @example
 * ```ts
 * const rows = new TableRows(options, index, names, source);
 * rows.add({ user: ['u1', 'u2'], item: [7, 8] }, 2);
 * const { interactions, report } = rows.build();
 * ```
 */
export class TableRows {
  private readonly userIds: IdMap;
  private readonly itemIds: IdMap;
  private readonly addUser: (cell: unknown, what: string) => number;
  private readonly addItem: (cell: unknown, what: string) => number;
  private readonly behaviours: BehaviourCodes;
  private readonly rows: RowBuilder;
  private readonly skips = new SkipLog();
  private readonly lenient: boolean;
  private read = 0;
  private nextProgress = PROGRESS_EVERY;

  /**
   * @param options - the loader's options, checked by {@link checkTableOptions}.
   * @param index - where each role's column is ({@link resolveTableColumns}).
   * @param names - the table's column names, for messages.
   * @param source - the file, format and kind of table, for errors and the report.
   */
  constructor(
    private readonly options: TableLoadOptions,
    private readonly index: TableColumnIndex,
    private readonly names: readonly string[],
    private readonly source: TableSource,
  ) {
    this.userIds = options.userIds ?? new IdMap();
    this.itemIds = options.itemIds ?? new IdMap();
    this.addUser = idAdder(this.userIds);
    this.addItem = idAdder(this.itemIds);
    this.behaviours = new BehaviourCodes(options.behaviourNames);
    this.lenient = options.lenient ?? false;
    this.rows = new RowBuilder({
      values: index.value >= 0,
      timestamps: index.timestamp >= 0,
      behaviours: index.behaviour >= 0,
      policy: options.duplicates,
    });
  }

  /** The roles that have a column. */
  get roles(): TableRole[] {
    return TABLE_ROLES.filter((role) => this.index[role] >= 0);
  }

  /** Rows read so far, skipped ones included. */
  get rowsRead(): number {
    return this.read;
  }

  /**
   * Reads `count` rows: the cells at 0..count-1 of each mapped role's column in `batch`.
   * @throws DataFormatError on a bad cell (unless lenient; a null never throws).
   */
  add(batch: TableBatch, count: number): void {
    const { user, item, value, timestamp, behaviour } = batch;
    if (!user || !item) throw new Error('TableRows.add: a batch needs the user and item columns');
    let role: TableRole = 'user';
    for (let r = 0; r < count; r++) {
      const row = this.read + r + 1;
      try {
        role = 'user';
        const u = this.addUser(user[r], 'user');
        role = 'item';
        const i = this.addItem(item[r], 'item');
        role = 'value';
        const v = value ? cellNumber(value[r]) : 1;
        role = 'timestamp';
        const t = timestamp ? cellTimestamp(timestamp[r]) : 0;
        role = 'behaviour';
        const b = behaviour ? this.behaviours.code(cellBehaviourName(behaviour[r])) : 0;
        this.rows.add(u, i, row, v, t, b);
      } catch (error) {
        if (!(error instanceof LineProblem)) throw error;
        this.reject(row, role, error);
      }
    }
    this.read += count;
    const onProgress = this.options.onProgress;
    if (onProgress && this.read >= this.nextProgress) {
      onProgress(this.read - (this.read % PROGRESS_EVERY));
      this.nextProgress = this.read - (this.read % PROGRESS_EVERY) + PROGRESS_EVERY;
    }
  }

  /**
   * Merges duplicates and builds the result and its report.
   * @throws DataFormatError of kind `'empty'`, unless lenient, when the table had no rows or every row was skipped
   * (each had a null); of kind `'duplicate'` under the `'error'` policy.
   */
  build(extra: { query?: string } = {}): LoadResult {
    const { file, format, table } = this.source;
    const label = this.source.label ?? file;
    this.options.onProgress?.(this.read);
    // As the text loaders: an empty source is an error unless lenient (a test file may be empty on purpose).
    if (this.rows.size === 0 && !this.lenient) {
      const kinds = Object.entries(this.skips.byKind).map(([kind, n]) => `${n} ${kind}`);
      throw new DataFormatError(
        label,
        0,
        'empty',
        this.read === 0
          ? `${table} has no rows`
          : `every row of ${table} was skipped (${this.read} rows: ${kinds.join(', ')}); ` +
              `first: ${this.skips.examples[0]?.message}`,
      );
    }
    const loaded = this.rows.build({
      file,
      format,
      scan: { lines: this.read, skips: this.skips },
      userIds: this.userIds,
      itemIds: this.itemIds,
      behaviourNames: this.behaviours.names,
      duplicateError: (line, firstLine, key) =>
        new DataFormatError(label, line, 'duplicate', `(${key}) repeats row ${firstLine}`),
    });
    if (extra.query !== undefined) loaded.report.query = extra.query;
    return loaded;
  }

  /** A bad cell: an error naming the row and column, or (lenient, or a null) a skipped row. */
  private reject(row: number, role: TableRole, problem: LineProblem): void {
    const column = this.names[this.index[role]] ?? String(this.index[role]);
    const error = new DataFormatError(
      this.source.label ?? this.source.file,
      row,
      problem.kind,
      `${problem.problem} (column ${quote(column)})`,
    );
    if (!this.lenient && problem.kind !== 'null') throw error;
    this.skips.add(error);
  }
}

/**
 * `map.add` for a table's id cells. Integer cells (most tables' ids) go through a cache keyed by the number itself, so
 * an id seen before costs no string to make and hash (in a 1M-row Parquet load, `String(id)` and the string-keyed
 * lookup were most of the time); the first time, the id is checked and added as its decimal string, so the indices
 * are those the string path gives. Other cells go through {@link cachedAdd}.
 */
function idAdder(map: IdMap): (cell: unknown, what: string) => number {
  const addString = cachedAdd(map);
  const byNumber = new Map<number | bigint, number>();
  return (cell, what) => {
    if (typeof cell !== 'number' && typeof cell !== 'bigint') return addString(cellRawId(cell, what));
    const known = byNumber.get(cell);
    if (known !== undefined) return known;
    const index = map.add(cellRawId(cell, what));
    byNumber.set(cell, index);
    return index;
  };
}
