/**
 * What was wrong with a line (or a file) that a loader rejected:
 * - `encoding`: a line that is not UTF-8 text (invalid UTF-8 such as Latin-1 bytes, a NUL byte, a byte-order mark or a
 *   carriage return inside it), or (line 0) a UTF-16 file; the message gives the column and file offset;
 * - `columns`: missing or too few/many columns, a blank line before a data line, a header without a named column, an
 *   NCF negatives line without negatives, or (csv) text after a closing quote or a quoted field never closed;
 * - `number`: a rating or value that is not a number;
 * - `timestamp`: a timestamp that is not a number;
 * - `id`: an empty id, or (in files with dense integer ids) an id that is not a non-negative integer;
 * - `range`: a dense id outside the declared index space;
 * - `behaviour`: an unknown behaviour name;
 * - `count`: a CiteULike count field that disagrees with the number of entries;
 * - `mismatch`: an NCF negatives line whose `(user,item)` head is not in the test file;
 * - `duplicate`: a repeated (user, item[, behaviour]) under the `'error'` duplicate policy;
 * - `empty`: a file without data lines (Parquet, DuckDB: without rows, or whose every row was skipped);
 * - `null` (Parquet, DuckDB): a row with a null in a mapped column, skipped and counted even when not lenient (SQL and
 *   Parquet write null for a missing value, not a malformed one);
 * - `unreadable` (Parquet): a file the Parquet reader cannot read (not Parquet, a compression codec it lacks).
 *
 * In Parquet files and DuckDB results a "line" is a row: the 1-based row of the file or of the query's result.
 */
export type DataFormatErrorKind =
  | 'encoding'
  | 'columns'
  | 'number'
  | 'timestamp'
  | 'id'
  | 'range'
  | 'behaviour'
  | 'count'
  | 'mismatch'
  | 'duplicate'
  | 'empty'
  | 'null'
  | 'unreadable';

/**
 * A malformed input file. The message reads `file:line: problem`, e.g. `u.data:17: rating "abc" is not a number`,
 * where `file` is the file's base name.
 *
 * @example
 * ```ts
 * try {
 *   await loadMovieLens('u.data');
 * } catch (error) {
 *   if (error instanceof DataFormatError) console.error(error.file, error.line, error.kind);
 * }
 * ```
 */
export class DataFormatError extends Error {
  /** The file's path, as given to the loader. */
  readonly file: string;
  /** 1-based line number, or 0 when the problem is the whole file (`empty`, a UTF-16 file). */
  readonly line: number;
  /** The kind of problem. */
  readonly kind: DataFormatErrorKind;
  /** The problem alone, without file and line. */
  readonly problem: string;

  /**
   * @param file - the file's path.
   * @param line - 1-based line number, or 0 for the whole file.
   * @param kind - the kind of problem.
   * @param problem - what is wrong, e.g. `rating "abc" is not a number`.
   */
  constructor(file: string, line: number, kind: DataFormatErrorKind, problem: string) {
    super(line > 0 ? `${basename(file)}:${line}: ${problem}` : `${basename(file)}: ${problem}`);
    this.name = 'DataFormatError';
    this.file = file;
    this.line = line;
    this.kind = kind;
    this.problem = problem;
  }
}

/**
 * The last part of a path, after its last `/` or backslash. Not `node:path`: this module has no Node built-ins, since
 * {@link Interactions.fromRecords} reaches it through the row builder and `Interactions` loads anywhere.
 */
function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/**
 * A problem found while parsing one line, before the file and line number are known. The line scanner turns it into
 * a {@link DataFormatError} (or a skipped line, in lenient mode).
 */
export class LineProblem extends Error {
  /**
   * @param kind - the kind of problem.
   * @param problem - what is wrong.
   */
  constructor(
    readonly kind: DataFormatErrorKind,
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'LineProblem';
  }
}
