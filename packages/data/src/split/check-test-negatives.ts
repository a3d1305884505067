import { describeValue } from '../check-options.js';
import { Interactions } from '../interactions.js';
import { caseCount, checkNegativesShape, type TestNegatives } from '../test-negatives.js';

/** A kind of defect found by {@link checkTestNegatives}. */
export type NegativesDefect = 'positive-among-negatives' | 'duplicate' | 'interacted' | 'outside-log';

/** One defect found by {@link checkTestNegatives}. */
export interface NegativesDefectExample {
  /** Case number. */
  case: number;
  /** User index of the case. */
  user: number;
  /** What is wrong. */
  kind: NegativesDefect;
  /** The offending negative item. */
  item: number;
}

/** What {@link checkTestNegatives} found. */
export interface NegativesCheck {
  /** Number of cases checked. */
  cases: number;
  /** Cases whose held-out item appears among its own negatives. */
  positiveAmongNegatives: number;
  /** Repeated entries in total: a case listing one item three times adds 2. */
  duplicateNegatives: number;
  /** Cases with at least one repeated entry. */
  casesWithDuplicates: number;
  /** Negative entries the user has in the given log (0 without a log). */
  interactedNegatives: number;
  /**
   * Negative entries whose user or item is outside the given log's index space (0 without a log): the log cannot say
   * whether the user has them, so they are neither clean nor interacted. Items training never saw are normal in a
   * published file checked against its train log; users outside it mean the file belongs to another log.
   */
  outsideLog: number;
  /** The first 20 defects, in case order. */
  examples: NegativesDefectExample[];
}

const MAX_EXAMPLES = 20;

/**
 * Checks test negatives (sampled here or read from an NCF `.test.negative` file) for the defects that bias sampled
 * metrics: the held-out item among its own negatives, repeated negatives within a case, and, given a log, negatives the
 * user actually interacted with. Pass the training log to find negatives that are really positives; pass the full log
 * and a positive among the negatives is also counted as interacted.
 *
 * It reports and never throws on a defect; it throws only when the arrays are malformed, or name a user or item the
 * log cannot hold (such an index would otherwise look clean: the log has no rows for it).
 *
 * @throws TypeError or RangeError from {@link checkNegativesShape} on mismatched lengths or offsets out of order.
 * @throws RangeError naming the case or entry of a negative user or item index. Indices past the log's space are
 * counted in {@link NegativesCheck.outsideLog}, not thrown on.
 *
 * @example
 * ```ts
 * const check = checkTestNegatives(negatives, train);
 * if (check.positiveAmongNegatives + check.interactedNegatives > 0) console.warn(check.examples);
 * ```
 */
export function checkTestNegatives(negatives: TestNegatives, log?: Interactions): NegativesCheck {
  checkNegativesShape('checkTestNegatives', negatives);
  if (log !== undefined && !(log instanceof Interactions)) {
    throw new TypeError(`checkTestNegatives: log must be an Interactions, got ${describeValue(log)}`);
  }
  const { users, positives, offsets, items } = negatives;
  const cases = caseCount(negatives);
  // A negative index is malformed whatever the log; one past the log's space is counted below (has() would say
  // false for it, and it would pass as clean).
  for (let c = 0; c < cases; c++) {
    if (users[c] < 0) throw new RangeError(`checkTestNegatives: case ${c} has user index ${users[c]}`);
    if (positives[c] < 0) throw new RangeError(`checkTestNegatives: case ${c} has held-out item index ${positives[c]}`);
  }
  let maxItem = -1;
  for (let k = 0; k < items.length; k++) {
    const i = items[k];
    if (i < 0) throw new RangeError(`checkTestNegatives: entry ${k} has item index ${i}`);
    if (i > maxItem) maxItem = i;
  }
  const numUsers = log?.numUsers ?? 0;
  const numItems = log?.numItems ?? 0;

  const result: NegativesCheck = {
    cases,
    positiveAmongNegatives: 0,
    duplicateNegatives: 0,
    casesWithDuplicates: 0,
    interactedNegatives: 0,
    outsideLog: 0,
    examples: [],
  };
  const note = (c: number, kind: NegativesDefect, item: number): void => {
    if (result.examples.length < MAX_EXAMPLES) result.examples.push({ case: c, user: users[c], kind, item });
  };
  const seenIn = new Int32Array(maxItem + 1); // seenIn[i] === c + 1: item i already listed in case c
  for (let c = 0; c < cases; c++) {
    const start = offsets[c];
    const end = offsets[c + 1];
    const u = users[c];
    const positive = positives[c];
    let duplicates = 0;
    let hasPositive = false;
    for (let k = start; k < end; k++) {
      const i = items[k];
      if (i === positive && !hasPositive) {
        hasPositive = true;
        note(c, 'positive-among-negatives', i);
      }
      if (seenIn[i] === c + 1) {
        duplicates++;
        note(c, 'duplicate', i);
      } else {
        seenIn[i] = c + 1;
      }
      if (log && (u >= numUsers || i >= numItems)) {
        result.outsideLog++;
        note(c, 'outside-log', i);
      } else if (log?.has(u, i)) {
        result.interactedNegatives++;
        note(c, 'interacted', i);
      }
    }
    if (hasPositive) result.positiveAmongNegatives++;
    if (duplicates > 0) {
      result.duplicateNegatives += duplicates;
      result.casesWithDuplicates++;
    }
  }
  return result;
}
