import { checkSameIdSpace } from '../same-id-space.js';
import type { Interactions } from '../interactions.js';
import { Random } from '../random.js';
import type { TestNegatives } from '../test-negatives.js';
import { describeValue } from '../check-options.js';
import { checkLog, checkRequiredOptions, checkSeed } from './validate.js';

/** Options of {@link sampleTestNegatives}. */
export interface SampleTestNegativesOptions {
  /** Negatives per test case, distinct within a case. Default 99 (the NCF protocol). */
  count?: number;
  /** Seed of the draws; equal seeds give equal negatives. */
  seed: number;
  /** More logs whose (user, item) pairs must never be drawn, e.g. a log of another behaviour. Same index space. */
  exclude?: readonly Interactions[];
}

/**
 * Samples the negatives of sampled leave-one-out evaluation: one case per row of `test`, in test row order, each with
 * `count` distinct items drawn uniformly from `[0, log.numItems)` among those the user never interacted with.
 *
 * `log` must be the full log (train + validation + test), so that no negative is an item the user has anywhere; the
 * user's rows in `test` and in every `exclude` log are excluded as well, so a test item is never its own negative.
 * Deterministic for a seed.
 *
 * Cost: O(user's rows) per user with test cases, plus O(count) expected draws per case by rejection. A user who has
 * interacted with more than about half the catalogue gets negatives by a partial shuffle of the items left instead
 * (O(numItems) once per such user), so dense users never make rejection sampling crawl.
 *
 * @throws RangeError when a user has fewer than `count` items available, naming the user's raw id and the number.
 * @throws TypeError when `log`, `test` or an `exclude` entry is not an Interactions or the options are missing;
 * RangeError on an unknown option key.
 * @throws RangeError when `seed` is not an integer in [0, 2^32 − 1], or `count` not a positive integer.
 * @throws Error naming both when `test` or an `exclude` log has another index space than `log`: other sizes, or
 * other id maps (not the same objects, and a raw id differing at some index of the shorter map).
 * @example
 * ```ts
 * const { train, test } = leaveOneOut(log);
 * const negatives = sampleTestNegatives(log, test, { count: 99, seed: 1 });
 * negativesOf(negatives, 0).length; // 99
 * ```
 */
export function sampleTestNegatives(
  log: Interactions,
  test: Interactions,
  options: SampleTestNegativesOptions,
): TestNegatives {
  checkLog('sampleTestNegatives', 'log', log);
  checkLog('sampleTestNegatives', 'test', test);
  checkRequiredOptions('sampleTestNegatives', options, ['count', 'seed', 'exclude'], '{ count: 99, seed: 1 }');
  const { count = 99, seed, exclude = [] } = options;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new RangeError(`sampleTestNegatives: option "count" must be a positive integer, got ${describeValue(count)}`);
  }
  if (!Array.isArray(exclude)) {
    throw new TypeError(
      `sampleTestNegatives: option "exclude" must be an array of logs, got ${describeValue(exclude)}`,
    );
  }
  exclude.forEach((other, k) => checkLog('sampleTestNegatives', `exclude[${k}]`, other));
  checkSeed('sampleTestNegatives', seed);
  const sources = [log, test, ...exclude];
  sources.forEach((source, k) => {
    if (source.numUsers !== log.numUsers || source.numItems !== log.numItems) {
      const name = k === 1 ? 'test' : `exclude[${k - 2}]`;
      throw new Error(
        `sampleTestNegatives: ${name} has ${source.numUsers} users × ${source.numItems} items, but log has ` +
          `${log.numUsers} × ${log.numItems}; build it in the log's index space (log.select or log.sameSpace())`,
      );
    }
  });

  // Equal sizes are not enough: a test log loaded with its own id maps numbers its users differently.
  sources.forEach((source, k) => {
    if (k === 0) return;
    const name = k === 1 ? 'test' : `exclude[${k - 2}]`;
    checkSameIdSpace('sampleTestNegatives', log, source, { reference: 'log', log: name });
  });

  const numItems = log.numItems;
  const cases = test.size;
  const offsets = new Int32Array(cases + 1);
  for (let c = 0; c <= cases; c++) offsets[c] = c * count;
  const items = new Int32Array(cases * count);
  const random = new Random(seed);
  // Stamp arrays instead of sets: excludedBy[i] === u + 1 marks user u's items, pickedBy[i] === c + 1 case c's draws.
  const excludedBy = new Int32Array(numItems);
  const pickedBy = new Int32Array(numItems);
  let complement: Int32Array | undefined;

  for (let u = 0; u < test.numUsers; u++) {
    const caseRows = test.rowsOfUser(u);
    if (caseRows.length === 0) continue;
    const stamp = u + 1;
    let excluded = 0;
    for (const source of sources) {
      const userItems = source.itemsOf(u);
      for (let k = 0; k < userItems.length; k++) {
        const i = userItems[k];
        if (excludedBy[i] !== stamp) {
          excludedBy[i] = stamp;
          excluded++;
        }
      }
    }
    const available = numItems - excluded;
    if (available < count) {
      throw new RangeError(
        `sampleTestNegatives: user "${log.userIds.raw(u)}" (index ${u}) has ${available} items available as ` +
          `negatives, fewer than count = ${count}`,
      );
    }

    if (excluded + count <= numItems / 2) {
      // Each draw is accepted with probability above 1/2.
      for (let k = 0; k < caseRows.length; k++) {
        const c = caseRows[k];
        const caseStamp = c + 1;
        const out = c * count;
        for (let j = 0; j < count;) {
          const i = random.int(numItems);
          if (excludedBy[i] === stamp || pickedBy[i] === caseStamp) continue;
          pickedBy[i] = caseStamp;
          items[out + j++] = i;
        }
      }
    } else {
      complement ??= new Int32Array(numItems);
      let n = 0;
      for (let i = 0; i < numItems; i++) if (excludedBy[i] !== stamp) complement[n++] = i;
      // A partial Fisher–Yates of any ordering of the available items gives a uniform subset, so later cases of the
      // same user can reuse the array as the previous case left it.
      for (let k = 0; k < caseRows.length; k++) {
        const out = caseRows[k] * count;
        for (let j = 0; j < count; j++) {
          const t = j + random.int(n - j);
          const i = complement[t];
          complement[t] = complement[j];
          complement[j] = i;
          items[out + j] = i;
        }
      }
    }
  }
  return { users: test.users.slice(), positives: test.items.slice(), offsets, items };
}
