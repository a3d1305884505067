import { DataFormatError, LineProblem } from './errors.js';
import { readLines, type TextEncoding } from './line-reader.js';
import type { QuoteState } from './quoted-fields.js';
import { SkipLog } from './report.js';

/** How often {@link scanLines} reports progress, in lines. */
export const PROGRESS_EVERY = 100_000;

/**
 * Longest record (in characters, its lines joined) that a quoted field may hold open: a quote left open by mistake
 * would otherwise gather the rest of the file into one string before the error.
 */
export const MAX_QUOTED_RECORD = 1 << 20;

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
  /**
   * For a format with quoted fields that may hold line breaks (CSV): where a line, the first of a record or
   * (`continuing`) the next line of a record whose quoted field is open, leaves quoting. It is asked only about
   * lines holding a `"` (a line without one opens nothing) and lines continuing a record. The lines of a record are
   * joined with LF and handed over as one, numbered by its first line. Without it every line is a record.
   */
  quoteState?: (text: string, continuing: boolean) => QuoteState;
}

/** What {@link scanLines} saw. */
export interface ScanSummary {
  /**
   * Data lines (not the header, not the blank lines ending the file), skipped ones included; a record spanning lines
   * (a quoted field holding a line break) counts each of them.
   */
  lines: number;
  /** The lines skipped in lenient mode (a record spanning lines is one, at its first line). */
  skips: SkipLog;
}

/** A record whose quoted field is open: its lines so far. */
interface OpenRecord {
  /** Its first line. */
  line: number;
  /** The line on which the quoted field still open was opened. */
  quoteLine: number;
  /** Its lines' text. */
  parts: string[];
  /** Characters, the LFs joining the parts included. */
  length: number;
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
 * With `options.quoteState` a record runs on while a quoted field is open: its lines (blank ones included) are joined
 * with LF (a CRLF inside a quoted field reads as LF) and handed over as one record numbered by its first line. A
 * line that is not text inside such a record makes the whole record an `'encoding'` problem at that line. A quoted
 * field still open at the end of the file, or after `MAX_QUOTED_RECORD` (2^20) characters, is a `'columns'` problem
 * at the record's first line, naming the line that opened it; in lenient mode only that first line is skipped and
 * the lines after it are read again as records, so a stray quote costs one line, not the rest of the file.
 *
 * @param file - path of the file.
 * @param options - leniency, header, progress, and quoting.
 * @param onLine - parses one data line (or record); throws a {@link LineProblem} when it is malformed. With
 * `options.quoteState` its `quoted` says whether the record holds a `"` (so the common line without one is split
 * without a second look); without, it is `undefined`.
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
  onLine: (text: string, line: number, quoted: boolean | undefined) => void,
  onHeader?: (text: string) => void,
): Promise<ScanSummary> {
  const skips = new SkipLog();
  const lenient = options.lenient ?? false;
  const every = options.progressEvery ?? PROGRESS_EVERY;
  const quoteState = options.quoteState;
  const reject = (line: number, problem: LineProblem): void => {
    const error = new DataFormatError(file, line, problem.kind, problem.problem);
    if (!lenient) throw error;
    skips.add(error);
  };
  const handle = (text: string, line: number, quoted: boolean | undefined): void => {
    try {
      onLine(text, line, quoted);
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
  const isHeader = (line: number): boolean => options.header === true && line === 1;
  // A record of `span` lines starting at `line`.
  const deliver = (text: string, line: number, span: number, quoted: boolean | undefined): void => {
    if (isHeader(line)) {
      sawHeader = true;
      try {
        onHeader?.(text);
      } catch (error) {
        if (error instanceof LineProblem) throw new DataFormatError(file, 1, error.kind, error.problem);
        throw error;
      }
      return;
    }
    if (span === 1 && isBlank(text)) {
      if (blankCount++ === 0) blankStart = line;
      return;
    }
    if (blankCount > 0) flushBlanks();
    lines += span;
    handle(text, line, quoted);
  };

  let open: OpenRecord | undefined;
  // Reads one line of text; returns a record given up in lenient mode, whose lines after the first are read again.
  const step = (text: string, line: number): OpenRecord | undefined => {
    if (open === undefined) {
      // Most lines hold no quote: they are answered here, with one scan and no call.
      const quoted = quoteState === undefined ? undefined : text.indexOf('"') >= 0;
      const state = quoted ? quoteState!(text, false) : 'closed';
      if (state === 'closed') deliver(text, line, 1, quoted);
      else open = { line, quoteLine: line, parts: [text], length: text.length };
      return undefined;
    }
    open.parts.push(text);
    open.length += 1 + text.length;
    const state = quoteState!(text, true);
    if (state === 'closed') {
      const record = open;
      open = undefined;
      deliver(record.parts.join('\n'), record.line, record.parts.length, true);
      return undefined;
    }
    if (state === 'opened') open.quoteLine = line;
    return open.length > MAX_QUOTED_RECORD ? giveUp(false) : undefined;
  };
  // Fails the open record at its first line (throwing unless lenient) and returns it.
  const giveUp = (atEnd: boolean): OpenRecord => {
    const record = open!;
    open = undefined;
    const where = record.quoteLine === record.line ? 'on this line' : `on line ${record.quoteLine}`;
    const problem = new LineProblem(
      'columns',
      `the quoted field opened ${where} is not closed ` +
        (atEnd
          ? 'by the end of the file'
          : `within ${MAX_QUOTED_RECORD.toLocaleString('en-US')} characters (${record.parts.length} lines)`) +
        '; is a closing quote missing? (a quote inside a quoted field is written twice: "")',
    );
    if (isHeader(record.line)) throw new DataFormatError(file, 1, problem.kind, problem.problem);
    if (blankCount > 0) flushBlanks();
    lines++;
    reject(record.line, problem);
    return record;
  };
  // Reads again the lines after the first of a record given up, and of any record given up while doing so.
  const readAgain = (record: OpenRecord): void => {
    const stack = [{ record, next: 1 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === top.record.parts.length) {
        stack.pop();
        continue;
      }
      const k = top.next++;
      const again = step(top.record.parts[k]!, top.record.line + k);
      if (again) stack.push({ record: again, next: 1 });
    }
  };
  await readLines(
    file,
    {
      text(text, line) {
        count(line);
        const again = step(text, line);
        if (again) readAgain(again);
      },
      problem(line, problem) {
        count(line);
        if (open !== undefined) {
          // The record's quoted field may end on this line, but it cannot be read: the whole record is bad.
          const record = open;
          open = undefined;
          if (isHeader(record.line)) throw new DataFormatError(file, line, problem.kind, problem.problem);
          if (blankCount > 0) flushBlanks();
          lines += record.parts.length + 1;
          reject(line, problem);
          return;
        }
        if (isHeader(line)) throw new DataFormatError(file, 1, problem.kind, problem.problem);
        if (blankCount > 0) flushBlanks();
        lines++;
        reject(line, problem);
      },
    },
    options.encoding,
  );
  while (open !== undefined) readAgain(giveUp(true));
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
