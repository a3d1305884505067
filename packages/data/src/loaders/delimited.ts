import { describeValue, refuseUnknownOptions } from '../check-options.js';
import { IdMap } from '../id-map.js';
import { checkBehaviourNames } from '../interactions.js';
import { BehaviourCodes } from './behaviour-codes.js';
import { LineProblem } from './errors.js';
import { parseNumber, parseRawId, parseTimestamp, quote } from './fields.js';
import { cachedAdd } from './id-space.js';
import { scanLines } from './line-scanner.js';
import { checkBooleanOption, checkLoadOptions, type LoadOptions, type LoadResult } from './options.js';
import { quoteState, splitQuoted } from './quoted-fields.js';
import { RowBuilder } from './row-builder.js';

/** A column of a delimited file: a 0-based index, or (with a header) a column name. */
export type ColumnRef = number | string;

/** Which columns of a delimited file hold what. */
export interface DelimitedColumns {
  /** The raw user id. */
  user: ColumnRef;
  /** The raw item id. */
  item: ColumnRef;
  /** A numeric value (rating, count). */
  value?: ColumnRef;
  /** A numeric timestamp. */
  timestamp?: ColumnRef;
  /** A behaviour name, e.g. `click` or `buy`. */
  behaviour?: ColumnRef;
}

/** Options of {@link loadDelimited}. */
export interface DelimitedOptions extends LoadOptions {
  /**
   * Field delimiter; default `','`; not empty, and without a line break or a double quote (which quotes fields, see
   * {@link loadDelimited}).
   */
  delimiter?: string;
  /** Whether line 1 is a header; needed to refer to columns by name. Default `false`. */
  header?: boolean;
  /** Which columns hold what. */
  columns: DelimitedColumns;
  /**
   * The behaviour names, in code order; a name not listed is a `'behaviour'` error. By default names are coded in
   * order of first appearance (at most 256).
   */
  behaviourNames?: readonly string[];
}

const ROLES = ['user', 'item', 'value', 'timestamp', 'behaviour'] as const;
type Role = (typeof ROLES)[number];

/**
 * Loads a generic delimited file (CSV, TSV, ...) through a column mapping. Fields are trimmed; raw ids are
 * re-indexed; extra columns are ignored.
 *
 * Fields may be quoted as in RFC 4180, with any delimiter: a field whose first character other than whitespace is
 * `"` runs to the next `"` not doubled, and inside it the delimiter and line breaks are text and `""` is one quote
 * (`"x, ""y"""` reads as `x, "y"`). Whitespace around the quotes is dropped and the text inside them is trimmed like
 * any field. A quoted field may span lines: the record is numbered by its first line (errors name it, and a skipped
 * record counts once), and a line break inside it reads as LF. A quote inside an unquoted field is an ordinary
 * character (`12" vinyl`). Lines without a `"`, most of them, are simply split on the delimiter.
 *
 * @param path - the file.
 * @param options - delimiter, header, column mapping, behaviour names, leniency, duplicate policy, id maps, progress.
 * @throws Error before reading when the delimiter is empty or holds a line break or a double quote, or a column
 * reference is invalid or given for two roles.
 * @throws TypeError or RangeError naming the option, before reading, when `options` or `columns` (with user and item)
 * is missing, a key is unknown, `behaviourNames` repeats a name or has more than 256, or a common option is bad (a
 * duplicate policy not in {@link DUPLICATE_POLICIES}, a non-boolean `lenient` or `header`).
 * @throws DataFormatError on a malformed line (kinds `'columns'`, `'id'`, `'number'`, `'timestamp'`, `'behaviour'`;
 * `'columns'` also for text after a closing quote, and, at a record's first line, for a quoted field not closed by
 * the end of the file, lenient mode then skipping that line only), or on line 1 when a named column is not in the
 * header, is in it more than once, or is a column another role has.
 * @example
 * ```ts
 * const { interactions } = await loadDelimited('ratings.csv', {
 *   header: true,
 *   columns: { user: 'userId', item: 'movieId', value: 'rating', timestamp: 'timestamp' },
 * });
 * ```
 */
