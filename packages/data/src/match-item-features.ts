import { describeValue, refuseUnknownOptions } from './check-options.js';
import { Interactions } from './interactions.js';
import { checkItemFeatures, type ItemFeatures } from './item-features.js';
import { checkOneOfOption } from './loaders/options.js';
import type { SparseFeatures } from './sparse-features.js';

/** What {@link matchItemFeatures} does with items of the log that have rows but no features. */
export type WithoutFeaturesPolicy = 'error' | 'keep';

/** What {@link matchItemFeatures} does with features of items that are not in the log. */
export type UnknownItemsPolicy = 'error' | 'keep' | 'drop';

/** Options of {@link matchItemFeatures}. */
export interface MatchItemFeaturesOptions {
  /**
   * Items with rows in the log but no features: `'keep'` (default) gives each an empty row — such an item still has
   * its interactions, as a CiteULike paper with an empty abstract does; `'error'` throws, naming a few ids and the
   * count. Either way the report counts them.
   */
  withoutFeatures?: WithoutFeaturesPolicy;
  /**
   * Features of ids not in the log's item space: `'keep'` (default) appends each as an item with no rows — a cold item
   * that can be recommended from its content alone, as `loadCiteULike` keeps content-only papers; `'drop'` leaves
   * them out; `'error'` throws, naming a few ids and the count. The report counts them in every case.
   */
  unknownItems?: UnknownItemsPolicy;
}

/** What {@link matchItemFeatures} found, in counts; every item without features and every unmatched row is here. */
export interface ItemFeaturesMatchReport {
  /** Items of the returned index space (the log's, plus added ones). */
  items: number;
  /** Items of the log's index space. */
  logItems: number;
  /** Rows of the given features. */
  featureRows: number;
  /** Items of the log matched to a features row (with or without rows in the log). */
  matchedItems: number;
  /** Items (matched or added) whose given features row is empty (e.g. CiteULike-t's 31 empty documents). */
  emptyFeatureRows: number;
  /** Items with rows in the log and no features (given empty rows under `'keep'`). */
  itemsWithoutFeatures: number;
  /** The first few raw ids of {@link itemsWithoutFeatures} (an index without a raw id as `#index`). */
  itemsWithoutFeaturesExamples: string[];
  /** Items of the log's space with neither rows nor features (index gaps): empty rows, under any policy. */
  unusedItemsWithoutFeatures: number;
  /** Features rows whose raw id is not an item of the log. */
  unknownItems: number;
  /** The first few of their raw ids. */
  unknownItemsExamples: string[];
  /** Of the unknown items, those appended to the item space without rows (`'keep'`). */
  addedItems: number;
  /** Of the unknown items, those whose features were left out (`'drop'`). */
  droppedFeatureRows: number;
  /** Items of the returned space without rows in the log (cold: content only), added ones included. */
  itemsWithoutRows: number;
  /** The policy applied to items without features. */
  withoutFeaturesPolicy: WithoutFeaturesPolicy;
  /** The policy applied to features of unknown items. */
  unknownItemsPolicy: UnknownItemsPolicy;
}

/** What {@link matchItemFeatures} returns. */
export interface ItemFeaturesMatch {
  /**
   * The log: the same object when no item was added; otherwise a log with the same users, rows and columns (the
   * arrays are shared) whose item space grows by the added items, with a copy of the item id map extended by their raw
   * ids (the original map is left as it was).
   */
  interactions: Interactions;
  /** One row per item index of {@link interactions}; `numFeatures` is the given features'. */
  features: SparseFeatures;
  /** The given feature names, when there were any. */
  featureNames?: readonly string[];
  /** What was matched, kept, added and dropped. */
  report: ItemFeaturesMatchReport;
}

/** How many ids an error or report names by example. */
export const MAX_ID_EXAMPLES = 5;

const WITHOUT_FEATURES: readonly WithoutFeaturesPolicy[] = ['error', 'keep'];
const UNKNOWN_ITEMS: readonly UnknownItemsPolicy[] = ['error', 'keep', 'drop'];

