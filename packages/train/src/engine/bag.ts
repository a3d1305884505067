/**
 * A bag of table rows per example, in CSR form: example `b` is `Σ_k weights[k] · T[ids[k]]` over
 * `k ∈ [offsets[b], offsets[b + 1])` (weight 1 where `weights` is absent). It is DMF's first layer (a user's rating row
 * times W), DualNet's encoders' first layers (a history vector, a bag of words) and NSVD's average of a user's items.
 * An empty bag is a zero vector; ids outside the table (cold, or padding −1) add nothing and are not trained.
 */
export interface Bag {
  /** `examples + 1` non-decreasing offsets into `ids`, from 0 to `ids.length`. */
  offsets: Int32Array;
  /** Row ids, example after example. */
  ids: Int32Array;
  /** One weight per id (e.g. ratings, term frequencies, 1/|R(u)|). Default 1. */
  weights?: Float32Array;
}

/**
 * Checks a {@link Bag}'s structure and returns its number of examples.
 *
 * @throws naming what is wrong (offsets not starting at 0, decreasing, not ending at `ids.length`; weights of another
 *   length).
 * @example
 * ```ts
 * bagSize({ offsets: Int32Array.of(0, 2, 3), ids: Int32Array.of(4, 7, 1) }); // 2 examples: rows {4, 7} and {1}
 * ```
 */
export function bagSize(bag: Bag, what = 'bag'): number {
  const { offsets, ids, weights } = bag;
  const n = offsets.length - 1;
  if (n < 0 || offsets[0] !== 0) throw new Error(`${what}: offsets must start at 0 and hold examples + 1 values`);
  if (offsets[n] !== ids.length) {
    throw new Error(`${what}: the last offset is ${offsets[n]}, but there are ${ids.length} ids`);
  }
  for (let b = 0; b < n; b++) {
    if (offsets[b + 1]! < offsets[b]!) throw new Error(`${what}: offsets decrease at example ${b}`);
  }
  if (weights && weights.length !== ids.length) {
    throw new Error(`${what}: ${weights.length} weights for ${ids.length} ids`);
  }
  return n;
}