export async function loadDelimited(path: string, options: DelimitedOptions): Promise<LoadResult> {
  if (options === undefined || options === null || typeof options !== 'object' || options.columns === undefined) {
    throw new TypeError(
      'loadDelimited: pass options with at least the column mapping, e.g. { columns: { user: 0, item: 1 } }',
    );
  }
  checkLoadOptions('loadDelimited', options, ['delimiter', 'header', 'columns', 'behaviourNames']);
  checkBooleanOption('loadDelimited', 'header', options.header);
  refuseUnknownOptions('loadDelimited (columns)', options.columns, ROLES);
  if (options.columns.user === undefined || options.columns.item === undefined) {
    throw new TypeError(`loadDelimited: option "columns" needs user and item, got ${describeValue(options.columns)}`);
  }
  // A repeated name would get two codes, and names past 256 would wrap in the byte-wide behaviour column.
  if (options.behaviourNames !== undefined) checkBehaviourNames('loadDelimited', options.behaviourNames);
  if (options.delimiter !== undefined && typeof options.delimiter !== 'string') {
    throw new TypeError(`loadDelimited: option "delimiter" must be a string, got ${describeValue(options.delimiter)}`);
  }
  const delimiter = options.delimiter ?? ',';
  if (delimiter === '') throw new Error('loadDelimited: the delimiter is empty');
  // Lines end at LF (with an optional CR): a delimiter holding either would never split a line.
  if (/[\n\r]/.test(delimiter)) {
    throw new Error(`loadDelimited: the delimiter ${JSON.stringify(delimiter)} holds a line break`);
  }
  if (delimiter.includes('"')) {
    throw new Error(
      `loadDelimited: the delimiter ${JSON.stringify(delimiter)} holds a double quote, which quotes fields`,
    );
  }
  const header = options.header ?? false;
  const refs = options.columns;
  for (const role of ROLES) {
    const ref = refs[role];
    if (ref === undefined) continue;
    if (typeof ref === 'number' && !(Number.isInteger(ref) && ref >= 0)) {
      throw new Error(`loadDelimited: column ${role} must be a non-negative integer, got ${ref}`);
    }
    if (typeof ref === 'string' && !header) {
      throw new Error(`loadDelimited: column ${role} is named "${ref}", which needs header: true`);
    }
    // One column read as two things loads nonsense without an error.
    const other = ROLES.slice(0, ROLES.indexOf(role)).find((r) => refs[r] === ref);
    if (other !== undefined) {
      throw new Error(`loadDelimited: column ${JSON.stringify(ref)} is given for both ${other} and ${role}`);
    }
  }
  // Column index of each role, -1 when absent.
  const index: Record<Role, number> = { user: -1, item: -1, value: -1, timestamp: -1, behaviour: -1 };
  let minColumns = 0;
  const resolve = (names?: readonly string[]): void => {
    for (const role of ROLES) {
      const ref = refs[role];
      if (ref === undefined) continue;
      const found = typeof ref === 'number' ? ref : (names?.indexOf(ref) ?? -1);
      if (found < 0) throw new LineProblem('columns', `header has no column ${quote(String(ref))} (for ${role})`);
      // The first of two equal names would be taken silently, whichever the file meant.
      const same = typeof ref === 'string' && names ? columnsNamed(names, ref) : [];
      if (same.length > 1) {
        throw new LineProblem(
          'columns',
          `header has ${quote(String(ref))} in columns ${same.join(' and ')} (0-based), so the ${role} column is ` +
            'ambiguous; rename one, or give the column by index',
        );
      }
      const other = ROLES.find((r) => index[r] === found);
      if (other !== undefined) {
        const name = names?.[found] === undefined ? '' : ` (${quote(names[found])})`;
        throw new LineProblem('columns', `column ${found}${name} is given for both ${other} and ${role}`);
      }
      index[role] = found;
      minColumns = Math.max(minColumns, found + 1);
    }
  };
  if (!header) resolve();

  const userIds = options.userIds ?? new IdMap();
  const itemIds = options.itemIds ?? new IdMap();
  const addUser = cachedAdd(userIds);
  const behaviours = new BehaviourCodes(options.behaviourNames);
  const rows = new RowBuilder({
    values: refs.value !== undefined,
    timestamps: refs.timestamp !== undefined,
    behaviours: refs.behaviour !== undefined,
    policy: options.duplicates,
  });
  let trimmedIds = 0;
  // Most lines hold no quote: those are split on the delimiter, the rest go through the RFC 4180 reader.
  const fieldsOf = (text: string, quoted = text.indexOf('"') >= 0): string[] =>
    quoted ? splitQuoted(text, delimiter) : text.split(delimiter);
  const scan = await scanLines(
    path,
    {
      ...options,
      header,
      quoteState: (text, continuing) => quoteState(text, delimiter, continuing),
    },
    (text, line, quoted) => {
      const fields = fieldsOf(text, quoted);
      if (fields.length < minColumns) {
        throw new LineProblem('columns', `expected at least ${minColumns} columns, found ${fields.length}`);
      }
      const rawUser = fields[index.user]!;
      const rawItem = fields[index.item]!;
      const user = parseRawId(rawUser.trim(), 'user');
      const item = parseRawId(rawItem.trim(), 'item');
      // Counted, not silent: " x" and "x" become one id.
      if (user.length !== rawUser.length || item.length !== rawItem.length) trimmedIds++;
      const value = index.value < 0 ? 1 : parseNumber(fields[index.value].trim(), 'value');
      const timestamp = index.timestamp < 0 ? 0 : parseTimestamp(fields[index.timestamp].trim());
      const behaviour = index.behaviour < 0 ? 0 : behaviours.code(fields[index.behaviour].trim());
      rows.add(addUser(user), itemIds.add(item), line, value, timestamp, behaviour);
    },
    (text) => resolve(fieldsOf(text).map((name) => name.trim())),
  );
  const loaded = rows.build({
    file: path,
    format: 'csv',
    scan,
    userIds,
    itemIds,
    behaviourNames: behaviours.names,
  });
  loaded.report.trimmedIds = trimmedIds;
  return loaded;
}

/** The 0-based columns of a header that hold `name`. */
function columnsNamed(names: readonly string[], name: string): number[] {
  const columns: number[] = [];
  names.forEach((n, c) => n === name && columns.push(c));
  return columns;
}
