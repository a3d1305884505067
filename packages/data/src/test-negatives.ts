import { describeValue } from './check-options.js';

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

/** Number of cases in `negatives` (the length of `users`; {@link checkNegativesShape} checks the rest agrees). */
export function caseCount(negatives: TestNegatives): number {
  return negatives.users.length;
}

/**
 * The negative items of case `c` (a view).
 * @throws RangeError naming `c` when it is not an integer in [0, cases) (or `offsets` is too short for it):
 * `offsets[c]` would be undefined and the view every negative of every case.
 */
export function negativesOf(negatives: TestNegatives, c: number): Int32Array {
  const { offsets } = negatives;
  if (!(c >= 0 && c < negatives.users.length && c + 1 < offsets.length) || c !== (c | 0)) {
    throw new RangeError(
      `negativesOf: case ${describeValue(c)} is not an integer in [0, ${negatives.users.length})` +
        (negatives.users.length + 1 === offsets.length ? '' : ` (and offsets has ${offsets.length} entries)`),
    );
  }
  return negatives.items.subarray(offsets[c], offsets[c + 1]);
}

/**
 * Checks that `negatives` is well formed: four Int32Arrays, as many positives as users, one more offset than cases,
 * offsets running from 0 to `items.length` without decreasing. Malformed arrays would otherwise give NaN counts, or
 * lines like `(1,undefined)` in a written file.
 *
 * @param where - the calling function, for the message.
 * @param negatives - the cases to check.
 * @throws TypeError when it is not such an object; RangeError naming the lengths, or the case where offsets go wrong.
 * @example
 * ```ts
 * checkNegativesShape('myProtocol', negatives); // before reading negatives.offsets[c + 1] for every case
 * ```
 */
export function checkNegativesShape(where: string, negatives: TestNegatives): void {
  if (negatives === null || typeof negatives !== 'object') {
    throw new TypeError(
      `${where}: negatives must be { users, positives, offsets, items }, got ${describeValue(negatives)}`,
    );
  }
  for (const key of ['users', 'positives', 'offsets', 'items'] as const) {
    if (!(negatives[key] instanceof Int32Array)) {
      throw new TypeError(`${where}: negatives.${key} must be an Int32Array, got ${describeValue(negatives[key])}`);
    }
  }
  const { users, positives, offsets, items } = negatives;
  const cases = users.length;
  if (positives.length !== cases || offsets.length !== cases + 1) {
    throw new RangeError(
      `${where}: negatives has ${cases} users, ${positives.length} positives and ${offsets.length} offsets; ` +
        'expected as many positives as users and one more offset',
    );
  }
  if (offsets[0] !== 0 || offsets[cases] !== items.length) {
    throw new RangeError(
      `${where}: negatives.offsets must run from 0 to items.length = ${items.length}, got ${offsets[0]}..${offsets[cases]}`,
    );
  }
  for (let c = 0; c < cases; c++) {
    if (offsets[c + 1] < offsets[c]) {
      throw new RangeError(`${where}: negatives.offsets decrease at case ${c} (${offsets[c]} → ${offsets[c + 1]})`);
    }
  }
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
 * @throws TypeError or RangeError from {@link checkNegativesShape} when `negatives` is malformed.
 * @example
 * ```ts
 * const counts = negativesPerCase(negatives);
 * if (counts.differing > 0) console.warn(`${counts.differing} cases do not list ${counts.common} negatives`);
 * ```
 */
export function negativesPerCase(negatives: TestNegatives): NegativesPerCase {
  checkNegativesShape('negativesPerCase', negatives);
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

/**
 * The cases of `negatives` for which `keep(c)` holds, in their order, each with its own negatives: a subset of a test
 * that ranks every kept case against exactly the candidates it had in the whole (a warm-only figure beside the figure
 * over all cases, say).
 *
 * Time O(cases + kept negatives).
 *
 * @throws TypeError or RangeError from {@link checkNegativesShape} when `negatives` is malformed.
 * @example
 * ```ts
 * const warm = selectCases(negatives, (c) => train.itemDegree(negatives.positives[c]) > 0);
 * ```
 */
export function selectCases(negatives: TestNegatives, keep: (c: number) => boolean): TestNegatives {
  checkNegativesShape('selectCases', negatives);
  const cases = caseCount(negatives);
  const chosen: number[] = [];
  let total = 0;
  for (let c = 0; c < cases; c++) {
    if (!keep(c)) continue;
    chosen.push(c);
    total += negatives.offsets[c + 1]! - negatives.offsets[c]!;
  }
  const users = new Int32Array(chosen.length);
  const positives = new Int32Array(chosen.length);
  const offsets = new Int32Array(chosen.length + 1);
  const items = new Int32Array(total);
  chosen.forEach((c, j) => {
    users[j] = negatives.users[c]!;
    positives[j] = negatives.positives[c]!;
    const own = negativesOf(negatives, c);
    items.set(own, offsets[j]!);
    offsets[j + 1] = offsets[j]! + own.length;
  });
  return { users, positives, offsets, items };
}
