import { DataFormatError, LineProblem } from './errors.js';
import { readLines, type TextEncoding } from './line-reader.js';
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
  /** How the file is decoded: `'utf8'` strictly (default) or `'latin1'`; see {@link TextEncoding}. */
  encoding?: TextEncoding;
}

/** What {@link scanLines} saw. */
export interface ScanSummary {
  /** Data lines (not the header, not the blank lines ending the file), skipped ones included. */
  lines: number;
  /** The lines skipped in lenient mode. */
  skips: SkipLog;
}

/**
 * Streams a text file line by line (so files larger than one string still load) and hands each data line to `onLine`
 * with its 1-based line number. A {@link LineProblem} thrown by a handler becomes a {@link DataFormatError} naming the
 * file and line; in lenient mode the line is skipped and logged instead.
 *
 * The file must be UTF-8, read strictly, never with replacement characters (which would merge distinct ids): a line
 * that is not UTF-8 text (Latin-1 bytes, a NUL byte, a byte-order mark or a CR inside it) is an `'encoding'` problem
 * naming its column and file offset, like any malformed line, and a UTF-16 file is an `'encoding'` error even in
 * lenient mode. Lines end in LF or CRLF; a byte-order mark at the start is dropped. Blank (empty or whitespace-only)
 * lines are malformed (`'columns'`), except those that end the file, which are ignored: the file reads as it would
 * without them. A file without data lines is an `'empty'` error unless lenient.
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

  let lines = 0;
  let physical = 0;
  let sawHeader = false;
  // A run of blank lines is malformed only once a later line shows it does not end the file.
  let blankStart = 0;
  let blankCount = 0;
  const flushBlanks = (): void => {
    for (let k = 0; k < blankCount; k++) {
      lines++;
      reject(blankStart + k, new LineProblem('columns', 'blank line'));
    }
    blankCount = 0;
  };
  const count = (line: number): void => {
    physical = line;
    if (options.onProgress && line % every === 0) options.onProgress(line);
  };
  await readLines(
    file,
    {
      text(text, line) {
        count(line);
        if (options.header && line === 1) {
          sawHeader = true;
          try {
            onHeader?.(text);
          } catch (error) {
            if (error instanceof LineProblem) throw new DataFormatError(file, 1, error.kind, error.problem);
            throw error;
          }
          return;
        }
        if (isBlank(text)) {
          if (blankCount++ === 0) blankStart = line;
          return;
        }
        if (blankCount > 0) flushBlanks();
        lines++;
        handle(text, line);
      },
      problem(line, problem) {
        count(line);
        if (options.header && line === 1) throw new DataFormatError(file, 1, problem.kind, problem.problem);
        if (blankCount > 0) flushBlanks();
        lines++;
        reject(line, problem);
      },
    },
    options.encoding,
  );
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

/** Whether a line is empty or whitespace only (as `String.prototype.trim` sees whitespace). */
function isBlank(text: string): boolean {
  // Most lines start with a printable ASCII character: answer those without trimming.
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return text.trim() === '';
}
