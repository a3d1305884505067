import type { Interactions } from '../interactions.js';
import { Random } from '../random.js';
import { splitByMark } from './split-by-mark.js';
import { checkOpenUnit, checkSeed } from './validate.js';

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
 * Random per-user holdout (the DualNet protocol): for each user, `round(ratio × degree)` of their rows, chosen
 * uniformly at random, go to test and the rest to train. A user always keeps at least one training row, so a user
 * with a single row is all train.
 *
 * The choice is over rows: with several rows per (user, item) (e.g. behaviours), rows of one item may land on both
 * sides. Deterministic for a seed; runs in O(rows).
 *
 * @throws RangeError when `ratio` is not strictly between 0 and 1, or `seed` is not an integer.
 * @example
 * ```ts
 * const { train, test } = holdout(log, { ratio: 0.2, seed: 1 });
 * train.size + test.size === log.size; // true
 * ```
 */
export function holdout(log: Interactions, options: HoldoutOptions): HoldoutSplit {
  const { ratio, seed } = options;
  checkOpenUnit('holdout', 'ratio', ratio);
  checkSeed('holdout', seed);
  const random = new Random(seed);
  const inTest = new Uint8Array(log.size);
  let maxDegree = 0;
  for (let u = 0; u < log.numUsers; u++) maxDegree = Math.max(maxDegree, log.userDegree(u));
  const buffer = new Int32Array(maxDegree);
  let testCount = 0;
  for (let u = 0; u < log.numUsers; u++) {
    const rows = log.rowsOfUser(u);
    const degree = rows.length;
    const k = Math.min(Math.round(ratio * degree), degree - 1);
    if (k <= 0) continue;
    buffer.set(rows);
    // Partial Fisher–Yates: the first k slots become a uniform random k-subset.
    for (let j = 0; j < k; j++) {
      const t = j + random.int(degree - j);
      const row = buffer[t];
      buffer[t] = buffer[j];
      buffer[j] = row;
      inTest[row] = 1;
    }
    testCount += k;
  }
  return splitByMark(log, inTest, testCount);
}
