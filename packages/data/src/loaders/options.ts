import { describeValue, refuseUnknownOptions } from '../check-options.js';
import { IdMap } from '../id-map.js';
import type { Interactions } from '../interactions.js';
import type { LoadReport } from './report.js';

/**
 * What to do with repeated (user, item) rows (plus behaviour, where the format has one):
 * - `'keep-latest'` keeps the row with the latest timestamp (ties, or no timestamps: the later line);
 * - `'keep-first'` keeps the first line;
 * - `'sum'` keeps one row whose value is the sum of the values (1 per row where the format has none) and whose
 *   timestamp is the latest; it stands where `'keep-latest'` would keep its row;
 * - `'error'` throws a {@link DataFormatError} of kind `'duplicate'` naming both lines (even in lenient mode).
 */
export type DuplicatePolicy = 'keep-latest' | 'keep-first' | 'sum' | 'error';

/** Every {@link DuplicatePolicy}, in the order messages list them. */
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ['keep-latest', 'keep-first', 'sum', 'error'];

/** The default {@link DuplicatePolicy}. */
export const DEFAULT_DUPLICATE_POLICY: DuplicatePolicy = 'keep-latest';

/** Options shared by every loader. */
export interface LoadOptions {
  /** Skip malformed lines (counting them in the report) instead of throwing. Default `false`. */
  lenient?: boolean;
  /** How to merge repeated rows. Default `'keep-latest'`. */
  duplicates?: DuplicatePolicy;
  /**
   * Existing user ids to extend, e.g. the train file's when loading its test file, so indices agree. The map is
   * extended in place (new ids are appended) and shared by the result. Formats with dense integer ids (NCF, CiteULike)
   * need an identity map (raw id k at index k).
   */
  userIds?: IdMap;
  /** Existing item ids to extend; as {@link userIds}. */
  itemIds?: IdMap;
  /** Called with the number of lines read every 100,000 lines, and once at the end. */
  onProgress?: (linesRead: number) => void;
}

/** What every interaction loader returns. */
export interface LoadResult {
  /** The rows read, in file order (of the rows that survived duplicate merging). */
  interactions: Interactions;
  /** What was read, skipped and merged. */
  report: LoadReport;
}

/** The keys of {@link LoadOptions}, which every loader taking them accepts besides its own. */
export const LOAD_OPTION_KEYS: readonly string[] = ['lenient', 'duplicates', 'userIds', 'itemIds', 'onProgress'];

/**
 * The one check of a loader's options, run before the file is opened: unknown keys (a misspelt option would be
 * ignored), and the common {@link LoadOptions} by type and value. A wrong policy such as `'merge'` would otherwise
 * load with the default while the report said `"merge"`, and `lenient: 'false'` would turn lenient mode on.
 *
 * @param where - the loader, for the messages.
 * @param options - the options given.
 * @param own - the loader's own keys (besides `common`).
 * @param common - which of {@link LOAD_OPTION_KEYS} it takes (all by default).
 * @throws TypeError or RangeError naming `where`, the option and the value.
 */
export function checkLoadOptions(
  where: string,
  options: unknown,
  own: readonly string[],
  common: readonly string[] = LOAD_OPTION_KEYS,
): void {
  refuseUnknownOptions(where, options, [...common, ...own]);
  if (options === undefined) return;
  const o = options as Partial<LoadOptions>;
  checkBooleanOption(where, 'lenient', o.lenient);
  if (o.duplicates !== undefined && !DUPLICATE_POLICIES.includes(o.duplicates)) {
    throw new RangeError(
      `${where}: option "duplicates" must be one of ${DUPLICATE_POLICIES.join(', ')}, got ${describeValue(o.duplicates)}`,
    );
  }
  for (const key of ['userIds', 'itemIds'] as const) {
    if (o[key] !== undefined && !(o[key] instanceof IdMap)) {
      throw new TypeError(`${where}: option "${key}" must be an IdMap, got ${describeValue(o[key])}`);
    }
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new TypeError(`${where}: option "onProgress" must be a function, got ${describeValue(o.onProgress)}`);
  }
}

/** Refuses a non-boolean: `'false'` is truthy and would turn the option on. */
export function checkBooleanOption(where: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new TypeError(`${where}: option "${name}" must be true or false, got ${describeValue(value)}`);
  }
}

/** Refuses a size that is not a non-negative safe integer: NaN would turn every range check off (`x >= NaN` is false). */
export function checkCountOption(where: string, name: string, value: unknown): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`${where}: option "${name}" must be a non-negative integer, got ${describeValue(value)}`);
  }
}

/** Refuses a value not in `allowed`, listing them. */
export function checkOneOfOption(where: string, name: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw new RangeError(
      `${where}: option "${name}" must be one of ${allowed.join(', ')}, got ${describeValue(value)}`,
    );
  }
}
