import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataFormatError, LineProblem } from './errors.js';
import { SkipLog } from './report.js';

/** How often {@link scanLines} reports progress, in lines. */
export const PROGRESS_EVERY = 100_000;

/** Options of {@link scanLines}. */
export interface ScanOptions {
  /** Skip (and log) lines whose handler throws a {@link LineProblem}, instead of throwing. */
  lenient?: boolean;
  /** Whether line 1 is a header, handed to `onHeader` instead of `onLine`. */
  header?: boolean;
  /** Called with the number of lines read every {@link progressEvery} lines, and once at the end. */
  onProgress?: (linesRead: number) => void;
  /** Progress interval; default {@link PROGRESS_EVERY}. */
  progressEvery?: number;
}

/** What {@link scanLines} saw. */
export interface ScanSummary {
  /** Data lines (not the header, not a final empty line), skipped ones included. */
  lines: number;
  /** The lines skipped in lenient mode. */
  skips: SkipLog;
}

/**
 * Streams a text file line by line (so files larger than one string still load) and hands each data line to `onLine`
 * with its 1-based line number. A {@link LineProblem} thrown by a handler becomes a {@link DataFormatError} naming the
 * file and line; in lenient mode the line is skipped and logged instead.
 *
 * Blank lines are malformed (`'columns'`), except a final one, which is ignored. A byte-order mark is dropped. A file
 * without data lines is an `'empty'` error unless lenient.
 *
 * @param file - path of the file.
 * @param options - leniency, header and progress.
 * @param onLine - parses one data line; throws a {@link LineProblem} when it is malformed.
 * @param onHeader - reads the header line (with `options.header`); a {@link LineProblem} here always throws.
 * @example
 * ```ts
 * const { lines, skips } = await scanLines('u.data', { lenient: true }, (text, line) => {
 *   if (text.split('\t').length !== 4) throw new LineProblem('columns', 'expected 4 columns');
 * });
 * ```
 */
export async function scanLines(
  file: string,
  options: ScanOptions,
  onLine: (text: string, line: number) => void,
  onHeader?: (text: string) => void,
): Promise<ScanSummary> {
  const skips = new SkipLog();
  const lenient = options.lenient ?? false;
  const every = options.progressEvery ?? PROGRESS_EVERY;
  const reject = (line: number, problem: LineProblem): void => {
    const error = new DataFormatError(file, line, problem.kind, problem.problem);
    if (!lenient) throw error;
    skips.add(error);
  };
  const handle = (text: string, line: number): void => {
    try {
      onLine(text, line);
    } catch (error) {
      if (!(error instanceof LineProblem)) throw error;
      reject(line, error);
    }
  };

  const input = createReadStream(file);
  const reader = createInterface({ input, crlfDelay: Infinity });
  let physical = 0;
  let lines = 0;
  let sawHeader = false;
  // A blank line is only known to be malformed once a later line shows it was not the last one.
  let pendingBlank = 0;
  try {
    for await (const raw of reader) {
      physical++;
      const text = physical === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (options.onProgress && physical % every === 0) options.onProgress(physical);
      if (options.header && physical === 1) {
        sawHeader = true;
        try {
          onHeader?.(text);
        } catch (error) {
          if (error instanceof LineProblem) throw new DataFormatError(file, 1, error.kind, error.problem);
          throw error;
        }
        continue;
      }
      if (pendingBlank > 0) {
        lines++;
        reject(pendingBlank, new LineProblem('columns', 'blank line'));
        pendingBlank = 0;
      }
      if (text.trim() === '') {
        pendingBlank = physical;
        continue;
      }
      lines++;
      handle(text, physical);
    }
  } finally {
    reader.close();
    input.destroy();
  }
  if (lines === 0 && !lenient) {
    throw new DataFormatError(
      file,
      0,
      'empty',
      options.header && sawHeader ? 'no data lines after the header' : 'empty file',
    );
  }
  options.onProgress?.(physical);
  return { lines, skips };
}
