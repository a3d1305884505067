import { LineProblem } from './errors.js';
import { quote } from './fields.js';

// RFC 4180 quoting for delimited files, off the fast path: a line without a `"` is split on the delimiter as it is.
// A field is quoted when its first character other than whitespace (as `String.prototype.trim` sees it) is `"`;
// inside the quotes the delimiter and line breaks are text and `""` is one quote, and only whitespace may follow the
// closing quote before the next delimiter. A quote inside an unquoted field is an ordinary character (`12" vinyl`),
// as in Python's csv module: such files read as they did before quoting was supported.

const QUOTE = 0x22;
const SPACE = /\s/;

/**
 * Where a line leaves quoting: no quoted field open at its end (`'closed'`), one opened on this line still open
 * (`'opened'`), or the field open at the line's start still open, no quote on this line having closed it
 * (`'carried'`).
 */
export type QuoteState = 'closed' | 'opened' | 'carried';

/** What {@link tokenize} found. */
interface Tokens {
  /** Whether a quoted field is open at the end, and since when. */
  state: QuoteState;
  /** The first field (0-based) with text after its closing quote, or -1. */
  strayColumn: number;
  /** That field's raw text. */
  strayText: string;
}

/**
 * The one state machine behind {@link quoteState} and {@link splitQuoted}: reads `text` from the start of a field
 * (inside a quoted one when `inQuotes`), pushing the fields to `fields` when given. A field with text after its
 * closing quote is recorded and read on to the next delimiter, quotes there included, so that where a record ends
 * does not depend on whether it is valid.
 */
function tokenize(text: string, delimiter: string, inQuotes: boolean, fields?: string[]): Tokens {
  const n = text.length;
  const first = delimiter.charCodeAt(0);
  const single = delimiter.length === 1;
  const atDelimiter = (i: number): boolean => text.charCodeAt(i) === first && (single || text.startsWith(delimiter, i));
  // The delimiter wins over whitespace: with a tab delimiter a tab ends the field.
  const skipSpace = (i: number): number => {
    while (i < n && !atDelimiter(i) && SPACE.test(text[i]!)) i++;
    return i;
  };
  const tokens: Tokens = { state: 'closed', strayColumn: -1, strayText: '' };
  let column = 0;
  let i = 0;
  let quoted = inQuotes;
  let closedAny = false;
  let fieldStart = 0;
  let content = '';
  for (;;) {
    if (!quoted) {
      fieldStart = i;
      const at = skipSpace(i);
      if (at < n && text.charCodeAt(at) === QUOTE) {
        quoted = true;
        i = at + 1;
        continue;
      }
      const end = text.indexOf(delimiter, i);
      fields?.push(text.slice(i, end < 0 ? n : end));
      if (end < 0) return tokens;
      i = end + delimiter.length;
      column++;
      continue;
    }
    const close = text.indexOf('"', i);
    if (close < 0) {
      tokens.state = closedAny || !inQuotes ? 'opened' : 'carried';
      return tokens;
    }
    if (text.charCodeAt(close + 1) === QUOTE) {
      if (fields) content += text.slice(i, close + 1);
      i = close + 2;
      continue;
    }
    if (fields) content += text.slice(i, close);
    quoted = false;
    closedAny = true;
    let end = skipSpace(close + 1);
    if (end < n && !atDelimiter(end)) {
      while (end < n && !atDelimiter(end)) end++;
      if (tokens.strayColumn < 0) {
        tokens.strayColumn = column;
        tokens.strayText = text.slice(fieldStart, end);
      }
    }
    fields?.push(content);
    content = '';
    if (end >= n) return tokens;
    i = end + delimiter.length;
    column++;
  }
}

/**
 * Where the line `text` leaves quoting, read from the start of a record or (`continuing`) inside a quoted field left
 * open by the line before; see {@link QuoteState}.
 * @example
 * ```ts
 * quoteState('a,"b', ',', false); // 'opened'
 * quoteState('c",d', ',', true); // 'closed'
 * ```
 */
export function quoteState(text: string, delimiter: string, continuing: boolean): QuoteState {
  return tokenize(text, delimiter, continuing).state;
}

/**
 * Splits a whole record (its lines joined with LF) into fields, RFC 4180: a quoted field gives its text between the
 * quotes, `""` read as `"`, without the whitespace around the quotes; an unquoted field is given as it is.
 * @throws LineProblem of kind `'columns'` when text follows a closing quote (`"a"b`: a quote inside a quoted field
 * must be doubled), or when a quoted field is not closed.
 * @example
 * ```ts
 * splitQuoted('1,"x, ""y""",3', ','); // ['1', 'x, "y"', '3']
 * ```
 */
export function splitQuoted(record: string, delimiter: string): string[] {
  const fields: string[] = [];
  const { state, strayColumn, strayText } = tokenize(record, delimiter, false, fields);
  if (strayColumn >= 0) {
    throw new LineProblem(
      'columns',
      `column ${strayColumn} has text after its closing quote (${quote(strayText)}); a quote inside a quoted field ` +
        'is written twice ("")',
    );
  }
  if (state !== 'closed') throw new LineProblem('columns', `the quoted field in column ${fields.length} is not closed`);
  return fields;
}
