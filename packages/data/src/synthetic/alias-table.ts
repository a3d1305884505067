import type { Random } from '../random.js';

/**
 * Walker's alias method (Vose's construction): after O(n) setup, draws an index in O(1) with probability proportional
 * to its weight. Used for popularity-proportional proposals; a training sampler can use it for popularity negatives.
 *
 * @example
 * ```ts
 * const table = new AliasTable([1, 2, 7]);
 * const random = new Random(1);
 * table.sample(random); // 2 with probability 0.7
 * ```
 */
export class AliasTable {
  /** Number of outcomes. */
  readonly size: number;
  private readonly threshold: Float64Array;
  private readonly alias: Int32Array;

  /**
   * @param weights - non-negative, finite, not all zero.
   * @throws RangeError on an empty list, a negative or non-finite weight, or all-zero weights.
   */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError('AliasTable: weights must not be empty');
    let total = 0;
    for (let k = 0; k < n; k++) {
      const w = weights[k];
      if (!(w >= 0 && Number.isFinite(w)))
        throw new RangeError(`AliasTable: weight ${k} is ${w}; need finite and >= 0`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError('AliasTable: weights are all zero');
    this.size = n;
    this.threshold = new Float64Array(n);
    this.alias = new Int32Array(n);
    fillAlias(weights, total, this.threshold, this.alias, 0);
  }

  /** Draws an index with probability proportional to its weight. */
  sample(random: Random): number {
    // One uniform serves twice: its integer part picks the column, its fraction the side.
    const x = random.next() * this.size;
    const k = Math.floor(x);
    return x - k < this.threshold[k] ? k : this.alias[k];
  }
}

/**
 * Fills `threshold[offset..offset+n)` and `alias[offset..offset+n)` with the alias table of `weights` (n entries,
 * summing to `total` > 0); alias entries are absolute positions (offset included), so many tables can share arrays.
 * @internal
 */
export function fillAlias(
  weights: ArrayLike<number>,
  total: number,
  threshold: Float64Array,
  alias: Int32Array,
  offset: number,
): void {
  const n = weights.length;
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let k = 0; k < n; k++) {
    scaled[k] = (weights[k] * n) / total;
    if (scaled[k] < 1) small[ns++] = k;
    else large[nl++] = k;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    threshold[offset + s] = scaled[s];
    alias[offset + s] = offset + l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  // What is left has weight 1 up to rounding.
  while (nl > 0) threshold[offset + large[--nl]] = 1;
  while (ns > 0) threshold[offset + small[--ns]] = 1;
}
