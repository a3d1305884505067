import { LineProblem } from './errors.js';

// Plain decimal notation only: `Number()` alone would also accept '', ' ', '0x1f' and 'Infinity'.
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const DENSE_ID = /^\d+$/;
// A dense id is an index: the id maps of a dense format hold every id below the largest, and a JavaScript Map holds at
// most 2^24 entries (one id of 2e9 in a 4-line file failed with "Map maximum size exceeded").
const MAX_DENSE_ID = 2 ** 24 - 1;

/** Quotes a field for an error message, shortened when long. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/**
 * Parses a decimal number such as a rating or a value, stored as float32.
 * @param what - the field's name in messages, e.g. `'rating'`.
 * @throws LineProblem of kind `'number'`, also when the number is too large for a float32 (it would become Infinity).
 */
export function parseNumber(text: string, what: string): number {
  if (!NUMBER.test(text)) throw new LineProblem('number', `${what} ${quote(text)} is not a number`);
  const value = Number(text);
  if (!Number.isFinite(Math.fround(value))) {
    throw new LineProblem('number', `${what} ${quote(text)} is out of range for a float32 value`);
  }
  return value;
}

/**
 * Parses a numeric timestamp (e.g. unix seconds), stored as float64.
 * @throws LineProblem of kind `'timestamp'`, also when it overflows to Infinity (e.g. `8789E1814`, a flipped digit).
 */
export function parseTimestamp(text: string): number {
  if (!NUMBER.test(text)) throw new LineProblem('timestamp', `timestamp ${quote(text)} is not a number`);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new LineProblem('timestamp', `timestamp ${quote(text)} is out of range`);
  return value;
}

/**
 * Checks a raw id: any non-empty string without surrounding whitespace. Ids are compared exactly, so `" 196"` would
 * be another user than `"196"`: almost always a formatting slip, refused rather than silently split.
 * @param what - `'user'`, `'item'`, ...
 * @throws LineProblem of kind `'id'` when empty or when it starts or ends with whitespace.
 */
export function parseRawId(text: string, what: string): string {
  if (text === '') throw new LineProblem('id', `empty ${what} id`);
  if (text.trim() !== text) {
    throw new LineProblem(
      'id',
      `${what} id ${quote(text)} starts or ends with whitespace, so it would not match ${quote(text.trim())}; ` +
        'remove it (--format csv trims fields)',
    );
  }
  return text;
}

/**
 * Parses a dense 0-based integer id (NCF, CiteULike).
 * @param what - `'user'`, `'item'`, ...
 * @param limit - the size of the id space, when known; an id at or above it is out of range.
 * @param limitName - the name of the limit in messages, e.g. `'numItems'`.
 * @throws LineProblem of kind `'id'` (not a non-negative integer) or `'range'` (at or above `limit`).
 */
export function parseDenseId(text: string, what: string, limit?: number, limitName = 'the id space size'): number {
  if (!DENSE_ID.test(text)) throw new LineProblem('id', `${what} id ${quote(text)} is not a non-negative integer`);
  const id = Number(text);
  if (limit !== undefined && id >= limit) {
    throw new LineProblem('range', `${what} id out of range: ${id} >= ${limitName} ${limit}`);
  }
  if (id > MAX_DENSE_ID) {
    throw new LineProblem(
      'range',
      `${what} id ${id} is too large for a dense 0-based index (at most ${MAX_DENSE_ID}); if the ids are labels ` +
        'rather than indices, load the file as --format csv',
    );
  }
  return id;
}

/**
 * Checks the number of fields on a line.
 * @param layout - the expected columns, for the message, e.g. `'user item rating timestamp'`.
 * @throws LineProblem of kind `'columns'`.
 */
export function expectColumns(fields: readonly string[], min: number, max: number, layout: string): void {
  const n = fields.length;
  if (n < min || n > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new LineProblem('columns', `expected ${expected} columns (${layout}), found ${n}`);
  }
}
