/**
 * Test cases for sampled evaluation: for each case a user, the held-out (positive) item, and the negative items it is
 * ranked against. This is what an NCF `.test.negative` file holds, as flat typed arrays.
 *
 * The negatives of case `c` are `items.subarray(offsets[c], offsets[c + 1])`.
 */
export interface TestNegatives {
  /** User of each case. */
  users: Int32Array;
  /** Held-out item of each case. */
  positives: Int32Array;
  /** Offsets into {@link items}; length `cases + 1`. */
  offsets: Int32Array;
  /** Negative items of all cases, concatenated. */
  items: Int32Array;
}

/** Number of cases in `negatives`. */
export function caseCount(negatives: TestNegatives): number {
  return negatives.users.length;
}

/** The negative items of case `c` (a view). */
export function negativesOf(negatives: TestNegatives, c: number): Int32Array {
  return negatives.items.subarray(negatives.offsets[c], negatives.offsets[c + 1]);
}
