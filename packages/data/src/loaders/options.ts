import type { IdMap } from '../id-map.js';
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
