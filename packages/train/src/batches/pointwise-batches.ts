import type { Interactions } from '@recsys/data';
import type { NegativeSampler } from '../samplers/negative-sampler.js';
import { pointwiseEpoch, type ExampleOrder } from '../samplers/pointwise-epoch.js';
import { createSampler, type SamplerName } from '../samplers/create-sampler.js';
import type { BatchSource, EpochBatches, PairBatch } from './batch.js';
import { checkBatchSize, checkEpochRows, cutIntoBatches } from './epoch-cut.js';

/** Options of {@link pointwiseBatches}. Defaults are the NCF paper's. */
export interface PointwiseBatchOptions {
  /** Pairs per batch (positives and negatives alike). Default 256. */
  batchSize?: number;
  /** Sampled negatives per positive, drawn anew every epoch. Default 4. */
  negatives?: number;
  /** Negative sampler. Default `'uniform'`. */
  sampler?: SamplerName | NegativeSampler;
  /** Exponent of the popularity sampler. Default 0.75. */
  popularityExponent?: number;
  /** Target of each training row (e.g. rating / max rating for DMF), `train.size` values. Default 1. */
  targets?: Float32Array;
  /** Examples shuffled one by one, or each positive kept with its negatives (see {@link ExampleOrder}). Default shuffled. */
  order?: ExampleOrder;
}

/**
 * Pointwise batches (the NCF scheme): every training row as a positive plus `negatives` fresh negatives each, shuffled
 * every epoch and cut into {@link PairBatch}es of `batchSize` pairs.
 *
 * @throws RangeError if an option is out of range (negatives such that (negatives + 1) × rows exceeds 2³¹ − 1, a
 *   popularity exponent whose weights overflow) or `targets` does not hold one value per training row.
 * @example
 * ```ts
 * const source = pointwiseBatches(train, { negatives: 4, batchSize: 256 });
 * await fitModel(model, source, { epochs: 20 });
 * ```
 */
export function pointwiseBatches(train: Interactions, options: PointwiseBatchOptions = {}): BatchSource<PairBatch> {
  const batchSize = checkBatchSize(options.batchSize ?? 256);
  const negatives = options.negatives ?? 4;
  if (!(Number.isInteger(negatives) && negatives >= 0)) {
    throw new RangeError(`negatives must be an integer ≥ 0, got ${negatives}`);
  }
  const targets = options.targets;
  if (negatives === 0 && !targets) {
    throw new RangeError(
      'negatives 0 with binary targets gives positives only (every target 1): the model would learn to score ' +
        'every pair 1. Draw negatives (≥ 1), or train on rating targets',
    );
  }
  if (targets && targets.length !== train.size) {
    throw new RangeError(`targets holds ${targets.length} values for ${train.size} training rows`);
  }
  if (train.size === 0) throw new Error('pointwiseBatches: the training log is empty');
  checkEpochRows('pointwiseBatches', negatives, negatives + 1, train.size);
  const sampler =
    negatives > 0 ? createSampler(train, options.sampler, { exponent: options.popularityExponent }) : undefined;
  return {
    epoch(random): EpochBatches<PairBatch> {
      const examples = pointwiseEpoch(train, sampler ?? noSampler, negatives, random, targets, options.order);
      return cutIntoBatches(examples.users.length, batchSize, 1, (from, to) => ({
        users: examples.users.subarray(from, to),
        items: examples.items.subarray(from, to),
        targets: examples.targets.subarray(from, to),
        size: to - from,
      }));
    },
  };
}

const noSampler: NegativeSampler = {
  sample() {
    throw new Error('no negatives were asked for');
  },
};