/**
 * Matches item features keyed by raw item id to an interaction log, by raw id, and returns them as one row per item
 * index of the log — the shape models read. Items with rows but no features and features of items the log does not
 * have are counted and handled as the options say (defaults: both `'keep'`; see {@link MatchItemFeaturesOptions}).
 *
 * Raw ids are compared exactly, as the loaders read them: `"007"` is not `"7"`. So that a mismatch of id forms cannot
 * pass as "every item is cold", matching no item at all is an error whatever the policies, when the log has items
 * with rows and the features have rows. An index of the log without a raw id (a space larger than its id map) has no
 * features to match.
 *
 * Growing the item space needs a log whose item id map names exactly its index space (as every loader's does); a log
 * whose space is larger or smaller than its map cannot take new ids and is refused when there are items to add.
 *
 * @param log - the interactions.
 * @param features - the features, keyed by raw item id.
 * @param options - what to do with items without features and features without items.
 * @throws TypeError or RangeError naming `matchItemFeatures` and the argument on a malformed log, malformed
 * features, an unknown option key or a policy not listed.
 * @throws Error naming the count and the first few ids when the `'error'` policy meets its case, when no item
 * matches, or when items are to be added to a log whose item space differs from its id map.
 * @example
 * ```ts
 * const { interactions } = await loadMovieLens('ml-100k/u.data');
 * const { features: genres } = await loadMovieLensGenres('ml-100k/u.item', { genres: 'ml-100k/u.genre' });
 * const { features, report } = matchItemFeatures(interactions, genres, { withoutFeatures: 'error' });
 * features.numRows === interactions.numItems; // true
 * report.unknownItems; // 0
 * ```
 */
