import type { Interactions } from '../interactions.js';
import { caseCount, type TestNegatives } from '../test-negatives.js';

/** A kind of defect found by {@link checkTestNegatives}. */
export type NegativesDefect = 'positive-among-negatives' | 'duplicate' | 'interacted';

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
 * It reports and never throws on a defect; it throws only when the arrays are malformed (mismatched lengths, offsets
 * out of order, negative item indices).
 *
 * @example
 * ```ts
 * const check = checkTestNegatives(negatives, train);
 * if (check.positiveAmongNegatives + check.interactedNegatives > 0) console.warn(check.examples);
 * ```
 */
export function checkTestNegatives(negatives: TestNegatives, log?: Interactions): NegativesCheck {
  const { users, positives, offsets, items } = negatives;
  const cases = caseCount(negatives);
  if (positives.length !== cases || offsets.length !== cases + 1) {
    throw new Error(
      `checkTestNegatives: ${cases} users, ${positives.length} positives and ${offsets.length} offsets; ` +
        `expected equal users and positives and one more offset`,
    );
  }
  let maxItem = -1;
  for (let k = 0; k < items.length; k++) {
    const i = items[k];
    if (i < 0) throw new RangeError(`checkTestNegatives: entry ${k} has item index ${i}`);
    if (i > maxItem) maxItem = i;
  }
  if (offsets[0] !== 0 || offsets[cases] !== items.length) {
    throw new Error(
      `checkTestNegatives: offsets must run from 0 to ${items.length}, got ${offsets[0]}..${offsets[cases]}`,
    );
  }

  const result: NegativesCheck = {
    cases,
    positiveAmongNegatives: 0,
    duplicateNegatives: 0,
    casesWithDuplicates: 0,
    interactedNegatives: 0,
    examples: [],
  };
  const note = (c: number, kind: NegativesDefect, item: number): void => {
    if (result.examples.length < MAX_EXAMPLES) result.examples.push({ case: c, user: users[c], kind, item });
  };
  const seenIn = new Int32Array(maxItem + 1); // seenIn[i] === c + 1: item i already listed in case c
  for (let c = 0; c < cases; c++) {
    const start = offsets[c];
    const end = offsets[c + 1];
    if (end < start) throw new Error(`checkTestNegatives: offsets decrease at case ${c} (${start} → ${end})`);
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
      if (log?.has(u, i)) {
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
