import type { Interactions, Random } from '@recsys/data';
import { ComplementCache } from './complement-cache.js';
import type { NegativeSampler } from './negative-sampler.js';

/**
 * Uniform negatives: an item drawn uniformly from those the user has no training interaction with (rejection against
 * the user's CSR row, O(1) expected; users who saw most of the catalogue draw from their complement). As in the NCF
 * code, negatives are re-drawn every epoch.
 *
 * @example
 * ```ts
 * const sampler = new UniformNegatives(train);
 * const item = sampler.sample(user, new Random(1));
 * ```
 */
export class UniformNegatives implements NegativeSampler {
  private readonly dense: ComplementCache;

  constructor(private readonly train: Interactions) {
    if (train.numItems < 2) throw new RangeError('negative sampling needs at least two items');
    this.dense = new ComplementCache(train);
  }

  sample(user: number, random: Random): number {
    if (this.dense.isDense(user)) {
      const items = this.dense.complement(user);
      return items[random.int(items.length)];
    }
    for (;;) {
      const item = random.int(this.train.numItems);
      if (!this.train.has(user, item)) return item;
    }
  }
}