export function matchItemFeatures(
  log: Interactions,
  features: ItemFeatures,
  options: MatchItemFeaturesOptions = {},
): ItemFeaturesMatch {
  const where = 'matchItemFeatures';
  if (!(log instanceof Interactions)) {
    throw new TypeError(`${where}: pass an Interactions as log, got ${describeValue(log)}`);
  }
  checkItemFeatures(where, 'features', features);
  refuseUnknownOptions(where, options, ['withoutFeatures', 'unknownItems']);
  checkOneOfOption(where, 'withoutFeatures', options.withoutFeatures, WITHOUT_FEATURES);
  checkOneOfOption(where, 'unknownItems', options.unknownItems, UNKNOWN_ITEMS);
  const withoutFeaturesPolicy = options.withoutFeatures ?? 'keep';
  const unknownItemsPolicy = options.unknownItems ?? 'keep';
  const { rows } = features;
  const logItems = log.numItems;
  const logIds = log.itemIds;

  // The features row of each item of the log's space, -1 for none; and the rows of ids the log does not have.
  const rowOf = new Int32Array(logItems).fill(-1);
  const unknown: number[] = [];
  for (let r = 0; r < rows.numRows; r++) {
    const index = logIds.index(features.itemIds.raw(r));
    if (index !== undefined && index < logItems) rowOf[index] = r;
    else unknown.push(r);
  }
  const rawOf = (index: number): string => (index < logIds.size ? logIds.raw(index) : `#${index}`);
  let matchedItems = 0;
  let emptyFeatureRows = 0;
  let unusedItemsWithoutFeatures = 0;
  let itemsWithoutRows = 0;
  const withoutFeatures: number[] = [];
  for (let i = 0; i < logItems; i++) {
    const hasRows = log.itemDegree(i) > 0;
    if (!hasRows) itemsWithoutRows++;
    const r = rowOf[i];
    if (r >= 0) {
      matchedItems++;
      if (rows.ptr[r + 1] === rows.ptr[r]) emptyFeatureRows++;
    } else if (hasRows) withoutFeatures.push(i);
    else unusedItemsWithoutFeatures++;
  }
  const examples = (ids: string[]) => ids.map((id) => JSON.stringify(id)).join(', ');
  if (matchedItems === 0 && rows.numRows > 0 && log.size > 0) {
    const logExamples = withoutFeatures.slice(0, 3).map(rawOf);
    const featureExamples = unknown.slice(0, 3).map((r) => features.itemIds.raw(r));
    throw new Error(
      `${where}: no item of the log has features: its item ids (e.g. ${examples(logExamples)}) and the features' ` +
        `(e.g. ${examples(featureExamples)}) do not meet; are they written differently (prefixes, zero padding)?`,
    );
  }
  const withoutFeaturesExamples = withoutFeatures.slice(0, MAX_ID_EXAMPLES).map(rawOf);
  if (withoutFeatures.length > 0 && withoutFeaturesPolicy === 'error') {
    throw new Error(
      `${where}: ${withoutFeatures.length} of the log's ${logItems} items have rows but no features ` +
        `(e.g. ${examples(withoutFeaturesExamples)}); pass withoutFeatures: 'keep' to give them empty rows`,
    );
  }
  const unknownExamples = unknown.slice(0, MAX_ID_EXAMPLES).map((r) => features.itemIds.raw(r));
  if (unknown.length > 0 && unknownItemsPolicy === 'error') {
    throw new Error(
      `${where}: ${unknown.length} of the ${rows.numRows} features rows are for items not in the log ` +
        `(e.g. ${examples(unknownExamples)}); pass unknownItems: 'keep' to add them as items without rows, or 'drop'`,
    );
  }
  const adding = unknownItemsPolicy === 'keep' ? unknown : [];
  let interactions = log;
  if (adding.length > 0) {
    if (logIds.size !== logItems) {
      throw new Error(
        `${where}: cannot add ${adding.length} items (e.g. ${examples(unknownExamples)}): the log's item space ` +
          `(${logItems}) is not its item id map (${logIds.size} ids), so new ids would not get their own index; ` +
          "pass unknownItems: 'drop'",
      );
    }
    const itemIds = logIds.clone();
    for (const r of adding) itemIds.add(features.itemIds.raw(r));
    interactions = Interactions.fromColumns(
      {
        users: log.users,
        items: log.items,
        values: log.values,
        timestamps: log.timestamps,
        behaviours: log.behaviours,
      },
      { ...log.sameSpace(), itemIds, numItems: itemIds.size },
    );
  }
  const numItems = logItems + adding.length;
  const ptr = new Int32Array(numItems + 1);
  const sourceRow = (i: number): number => (i < logItems ? rowOf[i] : adding[i - logItems]);
  for (let i = 0; i < numItems; i++) {
    const r = sourceRow(i);
    ptr[i + 1] = ptr[i] + (r >= 0 ? rows.ptr[r + 1] - rows.ptr[r] : 0);
  }
  const indices = new Int32Array(ptr[numItems]);
  const values = new Float32Array(ptr[numItems]);
  for (let i = 0; i < numItems; i++) {
    const r = sourceRow(i);
    if (r < 0) continue;
    indices.set(rows.indices.subarray(rows.ptr[r], rows.ptr[r + 1]), ptr[i]);
    values.set(rows.values.subarray(rows.ptr[r], rows.ptr[r + 1]), ptr[i]);
  }
  for (const r of adding) if (rows.ptr[r + 1] === rows.ptr[r]) emptyFeatureRows++;
  const matched: ItemFeaturesMatch = {
    interactions,
    features: { numRows: numItems, numFeatures: rows.numFeatures, ptr, indices, values },
    report: {
      items: numItems,
      logItems,
      featureRows: rows.numRows,
      matchedItems,
      emptyFeatureRows,
      itemsWithoutFeatures: withoutFeatures.length,
      itemsWithoutFeaturesExamples: withoutFeaturesExamples,
      unusedItemsWithoutFeatures,
      unknownItems: unknown.length,
      unknownItemsExamples: unknownExamples,
      addedItems: adding.length,
      droppedFeatureRows: unknownItemsPolicy === 'drop' ? unknown.length : 0,
      itemsWithoutRows: itemsWithoutRows + adding.length,
      withoutFeaturesPolicy,
      unknownItemsPolicy,
    },
  };
  if (features.featureNames) matched.featureNames = features.featureNames;
  return matched;
}
