import type { Interactions } from '@recsys/data';
import type { NegativeSampler } from '../samplers/negative-sampler.js';
import { pairwiseTriples } from '../samplers/pairwise-triples.js';
import { createSampler, type SamplerName } from '../samplers/create-sampler.js';
import type { BatchSource, EpochBatches, TripleBatch } from './batch.js';
import { checkBatchSize, checkEpochRows, cutIntoBatches } from './epoch-cut.js';

/** Options of {@link pairwiseBatches}. */
export interface PairwiseBatchOptions {
  /** Triples per batch. Default 256. */
  batchSize?: number;
  /** Sampled negatives per positive (one triple each), drawn anew every epoch. Default 1. */
  negatives?: number;
  /** Negative sampler. Default `'uniform'`. */
  sampler?: SamplerName | NegativeSampler;
  /** Exponent of the popularity sampler. Default 0.75. */
  popularityExponent?: number;
}

/**
 * Pairwise batches (BPR): each training row with `negatives` fresh negatives, one (user, positive, negative) triple
 * each, shuffled every epoch and cut into {@link TripleBatch}es of `batchSize` triples.
 *
 * @throws RangeError if an option is out of range (negatives such that negatives × rows exceeds 2³¹ − 1, a
 *   popularity exponent whose weights overflow).
 * @example
 * ```ts
 * await fitModel(model, pairwiseBatches(train, { negatives: 1 }), { epochs: 20 });
 * ```
 */
export function pairwiseBatches(train: Interactions, options: PairwiseBatchOptions = {}): BatchSource<TripleBatch> {
  const batchSize = checkBatchSize(options.batchSize ?? 256);
  const negatives = options.negatives ?? 1;
  if (!(Number.isInteger(negatives) && negatives >= 1)) {
    throw new RangeError(`negatives must be an integer ≥ 1 for a pairwise loss, got ${negatives}`);
  }
  if (train.size === 0) throw new Error('pairwiseBatches: the training log is empty');
  checkEpochRows('pairwiseBatches', negatives, negatives, train.size);
  const sampler = createSampler(train, options.sampler, { exponent: options.popularityExponent });
  return {
    epoch(random): EpochBatches<TripleBatch> {
      const triples = pairwiseTriples(train, sampler, negatives, random);
      return cutIntoBatches(triples.users.length, batchSize, 2, (from, to) => ({
        users: triples.users.subarray(from, to),
        positives: triples.positives.subarray(from, to),
        negatives: triples.negatives.subarray(from, to),
        size: 2 * (to - from),
      }));
    },
  };
}
