import { describeValue } from './check-options.js';
import { IdMap, type RawId } from './id-map.js';
import { checkSparseFeatures, type SparseFeatures } from './sparse-features.js';

/**
 * Item features keyed by raw item id, before they are matched to an interaction log: row `r` of {@link rows} holds
 * the features of the item whose raw id is `itemIds.raw(r)`. Loaders of feature files return this
 * ({@link loadItemFeatures}, {@link loadMovieLensGenres}, {@link loadCiteULikeItemFeatures}); {@link matchItemFeatures}
 * turns it into one row per item index of a log.
 */
export interface ItemFeatures {
  /** Raw item id of each row, as in the interaction files (strings; `"7"` and `7` are one id). */
  itemIds: IdMap;
  /** The feature rows, `itemIds.size` of them. */
  rows: SparseFeatures;
  /** Name of each feature (column), `rows.numFeatures` distinct strings, when the source names them. */
  featureNames?: readonly string[];
}

/**
 * Builds (and checks) {@link ItemFeatures} from raw item ids and their rows, e.g. content computed in memory.
 *
 * @param itemIds - the raw id of each row, in row order (an {@link IdMap} or a list of distinct ids).
 * @param rows - the feature rows, one per id (see {@link denseFeatures} for dense vectors).
 * @param featureNames - the name of each feature, `rows.numFeatures` distinct strings.
 * @throws TypeError or RangeError naming `itemFeatures` and the argument when `rows` is not well-formed CSR, an id
 * repeats or is not a string or finite number, the ids and rows differ in number, or the names are not
 * `rows.numFeatures` distinct strings.
 * @example
 * ```ts
 * const genres = itemFeatures(['toy-story', 'heat'], denseFeatures([1, 0, 0, 1], 2, 2), ['Animation', 'Crime']);
 * genres.itemIds.index('heat'); // 1
 * ```
 */
export function itemFeatures(
  itemIds: IdMap | readonly RawId[],
  rows: SparseFeatures,
  featureNames?: readonly string[],
): ItemFeatures {
  const ids = itemIds instanceof IdMap ? itemIds : idMapOf(checkIdList(itemIds));
  const features: ItemFeatures = { itemIds: ids, rows };
  if (featureNames !== undefined) features.featureNames = featureNames;
  checkItemFeatures('itemFeatures', 'the item features', features);
  return features;
}

/**
 * Checks {@link ItemFeatures}: an {@link IdMap} of as many ids as rows, well-formed rows, and names (when given) as
 * many distinct strings as features.
 *
 * @param where - the function checking, for the message.
 * @param name - what the argument is called there.
 * @param value - the value to check.
 * @throws TypeError or RangeError naming `where`, `name` and the field.
 * @example
 * ```ts
 * checkItemFeatures('myModel.fit', 'itemFeatures', features);
 * ```
 */
export function checkItemFeatures(where: string, name: string, value: unknown): asserts value is ItemFeatures {
  if (value === null || typeof value !== 'object') {
    throw new TypeError(
      `${where}: ${name} must be ItemFeatures { itemIds, rows, featureNames? }, got ${describeValue(value)}`,
    );
  }
  const { itemIds, rows, featureNames } = value as Partial<ItemFeatures>;
  if (!(itemIds instanceof IdMap)) {
    throw new TypeError(`${where}: ${name}.itemIds must be an IdMap, got ${describeValue(itemIds)}`);
  }
  checkSparseFeatures(where, `${name}.rows`, rows);
  if (rows.numRows !== itemIds.size) {
    throw new RangeError(`${where}: ${name} has ${rows.numRows} rows for ${itemIds.size} item ids`);
  }
  if (featureNames === undefined) return;
  if (!Array.isArray(featureNames)) {
    throw new TypeError(
      `${where}: ${name}.featureNames must be an array of strings, got ${describeValue(featureNames)}`,
    );
  }
  if (featureNames.length !== rows.numFeatures) {
    throw new RangeError(
      `${where}: ${name}.featureNames has ${featureNames.length} names for ${rows.numFeatures} features`,
    );
  }
  const seen = new Map<string, number>();
  featureNames.forEach((feature: unknown, k) => {
    if (typeof feature !== 'string') {
      throw new TypeError(`${where}: ${name}.featureNames[${k}] must be a string, got ${describeValue(feature)}`);
    }
    const first = seen.get(feature);
    if (first !== undefined) {
      throw new RangeError(
        `${where}: ${name}.featureNames[${k}] ${describeValue(feature)} repeats featureNames[${first}]`,
      );
    }
    seen.set(feature, k);
  });
}

function checkIdList(ids: unknown): readonly RawId[] {
  if (!Array.isArray(ids)) {
    throw new TypeError(`itemFeatures: itemIds must be an IdMap or an array of ids, got ${describeValue(ids)}`);
  }
  return ids as readonly RawId[];
}

/** `IdMap.from(ids)`, its error (a repeated or malformed id) re-thrown naming `itemFeatures`. */
function idMapOf(ids: readonly RawId[]): IdMap {
  try {
    return IdMap.from(ids);
  } catch (error) {
    const message = `itemFeatures: itemIds: ${(error as Error).message.replace(/^IdMap\.from: /, '')}`;
    throw error instanceof TypeError ? new TypeError(message) : new RangeError(message);
  }
}
