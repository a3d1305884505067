import type { DataFormatError } from './errors.js';

/** How many skipped lines a {@link LoadReport} lists by example. */
export const MAX_SKIPPED_EXAMPLES = 10;

/** One line a lenient loader skipped. */
export interface SkippedLine {
  /** 1-based line number. */
  line: number;
  /** The kind of problem (a {@link DataFormatErrorKind}). */
  kind: string;
  /** The full message, `file:line: problem`. */
  message: string;
}

/**
 * What a loader read, kept and dropped. Nothing is dropped silently: every skipped line and every merged duplicate is
 * counted here.
 */
export interface LoadReport {
  /** The file's path, as given. */
  file: string;
  /** The format it was read as, e.g. `'movielens'`. */
  format: string;
  /**
   * Data lines read, skipped ones included; a header line and the blank lines ending the file are not counted. A csv
   * record whose quoted field spans lines counts each of them; {@link Interactions.fromRecords} counts records, and
   * Parquet files and DuckDB queries their rows.
   */
  lines: number;
  /** Rows (or entries) in the result, after duplicates were merged. */
  rows: number;
  /** Lines skipped as malformed (lenient mode only); a csv record spanning lines is one, at its first line. */
  skipped: number;
  /** Skipped lines per kind of problem. */
  skippedByKind: Record<string, number>;
  /** The first {@link MAX_SKIPPED_EXAMPLES} skipped lines. */
  skippedExamples: SkippedLine[];
  /** Rows merged into another row by the duplicate policy (so rows + duplicates = rows parsed). */
  duplicates: number;
  /** The duplicate policy applied (`'none'` where a format has no duplicates to merge). */
  duplicatePolicy: string;
  /**
   * csv only: ids read with surrounding whitespace, which was removed (so `" x"` and `"x"` are one id). Other formats
   * refuse such ids.
   */
  trimmedIds?: number;
  /** duckdb only: the query whose rows were read (`file` is then the database it ran on). */
  query?: string;
}

/**
 * Collects the lines a lenient loader skipped: a total, counts per kind, and the first few as examples.
 *
 * @example
 * ```ts
 * const log = new SkipLog();
 * log.add(new DataFormatError('u.data', 3, 'number', 'rating "x" is not a number'));
 * log.count; // 1
 * ```
 */
export class SkipLog {
  /** Number of lines skipped. */
  count = 0;
  /** Skipped lines per kind. */
  readonly byKind: Record<string, number> = {};
  /** The first {@link MAX_SKIPPED_EXAMPLES} skipped lines. */
  readonly examples: SkippedLine[] = [];

  /** Records a skipped line. */
  add(error: DataFormatError): void {
    this.count++;
    this.byKind[error.kind] = (this.byKind[error.kind] ?? 0) + 1;
    if (this.examples.length < MAX_SKIPPED_EXAMPLES) {
      this.examples.push({ line: error.line, kind: error.kind, message: error.message });
    }
  }
}

/** The parts of a {@link LoadReport} a loader supplies at the end. */
export interface ReportParts {
  /** The file's path. */
  file: string;
  /** The format name. */
  format: string;
  /** Data lines read. */
  lines: number;
  /** Rows kept. */
  rows: number;
  /** Skipped lines. */
  skips: SkipLog;
  /** Rows merged away. */
  duplicates: number;
  /** Duplicate policy applied. */
  duplicatePolicy: string;
}

/** Assembles a {@link LoadReport}. */
export function makeReport(parts: ReportParts): LoadReport {
  return {
    file: parts.file,
    format: parts.format,
    lines: parts.lines,
    rows: parts.rows,
    skipped: parts.skips.count,
    skippedByKind: { ...parts.skips.byKind },
    skippedExamples: parts.skips.examples.slice(),
    duplicates: parts.duplicates,
    duplicatePolicy: parts.duplicatePolicy,
  };
}
