import type { Interactions } from '../interactions.js';
import { Random } from '../random.js';
import { splitByMark } from './split-by-mark.js';
import { checkLog, checkOpenUnit, checkRequiredOptions, checkSeed } from './validate.js';

/** Options of {@link holdout}. */
export interface HoldoutOptions {
  /** Fraction of each user's rows to hold out, with `0 < ratio < 1`. */
  ratio: number;
  /** Seed of the random choice; equal seeds give equal splits. */
  seed: number;
}

/** The parts of a {@link holdout} split; both share the log's id maps and index space. */
export interface HoldoutSplit {
  /** The rows kept for training, in file order. */
  train: Interactions;
  /** The held-out rows, in file order. */
  test: Interactions;
}

/**
 * Random per-user holdout (the DualNet protocol): for each user, `round(ratio × d)` of their `d` distinct items,
 * chosen uniformly at random, go to test with all their rows, and the rest to train. A user always keeps at least one
 * training item, so a user with a single item is all train.
 *
 * The choice is over (user, item) pairs, so with several rows per pair (behaviours, repeated plays) the rows of one
 * pair never land on both sides — a held-out pair seen in training would leak. Deterministic for a seed; runs in
 * O(rows).
 *
 * @throws TypeError when `log` is not an Interactions or the options are missing; RangeError on an unknown option key.
 * @throws RangeError when `ratio` is not strictly between 0 and 1, or `seed` is not an integer in [0, 2^32 − 1].
 * @example
 * ```ts
 * const { train, test } = holdout(log, { ratio: 0.2, seed: 1 });
 * train.size + test.size === log.size; // true
 * ```
 */
export function holdout(log: Interactions, options: HoldoutOptions): HoldoutSplit {
  checkLog('holdout', 'log', log);
  checkRequiredOptions('holdout', options, ['ratio', 'seed'], '{ ratio: 0.2, seed: 1 }');
  const { ratio, seed } = options;
  checkOpenUnit('holdout', 'ratio', ratio);
  checkSeed('holdout', seed);
  const random = new Random(seed);
  const inTest = new Uint8Array(log.size);
  let maxDegree = 0;
  for (let u = 0; u < log.numUsers; u++) maxDegree = Math.max(maxDegree, log.userDegree(u));
  // Per user, the start of each distinct item's run in its item-sorted CSR slice.
  const starts = new Int32Array(maxDegree + 1);
  const buffer = new Int32Array(maxDegree);
  let testCount = 0;
  for (let u = 0; u < log.numUsers; u++) {
    const items = log.itemsOf(u);
    const rows = log.rowsOfUser(u);
    let distinct = 0;
    for (let k = 0; k < items.length; k++) if (k === 0 || items[k] !== items[k - 1]) starts[distinct++] = k;
    starts[distinct] = items.length;
    const k = Math.min(Math.round(ratio * distinct), distinct - 1);
    if (k <= 0) continue;
    for (let g = 0; g < distinct; g++) buffer[g] = g;
    // Partial Fisher–Yates over the items: the first k slots become a uniform random k-subset.
    for (let j = 0; j < k; j++) {
      const t = j + random.int(distinct - j);
      const group = buffer[t];
      buffer[t] = buffer[j];
      buffer[j] = group;
      for (let s = starts[group]; s < starts[group + 1]; s++) inTest[rows[s]] = 1;
      testCount += starts[group + 1] - starts[group];
    }
  }
  return splitByMark(log, inTest, testCount);
}
