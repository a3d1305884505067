import type { Random, SparseFeatures } from '@recsys/data';
import type { Bag } from '../engine/bag.js';

/**
 * Rows `rows` of sparse features (e.g. items' bags of words) as a {@link Bag}: with a first layer `W` kept as a table,
 * `ctx.bag(W, featureBags(content, items))` is `x·W` for every item, a sum of the rows of its features weighted by
 * their values, never a dense `[items, features]` input. A row outside the features (a cold id) is an empty bag.
 *
 * @example
 * ```ts
 * const z = ctx.bag(itemFirstLayer, featureBags(content, batch.items)); // [items, units]
 * ```
 */
export function featureBags(features: SparseFeatures, rows: Int32Array): Bag {
  const { ptr, indices, values, numRows } = features;
  const offsets = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    offsets[r + 1] = offsets[r]! + (row >= 0 && row < numRows ? ptr[row + 1]! - ptr[row]! : 0);
  }
  const ids = new Int32Array(offsets[rows.length]!);
  const weights = new Float32Array(ids.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (!(row >= 0 && row < numRows)) continue;
    ids.set(indices.subarray(ptr[row]!, ptr[row + 1]!), offsets[r]!);
    weights.set(values.subarray(ptr[row]!, ptr[row + 1]!), offsets[r]!);
  }
  return { offsets, ids, weights };
}

/**
 * `bag` with each entry zeroed (left out) with probability `rate`: DualNet's input-noise injection (§5.3, "setting a
 * fraction of input entries to zeros"), a denoising regulariser. The kept entries keep their weights (no rescaling, as
 * the paper describes it). `rate` 0 returns `bag` itself.
 *
 * @throws RangeError when `rate` is outside [0, 1).
 * @example
 * ```ts
 * const noisy = withInputNoise(histories, 0.2, random); // about a fifth of each history dropped
 * ```
 */
export function withInputNoise(bag: Bag, rate: number, random: Random): Bag {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`input noise must be in [0, 1), got ${rate}`);
  if (rate === 0) return bag;
  const n = bag.offsets.length - 1;
  const offsets = new Int32Array(n + 1);
  const ids = new Int32Array(bag.ids.length);
  const weights = new Float32Array(bag.ids.length);
  let at = 0;
  for (let b = 0; b < n; b++) {
    for (let k = bag.offsets[b]!; k < bag.offsets[b + 1]!; k++) {
      if (random.next() < rate) continue;
      ids[at] = bag.ids[k]!;
      weights[at++] = bag.weights ? bag.weights[k]! : 1;
    }
    offsets[b + 1] = at;
  }
  return { offsets, ids: ids.slice(0, at), weights: weights.slice(0, at) };
}
