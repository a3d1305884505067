import { stat } from 'node:fs/promises';
// Types only (erased): the package itself is imported when a file is read, and may be absent.
import type { RowGroup } from 'hyparquet';
import { DataFormatError } from './errors.js';
import { importOptional } from './optional-package.js';
import type { LoadResult } from './options.js';
import { resolveTableColumns } from './table-columns.js';
import { checkTableOptions, TableRows, type TableBatch, type TableLoadOptions } from './table-rows.js';

/** Options of {@link loadParquet}: the column mapping (by name or index), behaviour names, and the common ones. */
export type ParquetOptions = TableLoadOptions;

const WHERE = 'loadParquet';
const TABLE = 'the file';

/**
 * Loads interactions from a Parquet file through a column mapping, with `hyparquet` (pure JavaScript; an optional
 * peer dependency: `npm install hyparquet`). Only the mapped columns are read, one row group at a time, so the file
 * is never in memory whole. Columns are the file's top-level ones, by name or 0-based index; extra columns are
 * ignored. hyparquet reads uncompressed and snappy files (the default of pyarrow, pandas, DuckDB and Spark); a file
 * compressed otherwise (ZSTD, GZIP, Brotli, LZ4) also needs `npm install hyparquet-compressors`.
 *
 * Cells are read by type: ids are strings (not empty, no surrounding whitespace) or integers (INT32, INT64, or
 * whole floats up to 2^53), an integer id being its decimal string (`196` and a text file's `"196"` are one id);
 * values are numbers that fit a float32; timestamps are numbers as they are, or TIMESTAMP/DATE columns as unix
 * seconds. A row with a null in a mapped column is skipped and counted (kind `'null'`) even when not lenient; any
 * other bad cell is a {@link DataFormatError} naming the row (its "line", from 1) and the column. The report is the
 * text loaders' ({@link LoadReport}), rows standing for lines.
 *
 * @param path - the Parquet file.
 * @param options - the column mapping, behaviour names, leniency, duplicate policy, id maps, progress (every 100,000
 * rows).
 * @throws TypeError or RangeError naming the option, before reading, when `columns` (with user and item) is missing
 * or invalid, a key is unknown, or a common option is bad.
 * @throws MissingPackageError when `hyparquet` is not installed, or `hyparquet-compressors` for a file that needs it.
 * @throws DataFormatError of kind `'unreadable'` when the file is not Parquet or cannot be decoded; `'columns'` when a
 * mapped column is missing, ambiguous or nested; a bad cell's kind (`'id'`, `'number'`, `'timestamp'`,
 * `'behaviour'`); `'empty'` for a file without rows (unless lenient).
 * @example
 * ```ts
 * const { interactions, report } = await loadParquet('events.parquet', {
 *   columns: { user: 'user_id', item: 'item_id', value: 'rating', timestamp: 'ts' },
 * });
 * report.skippedByKind; // e.g. { null: 12 }: rows whose user or item was null
 * ```
 */
