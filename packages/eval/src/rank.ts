import { describeValue } from '@recsys/data';

/**
 * The ranking of one user's (or one test case's) relevant items among its candidates, built by streaming the
 * irrelevant candidates' scores past the relevant ones. Memory is O(R), whatever the number of candidates.
 *
 * The rule, with ties counted against the relevant item: sort the relevant scores descending, `s_0 ≥ s_1 ≥ …`; the
 * 0-based position of the j-th relevant item is `p_j = j + #(irrelevant candidates with score ≥ s_j)`. With one
 * relevant item, `p` is the number of negatives scoring at least as high as it. Relevant items tied with each other
 * take consecutive positions (the order among them does not matter: they are all relevant).
 *
 * Each irrelevant score costs one binary search over the sorted relevant scores (O(log R)): it counts against the
 * suffix of relevant items it ties or beats, recorded in a difference array and summed in {@link positions}.
 *
 * @example
 * ```ts
 * const ranking = new RelevantRanking(Float64Array.of(0.5));
 * ranking.addAll(Float32Array.of(0.9, 0.5, 0.5, 0.1)); // one above, two tied: all three count against it
 * ranking.positions(); // Int32Array [3]
 * ranking.candidates; // 5
 * ```
 */
export class RelevantRanking {
  /** The relevant scores, sorted descending. */
  readonly relevant: Float64Array;
  private readonly diff: Int32Array;
  private irrelevantCount = 0;

  /**
   * @param relevantScores - the scores of the relevant items (any order; copied). At least one, none NaN.
   * @throws RangeError if there is no relevant score or one is NaN.
   */
  constructor(relevantScores: ArrayLike<number>) {
    const n = relevantScores.length;
    if (n < 1) throw new RangeError('RelevantRanking: needs at least one relevant score');
    const sorted = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const s = relevantScores[j];
      if (Number.isNaN(s)) throw new RangeError(`RelevantRanking: relevant score ${j} is NaN`);
      sorted[j] = s;
    }
    sorted.sort().reverse();
    this.relevant = sorted;
    this.diff = new Int32Array(n);
  }

  /** Number of relevant items R. */
  get relevantCount(): number {
    return this.relevant.length;
  }

  /** Number of candidates so far: R plus the irrelevant scores added. */
  get candidates(): number {
    return this.relevant.length + this.irrelevantCount;
  }

  /**
   * Adds one irrelevant candidate's score.
   * @throws RangeError on NaN (it would count against nothing) or a non-number.
   */
  add(score: number): void {
    if (typeof score !== 'number' || Number.isNaN(score)) {
      throw new RangeError(`RelevantRanking.add: score must be a number, not NaN (got ${describeValue(score)})`);
    }
    const s = this.relevant;
    const n = s.length;
    this.irrelevantCount++;
    // First j with s_j ≤ score: this candidate counts against relevant items j, j+1, …, R−1.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= score) hi = mid;
      else lo = mid + 1;
    }
    if (lo < n) this.diff[lo]++;
  }

  /**
   * Adds the irrelevant scores `scores[start..end)`.
   * @throws RangeError unless start and end are integers with `0 ≤ start ≤ end ≤ scores.length`, or on a NaN score.
   */
  addAll(scores: ArrayLike<number>, start = 0, end = scores.length): void {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > scores.length) {
      throw new RangeError(
        `RelevantRanking.addAll: range [${describeValue(start)}, ${describeValue(end)}) is not an integer range ` +
          `within [0, ${scores.length}]`,
      );
    }
    const s = this.relevant;
    if (s.length === 1) {
      // The common case (leave-one-out): a comparison per candidate; the NaN test only runs on misses.
      const s0 = s[0];
      let count = 0;
      for (let k = start; k < end; k++) {
        const x = scores[k];
        if (x >= s0) count++;
        else if (!(x < s0)) throw new RangeError(`RelevantRanking.addAll: score ${k} is ${describeValue(x)}`);
      }
      this.diff[0] += count;
      this.irrelevantCount += end - start;
      return;
    }
    for (let k = start; k < end; k++) this.add(scores[k]);
  }

  /** The 0-based positions `p_j` of the relevant items, ascending (strictly): `j + #(irrelevant ≥ s_j)`. */
  positions(): Int32Array {
    const n = this.relevant.length;
    const out = new Int32Array(n);
    let above = 0;
    for (let j = 0; j < n; j++) {
      above += this.diff[j];
      out[j] = j + above;
    }
    return out;
  }
}

/**
 * The positions of the relevant items among all candidates, from two arrays of scores (ties against the relevant
 * items, see {@link RelevantRanking}).
 *
 * @example
 * ```ts
 * rankPositions(Float32Array.of(0.2, 0.8), Float32Array.of(0.9, 0.5, 0.2)); // Int32Array [1, 4]
 * ```
 */
export function rankPositions(relevantScores: ArrayLike<number>, irrelevantScores: ArrayLike<number>): Int32Array {
  const ranking = new RelevantRanking(relevantScores);
  for (let k = 0; k < irrelevantScores.length; k++) {
    if (Number.isNaN(irrelevantScores[k])) throw new RangeError(`rankPositions: irrelevant score ${k} is NaN`);
  }
  ranking.addAll(irrelevantScores);
  return ranking.positions();
}
