import type { Interactions, Random } from '@recsys/data';
import type { NegativeSampler } from './negative-sampler.js';
import { checkEpochRows } from '../batches/epoch-cut.js';
import { shuffleTogether } from './pointwise-epoch.js';

/** One epoch of (user, positive, negative) triples for pairwise losses such as BPR. */
export interface PairwiseTriples {
  users: Int32Array;
  positives: Int32Array;
  negatives: Int32Array;
}

/**
 * Builds and shuffles one epoch of triples: each training row with `perPositive` sampled negatives.
 *
 * @throws RangeError when perPositive is not an integer ≥ 1 or makes the epoch exceed 2³¹ − 1 triples.
 * @example
 * ```ts
 * const triples = pairwiseTriples(train, new UniformNegatives(train), 1, random);
 * ```
 */
export function pairwiseTriples(
  train: Interactions,
  sampler: NegativeSampler,
  perPositive: number,
  random: Random,
): PairwiseTriples {
  if (!(Number.isInteger(perPositive) && perPositive >= 1)) {
    throw new RangeError(`negatives per positive must be a positive integer, got ${perPositive}`);
  }
  checkEpochRows('pairwiseTriples', perPositive, perPositive, train.size);
  const n = train.size * perPositive;
  const users = new Int32Array(n);
  const positives = new Int32Array(n);
  const negatives = new Int32Array(n);
  let k = 0;
  for (let r = 0; r < train.size; r++) {
    for (let j = 0; j < perPositive; j++, k++) {
      users[k] = train.users[r];
      positives[k] = train.items[r];
      negatives[k] = sampler.sample(train.users[r], random);
    }
  }
  shuffleTogether(random, users, positives, negatives);
  return { users, positives, negatives };
}
