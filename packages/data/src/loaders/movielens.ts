import { describeValue } from '../check-options.js';
import { IdMap } from '../id-map.js';
import { LineProblem } from './errors.js';
import { expectColumns, parseNumber, parseRawId, parseTimestamp } from './fields.js';
import { cachedAdd } from './id-space.js';
import { scanLines } from './line-scanner.js';
import { checkLoadOptions, type LoadOptions, type LoadResult } from './options.js';
import { RowBuilder } from './row-builder.js';

/** Options of {@link loadMovieLens}. */
export interface MovieLensOptions extends LoadOptions {
  /** Column separator; by default detected from the first data line: `'::'` (`ratings.dat`) or TAB (`u.data`). */
  separator?: string;
}

const LAYOUT = 'user item rating timestamp';

/**
 * Loads MovieLens ratings: `u.data` (ML-100K, TAB-separated) or `ratings.dat` (ML-1M/10M, `::`-separated), four
 * columns `user item rating timestamp`, no header. Raw ids are re-indexed in order of first appearance; ratings become
 * `values` and timestamps (unix seconds) `timestamps`.
 *
 * @param path - the ratings file.
 * @param options - separator, leniency, duplicate policy, id maps to extend, progress.
 * @throws TypeError or RangeError naming the option before reading, on an unknown option key or a bad option value
 * (a duplicate policy not in {@link DUPLICATE_POLICIES}, a non-boolean `lenient`).
 * @throws DataFormatError on a malformed line (unless lenient) or an empty file.
 * @example
 * ```ts
 * const { interactions, report } = await loadMovieLens('ml-100k/u.data');
 * interactions.numUsers; // 943
 * report.rows; // 100000
 * ```
 */
export async function loadMovieLens(path: string, options: MovieLensOptions = {}): Promise<LoadResult> {
  checkLoadOptions('loadMovieLens', options, ['separator']);
  if (options.separator !== undefined && !(typeof options.separator === 'string' && options.separator !== '')) {
    throw new TypeError(
      `loadMovieLens: option "separator" must be a non-empty string, got ${describeValue(options.separator)}`,
    );
  }
  const userIds = options.userIds ?? new IdMap();
  const itemIds = options.itemIds ?? new IdMap();
  const rows = new RowBuilder({ values: true, timestamps: true, behaviours: false, policy: options.duplicates });
  const addUser = cachedAdd(userIds);
  let separator = options.separator;
  const scan = await scanLines(path, options, (text, line) => {
    const sep = separator ?? detectSeparator(text);
    const fields = text.split(sep);
    expectColumns(fields, 4, 4, LAYOUT);
    const user = parseRawId(fields[0], 'user');
    const item = parseRawId(fields[1], 'item');
    const rating = parseNumber(fields[2], 'rating');
    const timestamp = parseTimestamp(fields[3]);
    separator = sep;
    rows.add(addUser(user), itemIds.add(item), line, rating, timestamp);
  });
  return rows.build({ file: path, format: 'movielens', scan, userIds, itemIds });
}

/** The separator of a MovieLens line: `'::'` or TAB. */
function detectSeparator(text: string): string {
  if (text.includes('::')) return '::';
  if (text.includes('\t')) return '\t';
  throw new LineProblem('columns', `cannot find a separator ("::" or TAB) between the columns (${LAYOUT})`);
}
