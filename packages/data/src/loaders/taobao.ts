import { describeValue } from '../check-options.js';
import { IdMap } from '../id-map.js';
import { LineProblem } from './errors.js';
import { expectColumns, parseRawId, parseTimestamp, quote } from './fields.js';
import { GrowableColumn } from './growable-column.js';
import { cachedAdd } from './id-space.js';
import { scanLines } from './line-scanner.js';
import { checkBooleanOption, checkLoadOptions, type LoadOptions, type LoadResult } from './options.js';
import { RowBuilder } from './row-builder.js';

/** The Taobao UserBehavior behaviours, in code order: page view, add to cart, favourite, purchase. */
export const TAOBAO_BEHAVIOURS: readonly string[] = ['pv', 'cart', 'fav', 'buy'];

/** Options of {@link loadTaobao}. */
export interface TaobaoOptions extends LoadOptions {
  /** Existing category ids to extend (in place), e.g. from another part of the same dataset. */
  categoryIds?: IdMap;
  /** Whether line 1 is a header to skip. Default `false` (the official file has none). */
  header?: boolean;
}

/** What {@link loadTaobao} returns. */
export interface TaobaoResult extends LoadResult {
  /** Category index of each item index (over `interactions.itemIds`), or -1 for items this file did not mention. */
  categories: Int32Array;
  /** Raw category ids. */
  categoryIds: IdMap;
  /** Rows whose category differed from the one first seen for their item (the first one is kept). */
  categoryConflicts: number;
}

const LAYOUT = 'user,item,category,behaviour,timestamp';
const BEHAVIOUR_CODES = new Map(TAOBAO_BEHAVIOURS.map((name, code) => [name, code]));

/**
 * Loads a Taobao UserBehavior CSV (Alibaba Tianchi dataset 649): `user,item,category,behaviour,timestamp`, no header,
 * behaviour one of `pv`, `cart`, `fav`, `buy`. Raw ids are re-indexed; behaviours become codes into
 * {@link TAOBAO_BEHAVIOURS}; timestamps are unix seconds. Duplicates are keyed by (user, item, behaviour), so a view and
 * a purchase of the same item are both kept. There are no values, except the counts the `'sum'` policy makes.
 *
 * @param path - the CSV file.
 * @param options - leniency, duplicate policy, id maps to extend (users, items, categories), progress.
 * @throws TypeError or RangeError naming the option, before reading, on an unknown option key or a bad value (a duplicate policy not in
 * {@link DUPLICATE_POLICIES}, a non-boolean `lenient` or `header`).
 * @throws DataFormatError on a malformed line (kinds `'columns'`, `'id'`, `'behaviour'`, `'timestamp'`).
 * @example
 * ```ts
 * const { interactions, categories } = await loadTaobao('UserBehavior.csv', { duplicates: 'sum' });
 * const purchases = interactions.ofBehaviour('buy');
 * categories[purchases.items[0]]; // category index of the first purchased item
 * ```
 */
export async function loadTaobao(path: string, options: TaobaoOptions = {}): Promise<TaobaoResult> {
  checkLoadOptions('loadTaobao', options, ['categoryIds', 'header']);
  checkBooleanOption('loadTaobao', 'header', options.header);
  if (options.categoryIds !== undefined && !(options.categoryIds instanceof IdMap)) {
    throw new TypeError(`loadTaobao: option "categoryIds" must be an IdMap, got ${describeValue(options.categoryIds)}`);
  }
  const userIds = options.userIds ?? new IdMap();
  const itemIds = options.itemIds ?? new IdMap();
  const categoryIds = options.categoryIds ?? new IdMap();
  const rows = new RowBuilder({ values: false, timestamps: true, behaviours: true, policy: options.duplicates });
  const categoryOfItem = new GrowableColumn(Int32Array);
  for (let i = 0; i < itemIds.size; i++) categoryOfItem.push(-1);
  let categoryConflicts = 0;
  const addUser = cachedAdd(userIds);
  const scan = await scanLines(
    path,
    options,
    (text, line) => {
      const fields = text.split(',');
      expectColumns(fields, 5, 5, LAYOUT);
      const user = parseRawId(fields[0], 'user');
      const item = parseRawId(fields[1], 'item');
      const category = parseRawId(fields[2], 'category');
      const behaviour = BEHAVIOUR_CODES.get(fields[3]);
      if (behaviour === undefined) {
        throw new LineProblem('behaviour', `unknown behaviour ${quote(fields[3])} (expected pv, cart, fav or buy)`);
      }
      const timestamp = parseTimestamp(fields[4]);
      const itemIndex = itemIds.add(item);
      const categoryIndex = categoryIds.add(category);
      if (itemIndex === categoryOfItem.length) categoryOfItem.push(categoryIndex);
      else if (categoryOfItem.get(itemIndex) === -1) categoryOfItem.set(itemIndex, categoryIndex);
      else if (categoryOfItem.get(itemIndex) !== categoryIndex) categoryConflicts++;
      rows.add(addUser(user), itemIndex, line, 1, timestamp, behaviour);
    },
    () => {},
  );
  const result = rows.build({
    file: path,
    format: 'taobao',
    scan,
    userIds,
    itemIds,
    behaviourNames: TAOBAO_BEHAVIOURS,
  });
  return { ...result, categories: categoryOfItem.toArray(), categoryIds, categoryConflicts };
}
