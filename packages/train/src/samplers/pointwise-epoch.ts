import { describeValue, type Interactions, type Random } from '@recsys/data';
import { checkEpochRows } from '../batches/epoch-cut.js';
import type { NegativeSampler } from './negative-sampler.js';

/** One epoch of pointwise examples: every training row as a positive plus `negatives` sampled negatives each. */
export interface PointwiseExamples {
  users: Int32Array;
  items: Int32Array;
  /** 1 for positives (or the given positive target), 0 for negatives. */
  targets: Float32Array;
}

/**
 * How an epoch's pointwise examples are ordered: `'shuffled'` (every example on its own) or `'grouped'` (each positive
 * followed by its negatives, the groups shuffled: a batch then repeats each of its users `negatives + 1` times, which
 * a model that encodes users from their histories computes once).
 */
export type ExampleOrder = 'shuffled' | 'grouped';

/** Every {@link ExampleOrder}. */
export const EXAMPLE_ORDERS: readonly ExampleOrder[] = ['shuffled', 'grouped'];

/**
 * Builds and orders one epoch of pointwise examples (the NCF scheme: `negatives` fresh negatives per positive,
 * re-drawn every epoch), shuffled example by example or group by group (see {@link ExampleOrder}).
 *
 * @param positiveTargets - target of each training row (e.g. rating / max rating for DMF), `train.size` values;
 *   default 1.
 * @throws RangeError when negatives is not an integer ≥ 0 or makes the epoch exceed 2³¹ − 1 examples, or when
 *   positiveTargets does not hold one value per training row.
 * @example
 * ```ts
 * const epoch = pointwiseEpoch(train, new UniformNegatives(train), 4, random);
 * ```
 */
export function pointwiseEpoch(
  train: Interactions,
  sampler: NegativeSampler,
  negatives: number,
  random: Random,
  positiveTargets?: Float32Array,
  order: ExampleOrder = 'shuffled',
): PointwiseExamples {
  if (!EXAMPLE_ORDERS.includes(order)) {
    throw new RangeError(`order must be 'shuffled' or 'grouped', got ${describeValue(order)}`);
  }
  if (!(Number.isInteger(negatives) && negatives >= 0)) {
    throw new RangeError(`negatives must be a non-negative integer, got ${negatives}`);
  }
  const per = 1 + negatives;
  checkEpochRows('pointwiseEpoch', negatives, per, train.size);
  if (positiveTargets !== undefined && positiveTargets.length !== train.size) {
    throw new RangeError(
      `pointwiseEpoch: positiveTargets holds ${positiveTargets.length} values for ${train.size} training rows`,
    );
  }
  const n = train.size * per;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const targets = new Float32Array(n);
  let k = 0;
  const rows = order === 'grouped' ? random.shuffle(Int32Array.from({ length: train.size }, (_, r) => r)) : null;
  for (let q = 0; q < train.size; q++) {
    const r = rows ? rows[q] : q;
    const u = train.users[r];
    users[k] = u;
    items[k] = train.items[r];
    targets[k++] = positiveTargets ? positiveTargets[r] : 1;
    for (let j = 0; j < negatives; j++) {
      users[k] = u;
      items[k++] = sampler.sample(u, random);
    }
  }
  if (!rows) shuffleTogether(random, users, items, targets);
  return { users, items, targets };
}

/**
 * Shuffles parallel arrays with one permutation (Fisher–Yates).
 * @throws RangeError when the arrays differ in length (they would leave step), or none is given.
 */
export function shuffleTogether(random: Random, ...arrays: (Int32Array | Float32Array)[]): void {
  if (arrays.length === 0) throw new RangeError('shuffleTogether: no arrays to shuffle');
  const n = arrays[0].length;
  for (let a = 1; a < arrays.length; a++) {
    if (arrays[a].length !== n) {
      throw new RangeError(
        `shuffleTogether: array ${a} has length ${describeValue(arrays[a].length)}, array 0 has ${n}; ` +
          'parallel arrays must be equally long',
      );
    }
  }
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    for (const a of arrays) {
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
