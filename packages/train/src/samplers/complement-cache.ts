import type { Interactions } from '@recsys/data';

/**
 * Rejection sampling is O(1) expected per draw unless a user has interacted with most of the catalogue; for such users
 * the sampler draws from the user's complement instead, built once on first use.
 */
export class ComplementCache {
  private readonly cache = new Map<number, Int32Array>();

  constructor(private readonly train: Interactions) {}

  /** Whether rejection sampling would be slow for `user` (more than half the catalogue seen). */
  isDense(user: number): boolean {
    return user < this.train.numUsers && this.train.userDegree(user) * 2 > this.train.numItems;
  }

  /** The items `user` has no training row for, ascending. */
  complement(user: number): Int32Array {
    let items = this.cache.get(user);
    if (!items) {
      const seen = this.train.itemsOf(user);
      items = new Int32Array(this.train.numItems - countDistinct(seen));
      let next = 0;
      let k = 0;
      for (let i = 0; i < this.train.numItems; i++) {
        while (next < seen.length && seen[next] < i) next++;
        if (next < seen.length && seen[next] === i) continue;
        items[k++] = i;
      }
      if (items.length === 0) {
        throw new RangeError(`user ${this.train.userIds.raw(user)} has interacted with every item: no negatives exist`);
      }
      this.cache.set(user, items);
    }
    return items;
  }
}

function countDistinct(sorted: Int32Array): number {
  let count = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) count++;
  return count;
}
