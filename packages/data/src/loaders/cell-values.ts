import { LineProblem } from './errors.js';
import { parseNumber, parseRawId, parseTimestamp } from './fields.js';

// Reading the typed cells of a table (a Parquet column, a DuckDB result) into what a row of Interactions holds. A text
// file has only strings, which fields.ts parses; a table hands over numbers, bigints, strings, dates and nulls, and
// each needs its own check. Parquet (hyparquet) and DuckDB (@duckdb/node-api's JS conversion) give the same JavaScript
// values for the same types, so both loaders share these.

// Above 2^53 a float64 no longer holds every integer: distinct ids stored as doubles would round into one.
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/** A cell's value as a message shows it: the value for a scalar, the kind of thing otherwise. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `a date (${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary bytes';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The problem for a null cell: skipped and counted, never an error (see {@link DataFormatErrorKind} `'null'`). */
function nullProblem(what: string): LineProblem {
  return new LineProblem('null', `${what} is null`);
}

/**
 * The raw id in a cell: a string as the text formats check it (not empty, no surrounding whitespace), or an integer
 * (a number, or a bigint for INT64/BIGINT) as its decimal string, so that `196` here and `"196"` in a text file are
 * one id.
 * @param what - `'user'` or `'item'`.
 * @throws LineProblem of kind `'null'` for null, `'id'` for anything else (a fraction, NaN, a float beyond 2^53 where
 * distinct integers round into one, a boolean, a date, a list, bytes).
 */
export function cellRawId(value: unknown, what: string): string {
  if (typeof value === 'string') return parseRawId(value, what);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) <= MAX_EXACT) return String(value);
    const why = Number.isInteger(value)
      ? 'is a floating-point number beyond 2^53, where distinct integers round into one; store ids as integers or strings'
      : 'is not an integer';
    throw new LineProblem('id', `${what} id ${show(value)} ${why}`);
  }
  if (typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) throw nullProblem(`${what} id`);
  throw new LineProblem('id', `${what} id is ${show(value)}, not a string or an integer`);
}

/**
 * A value (rating, count) in a cell: a number or bigint that fits a float32, or a string in decimal notation.
 * @throws LineProblem of kind `'null'` for null, `'number'` otherwise (NaN, infinite, too large for a float32, a
 * boolean, a date, ...).
 */
export function cellNumber(value: unknown, what = 'value'): number {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const number = Number(value);
    if (Number.isFinite(Math.fround(number))) return number;
    const why = Number.isFinite(number) ? 'is out of range for a float32 value' : 'is not a finite number';
    throw new LineProblem('number', `${what} ${show(value)} ${why}`);
  }
  if (typeof value === 'string') return parseNumber(value, what);
  if (value === null || value === undefined) throw nullProblem(what);
  throw new LineProblem('number', `${what} is ${show(value)}, not a number`);
}

/**
 * A timestamp in a cell: a number or bigint as it is (e.g. unix seconds), a date or timestamp (TIMESTAMP, DATE) as
 * unix seconds (to the millisecond), or a string in decimal notation.
 * @throws LineProblem of kind `'null'` for null, `'timestamp'` otherwise (NaN, infinite, an invalid date, ...).
 */
export function cellTimestamp(value: unknown): number {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
    throw new LineProblem('timestamp', `timestamp ${show(value)} is not a finite number`);
  }
  if (value instanceof Date) {
    const millis = value.getTime();
    if (!Number.isNaN(millis)) return millis / 1000;
    throw new LineProblem('timestamp', 'timestamp is an invalid date');
  }
  if (typeof value === 'string') return parseTimestamp(value);
  if (value === null || value === undefined) throw nullProblem('timestamp');
  throw new LineProblem('timestamp', `timestamp is ${show(value)}, not a number or a date`);
}

/**
 * A behaviour name in a cell: a string, or an integer code (`1` for a view) as its decimal string.
 * @throws LineProblem of kind `'null'` for null, `'behaviour'` otherwise.
 */
export function cellBehaviourName(value: unknown): string {
  if (typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) throw nullProblem('behaviour');
  throw new LineProblem('behaviour', `behaviour is ${show(value)}, not a name or an integer code`);
}
