import type { Interactions } from '@recsys/data';
import type { Recommender } from '@recsys/models';

/**
 * Catalogue coverage at each K: the share of the model's items that appear in the top K (training items left out) of
 * at least one user of `test`. A model that recommends the same few hits to everyone covers little, however accurate.
 *
 * Cost: one `recommend` per distinct test user (the whole catalogue scored once per user).
 *
 * @example
 * ```ts
 * await catalogueCoverage(model, test, [10, 20]); // e.g. [0.31, 0.42]
 * ```
 */
export async function catalogueCoverage(
  model: Recommender,
  test: Interactions,
  ks: readonly number[],
): Promise<number[]> {
  const maxK = Math.max(...ks);
  const firstRank = new Int32Array(model.numItems).fill(-1); // best rank at which each item was recommended
  for (let u = 0; u < test.numUsers; u++) {
    if (test.userDegree(u) === 0) continue;
    const top = await model.recommend(u, maxK);
    top.forEach(({ item }, rank) => {
      if (firstRank[item] === -1 || rank < firstRank[item]!) firstRank[item] = rank;
    });
  }
  return ks.map((k) => {
    let covered = 0;
    for (let i = 0; i < firstRank.length; i++) if (firstRank[i] !== -1 && firstRank[i]! < k) covered++;
    return model.numItems === 0 ? 0 : covered / model.numItems;
  });
}
