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

/** How many negatives the cases of a {@link TestNegatives} list; see {@link negativesPerCase}. */
export interface NegativesPerCase {
  /** Fewest negatives of any case (0 when there are no cases). */
  min: number;
  /** Most negatives of any case. */
  max: number;
  /** The most common count (the larger one on a tie). */
  common: number;
  /** Cases whose count differs from {@link common}. */
  differing: number;
  /** Cases with no negatives at all. */
  empty: number;
  /** The first case whose count differs from {@link common}, or -1. */
  firstDiffering: number;
}

/**
 * Counts the negatives of each case. Sampled metrics are comparable only over equal candidate sets, so a file whose
 * cases list different numbers (cut lines, a merged file) should be refused or reported, never averaged silently.
 *
 * @example
 * ```ts
 * const counts = negativesPerCase(negatives);
 * if (counts.differing > 0) console.warn(`${counts.differing} cases do not list ${counts.common} negatives`);
 * ```
 */
export function negativesPerCase(negatives: TestNegatives): NegativesPerCase {
  const { offsets } = negatives;
  const cases = caseCount(negatives);
  const frequency = new Map<number, number>();
  let min = cases > 0 ? Infinity : 0;
  let max = 0;
  let empty = 0;
  for (let c = 0; c < cases; c++) {
    const n = offsets[c + 1] - offsets[c];
    frequency.set(n, (frequency.get(n) ?? 0) + 1);
    min = Math.min(min, n);
    max = Math.max(max, n);
    if (n === 0) empty++;
  }
  let common = 0;
  let best = 0;
  for (const [n, times] of frequency) if (times > best || (times === best && n > common)) [common, best] = [n, times];
  let firstDiffering = -1;
  for (let c = 0; c < cases && firstDiffering < 0; c++) if (offsets[c + 1] - offsets[c] !== common) firstDiffering = c;
  return { min, max, common, differing: cases - best, empty, firstDiffering };
}
