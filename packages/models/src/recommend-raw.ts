import type { RecommendOptions, Recommender } from './recommender.js';

/** How a model knows a user asked for by raw id. */
export type UserStatus =
  /** In training, with rows. */
  | 'known'
  /** In the model's id space but without training rows: scored as an untrained user. */
  | 'untrained'
  /** Never seen in training: the model's cold-user list (ItemPop: the most popular items). */
  | 'cold';

/** One user's recommendations by raw ids. */
export interface RawRecommendations {
  /** The raw user id asked for. */
  user: string;
  status: UserStatus;
  /** Raw item ids with their scores, best first. */
  items: { item: string; score: number }[];
}

/**
 * The top `k` items for each user of `users`, by raw ids in and out: what `recommend` gives, without mapping ids by
 * hand. A user the model never saw gets a cold user's list, and says so in its `status` (nothing is silently dropped).
 * Scored with {@link Recommender.recommendMany}, so several users share each scoring call.
 *
 * @throws TypeError when a user id is not a string or a number.
 * @example
 * ```ts
 * const [alice] = await recommendByRawIds(model, ['196'], 10);
 * console.log(alice.status, alice.items.map(({ item }) => item)); // 'known', ['50', '181', …]
 * ```
 */
export async function recommendByRawIds(
  model: Recommender,
  users: readonly (string | number)[],
  k: number,
  options: RecommendOptions = {},
): Promise<RawRecommendations[]> {
  const ids = users.map((user, j) => {
    if (typeof user !== 'string' && typeof user !== 'number') {
      throw new TypeError(`recommendByRawIds: users[${j}] must be a raw id (string or number), got ${typeof user}`);
    }
    return String(user);
  });
  const statuses: UserStatus[] = [];
  const indices = Int32Array.from(ids, (id) => {
    const index = model.userIds.index(id);
    statuses.push(index === undefined ? 'cold' : model.train.userDegree(index) === 0 ? 'untrained' : 'known');
    return index ?? model.numUsers;
  });
  const lists = await model.recommendMany(indices, k, options);
  return lists.map((list, j) => ({
    user: ids[j]!,
    status: statuses[j]!,
    items: list.map(({ item, score }) => ({ item: model.itemIds.raw(item), score })),
  }));
}
