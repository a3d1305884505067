import type { Random } from '@recsys/data';

/** Draws negative items for a user: items the user has no training interaction with. */
export interface NegativeSampler {
  /** One negative item for `user`. */
  sample(user: number, random: Random): number;
}
