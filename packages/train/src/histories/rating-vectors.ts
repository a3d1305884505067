import type { Interactions } from '@recsys/data';
import type { Bag } from '../engine/bag.js';
import type { HistorySide } from './recent-histories.js';

/** Options of {@link ratingVectors}. */
export interface RatingVectorOptions {
  /**
   * Per example, the one entry to leave out of its vector (an item of a user's row, a user of an item's column; −1:
   * none). In training, the scored pair's own entry: otherwise a positive's rating is in its own input.
   */
  leaveOut?: Int32Array;
  /**
   * The entries' values: `'rating'` (the log's value column, DMF eq. 2) or `'binary'` (1, eq. 1). Default `'rating'`
   * when the log has values, else `'binary'`.
   */
  values?: 'rating' | 'binary';
}

/**
 * DMF's input vectors as {@link Bag}s (eq. 5–7): for `side: 'user'`, each of `ids`' rows `Y_i*` of the rating matrix
 * (ids of items, weighted by the ratings); for `side: 'item'`, each column `Y_*j` (ids of users). A first layer `W₁`
 * kept as a table then gives `Y_i* W₁` as `ctx.bag(table, bag)`: a sum of the rated rows, never a dense users × items
 * matrix. Duplicate (user, item) rows of the log add up.
 *
 * @throws RangeError when `leaveOut` is not as long as `ids`, or `values: 'rating'` on a log without values.
 * @example
 * ```ts
 * const bag = ratingVectors(train, 'user', batch.users, { leaveOut: batch.items }); // rows without the scored item
 * const l1 = ctx.bag(userFirstLayer, bag); // [n, units]
 * ```
 */
export function ratingVectors(
  log: Interactions,
  side: HistorySide,
  ids: Int32Array,
  options: RatingVectorOptions = {},
): Bag {
  const { leaveOut } = options;
  const values = options.values ?? (log.values ? 'rating' : 'binary');
  if (values === 'rating' && !log.values) {
    throw new RangeError("ratingVectors: values 'rating' needs a log with a value column");
  }
  if (leaveOut && leaveOut.length !== ids.length) {
    throw new RangeError(`ratingVectors: ${leaveOut.length} entries to leave out for ${ids.length} examples`);
  }
  const ptr = side === 'user' ? log.userPtr : log.itemPtr;
  const others = side === 'user' ? log.userItems : log.itemUsers;
  const rows = side === 'user' ? log.userRows : log.itemRows;
  const size = ptr.length - 1;
  const offsets = new Int32Array(ids.length + 1);
  let nnz = 0;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id >= 0 && id < size) nnz += ptr[id + 1]! - ptr[id]!;
  }
  const bagIds = new Int32Array(nnz);
  const weights = values === 'rating' ? new Float32Array(nnz) : undefined;
  let at = 0;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id >= 0 && id < size) {
      const skip = leaveOut ? leaveOut[r]! : -1;
      for (let k = ptr[id]!; k < ptr[id + 1]!; k++) {
        const other = others[k]!;
        if (other === skip) continue;
        bagIds[at] = other;
        if (weights) weights[at] = log.values![rows[k]!]!;
        at++;
      }
    }
    offsets[r + 1] = at;
  }
  return {
    offsets,
    ids: at === nnz ? bagIds : bagIds.subarray(0, at),
    weights: weights && (at === nnz ? weights : weights.subarray(0, at)),
  };
}

/**
 * Per example, the entry {@link ratingVectors} would leave out: `ids[r]` is `leaveOut[r]` where it is in example `r`'s
 * vector (−1 where it is not) and `weights[r]` its value there (duplicates summed; 0 where absent). A model that
 * computes each distinct vector once per batch subtracts these instead of building one vector per example.
 *
 * @example
 * ```ts
 * const out = leftOutEntries(train, 'user', batch.users, batch.items); // each positive's own rating, 0 for negatives
 * ```
 */
export function leftOutEntries(
  log: Interactions,
  side: HistorySide,
  ids: Int32Array,
  leaveOut: Int32Array,
  values: 'rating' | 'binary' = log.values ? 'rating' : 'binary',
): { ids: Int32Array; weights: Float32Array } {
  if (leaveOut.length !== ids.length) {
    throw new RangeError(`leftOutEntries: ${leaveOut.length} entries to leave out for ${ids.length} examples`);
  }
  if (values === 'rating' && !log.values) throw new RangeError("leftOutEntries: values 'rating' needs a value column");
  const ptr = side === 'user' ? log.userPtr : log.itemPtr;
  const others = side === 'user' ? log.userItems : log.itemUsers; // ascending within each id
  const rows = side === 'user' ? log.userRows : log.itemRows;
  const size = ptr.length - 1;
  const outIds = new Int32Array(ids.length).fill(-1);
  const weights = new Float32Array(ids.length);
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    const other = leaveOut[r]!;
    if (id < 0 || id >= size || other < 0) continue;
    let lo = ptr[id]!;
    let hi = ptr[id + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (others[mid]! < other) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < ptr[id + 1]! && others[k] === other; k++) {
      outIds[r] = other;
      weights[r] += values === 'rating' ? log.values![rows[k]!]! : 1;
    }
  }
  return { ids: outIds, weights };
}