export async function loadParquet(path: string, options: ParquetOptions): Promise<LoadResult> {
  checkTableOptions(WHERE, options, []);
  const hyparquet = await importOptional('hyparquet', `${WHERE} (Parquet files)`, () => import('hyparquet'));
  // A missing file is Node's plain ENOENT from deep inside the reader otherwise.
  try {
    await stat(path);
  } catch (error) {
    throw new Error(`${WHERE}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const file = await hyparquet.asyncBufferFromFile(path);
  const unreadable = (error: unknown): DataFormatError => {
    const message = error instanceof Error ? error.message : String(error);
    return new DataFormatError(path, 0, 'unreadable', `not readable as Parquet: ${message}`);
  };
  let metadata;
  try {
    metadata = await hyparquet.parquetMetadataAsync(file);
  } catch (error) {
    throw unreadable(error);
  }
  const fields = hyparquet.parquetSchema(metadata).children;
  const names = fields.map((field) => field.element.name);
  const index = resolveTableColumns(path, options.columns, names, TABLE);
  const rows = new TableRows(options, index, names, { file: path, format: 'parquet', table: TABLE });
  const roles = rows.roles;
  for (const role of roles) {
    // A list or struct column would hand over arrays and objects, one error per row: refused once, here.
    if (fields[index[role]]!.children.length > 0) {
      throw new DataFormatError(
        path,
        0,
        'columns',
        `column ${JSON.stringify(names[index[role]])} (for ${role}) is nested (a list, map or struct); map a column ` +
          'of plain values',
      );
    }
  }
  const columns = roles.map((role) => names[index[role]]!);
  const compressors = await compressorsFor(metadata.row_groups, columns);
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const chunks = new Map<string, Chunk[]>(columns.map((name) => [name, []]));
    try {
      await hyparquet.parquetRead({
        file,
        metadata,
        columns,
        compressors,
        rowStart: groupStart,
        rowEnd: groupEnd,
        // A chunk holds rows of one column, possibly some outside the range asked for: sliced to the group below.
        onChunk: ({ columnName, columnData, rowStart }) => chunks.get(columnName)?.push({ columnData, rowStart }),
      });
    } catch (error) {
      throw unreadable(error);
    }
    const batch: TableBatch = {};
    for (const role of roles) {
      const name = names[index[role]]!;
      batch[role] = columnSlice(chunks.get(name)!, groupStart, groupEnd, name);
    }
    rows.add(batch, groupEnd - groupStart);
    groupStart = groupEnd;
  }
  return rows.build();
}

/** Codecs hyparquet reads by itself; files compressed otherwise need `hyparquet-compressors`. */
const BUILT_IN_CODECS = ['UNCOMPRESSED', 'SNAPPY'];

/**
 * The decompressors the mapped columns need beyond hyparquet's own, from the optional `hyparquet-compressors`
 * (polars writes ZSTD by default, Spark and Hive sometimes GZIP); `undefined` when none is needed, so the package is
 * imported only for such files.
 * @throws MissingPackageError naming `hyparquet-compressors` and the codec when it is needed but not installed.
 */
async function compressorsFor(groups: readonly RowGroup[], columns: readonly string[]) {
  const codecs = new Set<string>();
  for (const group of groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta && columns.includes(meta.path_in_schema[0]!) && !BUILT_IN_CODECS.includes(meta.codec)) {
        codecs.add(meta.codec);
      }
    }
  }
  if (codecs.size === 0) return undefined;
  const needed = `${WHERE} (a Parquet file compressed with ${[...codecs].join(', ')})`;
  const module = await importOptional('hyparquet-compressors', needed, () => import('hyparquet-compressors'));
  return module.compressors;
}

/** A column's data from one `onChunk` call. */
interface Chunk {
  columnData: ArrayLike<unknown>;
  rowStart: number;
}

/**
 * The cells `start..end-1` of a column from its chunks.
 * @throws Error when the chunks do not cover every row (a reader failure, which must not pass for nulls).
 */
function columnSlice(chunks: readonly Chunk[], start: number, end: number, column: string): ArrayLike<unknown> {
  if (chunks.length === 1 && chunks[0]!.rowStart === start && chunks[0]!.columnData.length === end - start) {
    return chunks[0]!.columnData;
  }
  const out: unknown[] = new Array(end - start);
  const seen = new Uint8Array(end - start);
  let covered = 0;
  for (const { columnData, rowStart } of chunks) {
    for (let k = 0; k < columnData.length; k++) {
      const row = rowStart + k - start;
      if (row < 0 || row >= end - start) continue;
      out[row] = columnData[k];
      if (!seen[row]) covered++;
      seen[row] = 1;
    }
  }
  if (covered !== end - start) {
    throw new Error(`loadParquet: column "${column}" gave ${covered} of the ${end - start} rows from ${start}`);
  }
  return out;
}
