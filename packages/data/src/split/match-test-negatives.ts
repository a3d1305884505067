import { describeValue, refuseUnknownOptions } from '../check-options.js';
import type { Interactions } from '../interactions.js';
import { caseCount, type TestNegatives } from '../test-negatives.js';

/** How test negatives and the held-out interactions they belong to agree; see {@link matchTestNegatives}. */
export interface NegativesMatch {
  /** Cases in the negatives. */
  cases: number;
  /** Distinct (user, item) pairs in the held-out log. */
  heldOutPairs: number;
  /** Cases whose (user, item) head is not a held-out pair. */
  casesNotHeldOut: number;
  /** Held-out pairs no case is headed by. */
  heldOutWithoutCase: number;
  /** Cases whose head repeats an earlier case's head. */
  repeatedCases: number;
  /** Up to 5 examples of each disagreement, as `(user,item)` index pairs. */
  examples: { notHeldOut: [number, number][]; withoutCase: [number, number][]; repeated: [number, number][] };
}

const MAX_EXAMPLES = 5;

/**
 * Compares the `(user, item)` heads of test negatives with the held-out interactions they claim to rank: every case
 * should be headed by a held-out pair, every held-out pair should head exactly one case. A negatives file from another
 * split, or a test file from another run, gives the same metrics whatever the test file says unless this is checked.
 *
 * Both must be in one index space (e.g. loaded with the same id maps). Runs in O(cases + held-out rows).
 *
 * @example
 * ```ts
 * const match = matchTestNegatives(negatives, test);
 * if (match.casesNotHeldOut + match.heldOutWithoutCase > 0) console.warn(match.examples);
 * ```
 */
export function matchTestNegatives(negatives: TestNegatives, heldOut: Interactions): NegativesMatch {
  const cases = caseCount(negatives);
  const match: NegativesMatch = {
    cases,
    heldOutPairs: 0,
    casesNotHeldOut: 0,
    heldOutWithoutCase: 0,
    repeatedCases: 0,
    examples: { notHeldOut: [], withoutCase: [], repeated: [] },
  };
  const note = (list: [number, number][], user: number, item: number): void => {
    if (list.length < MAX_EXAMPLES) list.push([user, item]);
  };
  let span = heldOut.numItems;
  for (let c = 0; c < cases; c++) span = Math.max(span, negatives.positives[c] + 1);
  const key = (user: number, item: number): number => user * span + item;
  const pairs = new Set<number>();
  for (let r = 0; r < heldOut.size; r++) pairs.add(key(heldOut.users[r], heldOut.items[r]));
  match.heldOutPairs = pairs.size;
  const headed = new Set<number>();
  for (let c = 0; c < cases; c++) {
    const user = negatives.users[c];
    const item = negatives.positives[c];
    const k = key(user, item);
    if (!pairs.has(k)) {
      match.casesNotHeldOut++;
      note(match.examples.notHeldOut, user, item);
    } else if (headed.has(k)) {
      match.repeatedCases++;
      note(match.examples.repeated, user, item);
    } else {
      headed.add(k);
    }
  }
  for (let r = 0; r < heldOut.size && headed.size < pairs.size; r++) {
    const k = key(heldOut.users[r], heldOut.items[r]);
    if (headed.has(k)) continue;
    headed.add(k); // counted once, however often the log lists it
    match.heldOutWithoutCase++;
    note(match.examples.withoutCase, heldOut.users[r], heldOut.items[r]);
  }
  return match;
}

/**
 * Throws unless test negatives and their held-out interactions agree exactly (see {@link matchTestNegatives}): the
 * message names both sources, counts each disagreement and shows examples in raw ids.
 *
 * @param negatives - the cases.
 * @param heldOut - the held-out log, in the negatives' index space.
 * @param names - how to name the two in the message, e.g. file paths.
 * @throws TypeError when `names` is missing or not two strings.
 * @throws Error when a case is not headed by a held-out pair, a pair heads two cases, or a pair heads none.
 * @example
 * ```ts
 * assertNegativesMatch(negatives, test, { negatives: 'test.negative', heldOut: 'test.rating' });
 * ```
 */
export function assertNegativesMatch(
  negatives: TestNegatives,
  heldOut: Interactions,
  names: { negatives: string; heldOut: string },
): NegativesMatch {
  if (
    names === null ||
    typeof names !== 'object' ||
    typeof names.negatives !== 'string' ||
    typeof names.heldOut !== 'string'
  ) {
    throw new TypeError(
      `assertNegativesMatch: pass the names of the two sources for the message, e.g. ` +
        `{ negatives: 'test.negative', heldOut: 'test.rating' }, got ${describeValue(names)}`,
    );
  }
  refuseUnknownOptions('assertNegativesMatch', names, ['negatives', 'heldOut']);
  const match = matchTestNegatives(negatives, heldOut);
  const name = (ids: Interactions['userIds'], index: number): string =>
    index >= 0 && index < ids.size ? ids.raw(index) : `#${index}`;
  const raw = ([u, i]: [number, number]): string => `(${name(heldOut.userIds, u)},${name(heldOut.itemIds, i)})`;
  const problems: string[] = [];
  if (match.casesNotHeldOut > 0) {
    problems.push(
      `${match.casesNotHeldOut} of its ${match.cases} cases are not pairs of ${names.heldOut} ` +
        `(e.g. ${match.examples.notHeldOut.map(raw).join(', ')})`,
    );
  }
  if (match.repeatedCases > 0) {
    problems.push(`${match.repeatedCases} cases repeat a pair (e.g. ${match.examples.repeated.map(raw).join(', ')})`);
  }
  if (match.heldOutWithoutCase > 0) {
    problems.push(
      `${match.heldOutWithoutCase} of the ${match.heldOutPairs} pairs of ${names.heldOut} have no case ` +
        `(e.g. ${match.examples.withoutCase.map(raw).join(', ')})`,
    );
  }
  if (problems.length > 0) {
    throw new Error(
      `${names.negatives} does not belong to ${names.heldOut}: ${problems.join('; ')}. ` +
        'Pass the negatives written with this held-out file (recsys split writes them side by side).',
    );
  }
  return match;
}
