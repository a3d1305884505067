import type { Interactions } from '../interactions.js';
import { Random } from '../random.js';
import { splitByMark } from './split-by-mark.js';
import { checkLog, checkOpenUnit, checkRequiredOptions, checkSeed } from './validate.js';

/** Options of {@link coldStartItems}. */
export interface ColdStartItemsOptions {
  /** Fraction of the items with rows to hold out entirely, with `0 < fraction < 1`. */
  fraction: number;
  /** Seed of the random choice; equal seeds give equal splits. */
  seed: number;
}

/** The parts of a {@link coldStartItems} split; train and test share the log's id maps and index space. */
export interface ColdStartItemsSplit {
  /** The rows of the other items, in file order. */
  train: Interactions;
  /** Every row of the cold items, in file order. */
  test: Interactions;
  /** The held-out items, ascending. */
  coldItems: Int32Array;
}

/**
 * Item cold-start split (DualNet's out-of-matrix protocol): a random `fraction` of the items that have rows is held out
 * entirely. Every row of a cold item goes to test, so a model never sees these items in training and must score them
 * from content.
 *
 * The number of cold items is `round(fraction × items with rows)`, kept between 1 and (items with rows − 1) when there
 * are at least two such items, so neither side is empty. Deterministic for a seed.
 *
 * @throws TypeError when `log` is not an Interactions or the options are missing; RangeError on an unknown option key.
 * @throws RangeError when `fraction` is not strictly between 0 and 1, or `seed` is not an integer in [0, 2^32 − 1].
 * @example
 * ```ts
 * const { train, test, coldItems } = coldStartItems(log, { fraction: 0.2, seed: 1 });
 * coldItems.every((i) => train.itemDegree(i) === 0); // true
 * ```
 */
export function coldStartItems(log: Interactions, options: ColdStartItemsOptions): ColdStartItemsSplit {
  checkLog('coldStartItems', 'log', log);
  checkRequiredOptions('coldStartItems', options, ['fraction', 'seed'], '{ fraction: 0.2, seed: 1 }');
  const { fraction, seed } = options;
  checkOpenUnit('coldStartItems', 'fraction', fraction);
  checkSeed('coldStartItems', seed);
  const active: number[] = [];
  for (let i = 0; i < log.numItems; i++) if (log.itemDegree(i) > 0) active.push(i);
  const n = active.length;
  const k = n < 2 ? 0 : Math.min(Math.max(Math.round(fraction * n), 1), n - 1);
  const random = new Random(seed);
  for (let j = 0; j < k; j++) {
    const t = j + random.int(n - j);
    const item = active[t];
    active[t] = active[j];
    active[j] = item;
  }
  const coldItems = Int32Array.from(active.slice(0, k)).sort();
  const inTest = new Uint8Array(log.size);
  let testCount = 0;
  for (const item of coldItems) {
    const rows = log.rowsOfItem(item);
    for (let j = 0; j < rows.length; j++) inTest[rows[j]] = 1;
    testCount += rows.length;
  }
  return { ...splitByMark(log, inTest, testCount), coldItems };
}
