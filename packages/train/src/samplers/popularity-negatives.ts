import { AliasTable, type Interactions, type Random } from '@recsys/data';
import { ComplementCache } from './complement-cache.js';
import type { NegativeSampler } from './negative-sampler.js';

/**
 * Popularity-biased negatives: item i is drawn with probability ∝ (count_i + 1)^exponent among those the user has not
 * interacted with (exponent 0 is uniform; word2vec uses 0.75). O(1) per draw with an alias table and rejection.
 *
 * @example
 * ```ts
 * const sampler = new PopularityNegatives(train, { exponent: 0.75 });
 * const item = sampler.sample(user, random);
 * ```
 */
export class PopularityNegatives implements NegativeSampler {
  private readonly table: AliasTable;
  private readonly weights: Float64Array;
  private readonly dense: ComplementCache;

  /**
   * @param train - the training log whose items are drawn.
   * @param options - `exponent` (default 1; ≥ 0).
   * @throws RangeError when the exponent is negative or not finite, or so large that the weights overflow.
   */
  constructor(
    private readonly train: Interactions,
    options: { exponent?: number } = {},
  ) {
    const exponent = options.exponent ?? 1;
    if (!(exponent >= 0) || !Number.isFinite(exponent)) throw new RangeError(`exponent must be ≥ 0, got ${exponent}`);
    this.weights = new Float64Array(train.numItems);
    // +1 smoothing so items without training rows (cold or test-only) can still be drawn.
    let total = 0;
    for (let i = 0; i < train.numItems; i++) {
      const w = (train.itemDegree(i) + 1) ** exponent;
      this.weights[i] = w;
      total += w;
      // A huge exponent overflows: say so in its terms rather than the alias table's ("weight 0 is Infinity").
      if (!Number.isFinite(total)) {
        throw new RangeError(
          `PopularityNegatives: popularity exponent ${exponent} overflows the weights ((rows + 1)^exponent: ` +
            `item ${i} with ${train.itemDegree(i)} rows gives ${w}, their sum ${total}); use a smaller exponent`,
        );
      }
    }
    this.table = new AliasTable(this.weights);
    this.dense = new ComplementCache(train);
  }

  sample(user: number, random: Random): number {
    if (this.dense.isDense(user)) {
      // Few candidates: draw from the complement by weight, with a linear scan (rare).
      const items = this.dense.complement(user);
      let total = 0;
      for (const i of items) total += this.weights[i];
      let r = random.next() * total;
      for (const i of items) if ((r -= this.weights[i]) < 0) return i;
      return items[items.length - 1];
    }
    for (;;) {
      const item = this.table.sample(random);
      if (!this.train.has(user, item)) return item;
    }
  }
}
