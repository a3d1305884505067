import { IdMap } from '../id-map.js';
import { LineProblem } from './errors.js';
import { parseNumber, parseRawId, parseTimestamp, quote } from './fields.js';
import { cachedAdd } from './id-space.js';
import { scanLines } from './line-scanner.js';
import type { LoadOptions, LoadResult } from './options.js';
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
  /** Field delimiter; default `','`. Quoting is not supported: fields may not contain the delimiter. */
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
const MAX_BEHAVIOURS = 256;

/**
 * Loads a generic delimited file (CSV, TSV, ...) through a column mapping. Fields are trimmed; raw ids are
 * re-indexed; extra columns are ignored.
 *
 * @param path - the file.
 * @param options - delimiter, header, column mapping, behaviour names, leniency, duplicate policy, id maps, progress.
 * @throws DataFormatError on a malformed line (kinds `'columns'`, `'id'`, `'number'`, `'timestamp'`, `'behaviour'`),
 * or on line 1 when a named column is not in the header.
 * @example
 * ```ts
 * const { interactions } = await loadDelimited('ratings.csv', {
 *   header: true,
 *   columns: { user: 'userId', item: 'movieId', value: 'rating', timestamp: 'timestamp' },
 * });
 * ```
 */
export async function loadDelimited(path: string, options: DelimitedOptions): Promise<LoadResult> {
  const delimiter = options.delimiter ?? ',';
  if (delimiter === '') throw new Error('loadDelimited: the delimiter is empty');
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
      index[role] = found;
      minColumns = Math.max(minColumns, found + 1);
    }
  };
  if (!header) resolve();

  const userIds = options.userIds ?? new IdMap();
  const itemIds = options.itemIds ?? new IdMap();
  const addUser = cachedAdd(userIds);
  const fixedNames = options.behaviourNames;
  const behaviourNames: string[] = fixedNames ? [...fixedNames] : [];
  const behaviourCodes = new Map(behaviourNames.map((name, code) => [name, code]));
  const rows = new RowBuilder({
    values: refs.value !== undefined,
    timestamps: refs.timestamp !== undefined,
    behaviours: refs.behaviour !== undefined,
    policy: options.duplicates,
  });
  const scan = await scanLines(
    path,
    { ...options, header },
    (text, line) => {
      const fields = text.split(delimiter);
      if (fields.length < minColumns) {
        throw new LineProblem('columns', `expected at least ${minColumns} columns, found ${fields.length}`);
      }
      const user = parseRawId(fields[index.user].trim(), 'user');
      const item = parseRawId(fields[index.item].trim(), 'item');
      const value = index.value < 0 ? 1 : parseNumber(fields[index.value].trim(), 'value');
      const timestamp = index.timestamp < 0 ? 0 : parseTimestamp(fields[index.timestamp].trim());
      let behaviour = 0;
      if (index.behaviour >= 0) {
        const name = fields[index.behaviour].trim();
        const code = behaviourCodes.get(name);
        if (code !== undefined) behaviour = code;
        else if (fixedNames) {
          throw new LineProblem('behaviour', `unknown behaviour ${quote(name)} (expected ${fixedNames.join(', ')})`);
        } else if (name === '') throw new LineProblem('behaviour', 'empty behaviour');
        else if (behaviourNames.length === MAX_BEHAVIOURS) {
          throw new LineProblem('behaviour', `behaviour ${quote(name)} is a new name past ${MAX_BEHAVIOURS}`);
        } else {
          behaviour = behaviourNames.length;
          behaviourCodes.set(name, behaviour);
          behaviourNames.push(name);
        }
      }
      rows.add(addUser(user), itemIds.add(item), line, value, timestamp, behaviour);
    },
    (text) => resolve(text.split(delimiter).map((name) => name.trim())),
  );
  return rows.build({ file: path, format: 'csv', scan, userIds, itemIds, behaviourNames });
}
