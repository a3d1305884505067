import { Interactions, type IdMap } from '@recsys/data';

/**
 * The index space evaluation runs in: the model's own ids first (so indices mean what they meant in training),
 * extended with ids that appear only in test files. Those extra ids are *cold*: indices ≥ the model's
 * `numUsers`/`numItems`, which every model scores (ItemPop as popularity 0). This is how an item that never occurs in
 * training stays scorable, as in the NCF protocol, where such an item simply has no training rows.
 *
 * Only ids a file actually names join the space: a file is loaded in its own id space and {@link adopt}ed by raw id,
 * so a dense-id format (NCF) whose largest test id is 5000 adds that one item, not the 3,300 ids below it that no file
 * mentions (they would become full-ranking candidates).
 */
export class ModelSpace {
  readonly userIds: IdMap;
  readonly itemIds: IdMap;

  /** @param trained - a model, or a training log: whose id maps come first. */
  constructor(trained: { userIds: IdMap; itemIds: IdMap }) {
    this.userIds = trained.userIds.clone();
    this.itemIds = trained.itemIds.clone();
  }

  /** `log` (loaded with id maps of its own) re-expressed in this space by raw id; unknown ids join as cold ids. */
  adopt(log: Interactions): Interactions {
    const users = translate(log.users, log.userIds, this.userIds);
    const items = translate(log.items, log.itemIds, this.itemIds);
    return Interactions.fromColumns(
      { users, items, values: log.values, timestamps: log.timestamps },
      { userIds: this.userIds, itemIds: this.itemIds },
    );
  }

  /** `log` re-expressed in this space's (possibly extended) index space; `log` must use this space's id maps. */
  widen(log: Interactions): Interactions {
    const { users, items, values, timestamps, behaviours } = log;
    return Interactions.fromColumns(
      { users, items, values, timestamps, behaviours },
      {
        userIds: this.userIds,
        itemIds: this.itemIds,
        behaviourNames: behaviours ? log.behaviourNames : undefined,
      },
    );
  }
}

/** `indices` from `from`'s space into `to`'s, by raw id (each distinct index looked up once). */
function translate(indices: Int32Array, from: IdMap, to: IdMap): Int32Array {
  const cache = new Map<number, number>();
  return indices.map((k) => {
    let mapped = cache.get(k);
    if (mapped === undefined) cache.set(k, (mapped = to.add(from.raw(k))));
    return mapped;
  });
}
