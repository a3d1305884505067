import type { Interactions } from '../interactions.js';
import { LineProblem } from './errors.js';
import { expectColumns, parseDenseId, parseNumber, parseTimestamp } from './fields.js';
import { identityMap, settleIdentity } from './id-space.js';
import { scanLines } from './line-scanner.js';
import { checkCountOption, checkLoadOptions, type LoadOptions, type LoadResult } from './options.js';
import { RowBuilder } from './row-builder.js';
import { formatFloat32, writeLines } from './text-writer.js';

/** Options of the NCF loaders. */
export interface NcfOptions extends LoadOptions {
  /** Size of the user index space; a user id at or above it is an `'range'` error. Default: max user id + 1. */
  numUsers?: number;
  /** Size of the item index space; an item id at or above it is an `'range'` error. Default: max item id + 1. */
  numItems?: number;
}

const LAYOUT = 'user item rating [timestamp]';

/**
 * Loads an NCF ratings file (`*.train.rating`, `*.test.rating`): TAB-separated `user item rating [timestamp]`, no
 * header, with dense 0-based integer ids kept as they are (raw id k is index k). The timestamp column is present when
 * the first line has it, and then required on every line.
 *
 * @param path - the ratings file.
 * @param options - index-space sizes, leniency, duplicate policy, identity id maps to extend, progress.
 * @throws TypeError or RangeError naming the option, before reading, on an unknown option key or a bad value (`numUsers`/`numItems`
 * not a non-negative integer, a duplicate policy not in {@link DUPLICATE_POLICIES}, a non-boolean `lenient`).
 * @throws DataFormatError on a malformed line (kinds `'columns'`, `'id'`, `'range'`, `'number'`, `'timestamp'`).
 * @example
 * ```ts
 * const train = await loadNcfRatings('AMusic.train.rating');
 * const { userIds, itemIds } = train.interactions;
 * const test = await loadNcfRatings('AMusic.test.rating', { userIds, itemIds }); // same index space, extended
 * ```
 */
export async function loadNcfRatings(path: string, options: NcfOptions = {}): Promise<LoadResult> {
  checkLoadOptions('loadNcfRatings', options, ['numUsers', 'numItems']);
  checkCountOption('loadNcfRatings', 'numUsers', options.numUsers);
  checkCountOption('loadNcfRatings', 'numItems', options.numItems);
  const userIds = identityMap(options.userIds, 'user');
  const itemIds = identityMap(options.itemIds, 'item');
  let rows: RowBuilder | undefined;
  let columns = 0;
  let maxUser = -1;
  let maxItem = -1;
  const scan = await scanLines(path, options, (text, line) => {
    const fields = text.split('\t');
    if (columns === 0) expectColumns(fields, 3, 4, LAYOUT);
    else if (fields.length !== columns) {
      throw new LineProblem(
        'columns',
        `expected ${columns} columns (${LAYOUT}) like the first line, found ${fields.length}`,
      );
    }
    const user = parseDenseId(fields[0], 'user', options.numUsers, 'numUsers');
    const item = parseDenseId(fields[1], 'item', options.numItems, 'numItems');
    const rating = parseNumber(fields[2], 'rating');
    const timestamp = fields.length === 4 ? parseTimestamp(fields[3]) : 0;
    if (!rows) {
      columns = fields.length;
      rows = new RowBuilder({ values: true, timestamps: columns === 4, behaviours: false, policy: options.duplicates });
    }
    if (user > maxUser) maxUser = user;
    if (item > maxItem) maxItem = item;
    rows.add(user, item, line, rating, timestamp);
  });
  const numUsers = settleIdentity(userIds, maxUser + 1, options.numUsers, 'User');
  const numItems = settleIdentity(itemIds, maxItem + 1, options.numItems, 'Item');
  rows ??= new RowBuilder({ values: true, timestamps: false, behaviours: false, policy: options.duplicates });
  return rows.build({ file: path, format: 'ncf', scan, userIds, itemIds, numUsers, numItems });
}

/**
 * Writes interactions as an NCF ratings file: `user item rating[ timestamp]` per row, TAB-separated, in row order, with
 * dense indices as ids. The rating is the row's value, or 1 without values; the timestamp is written when the log has
 * timestamps. {@link loadNcfRatings} reads it back exactly (values as float32).
 *
 * @param path - the file to write (replaced if it exists).
 * @param interactions - the rows to write.
 * @example
 * ```ts
 * await writeNcfRatings('ml.train.rating', split.train);
 * ```
 */
export async function writeNcfRatings(path: string, interactions: Interactions): Promise<void> {
  const { users, items, values, timestamps } = interactions;
  function* lines(): Generator<string> {
    for (let r = 0; r < users.length; r++) {
      const rating = values ? formatFloat32(values[r]) : '1';
      yield timestamps
        ? `${users[r]}\t${items[r]}\t${rating}\t${timestamps[r]}`
        : `${users[r]}\t${items[r]}\t${rating}`;
    }
  }
  await writeLines(path, lines());
}
