import { Interactions, type IdMap, type TestNegatives } from '@recsys/data';
import type { Recommender } from '@recsys/models';

/**
 * The index space evaluation runs in: the model's own ids first (so indices mean what they meant in training),
 * extended with ids that appear only in test files. Those extra ids are *cold*: indices ≥ the model's
 * `numUsers`/`numItems`, which every model scores (ItemPop as popularity 0). This is how an item that never occurs in
 * training stays scorable, as in the NCF protocol, where such an item simply has no training rows.
 */
export class ModelSpace {
  readonly userIds: IdMap;
  readonly itemIds: IdMap;

  constructor(readonly model: Recommender) {
    this.userIds = model.userIds.clone();
    this.itemIds = model.itemIds.clone();
  }

  /**
   * Moves NCF-style negatives (whose indices *are* the raw ids of the NCF files) into this space.
   */
  negatives(negatives: TestNegatives): TestNegatives {
    const user = (k: number) => this.userIds.add(String(k));
    const item = (k: number) => this.itemIds.add(String(k));
    return {
      users: negatives.users.map(user),
      positives: negatives.positives.map(item),
      offsets: negatives.offsets,
      items: negatives.items.map(item),
    };
  }

  /** `log` re-expressed in this space's (possibly extended) index space; `log` must use this space's id maps. */
  widen(log: Interactions): Interactions {
    return Interactions.fromColumns(
      { users: log.users, items: log.items, values: log.values, timestamps: log.timestamps },
      { userIds: this.userIds, itemIds: this.itemIds },
    );
  }
}
