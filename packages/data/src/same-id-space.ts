import type { IdMap } from './id-map.js';
import type { Interactions } from './interactions.js';

/**
 * The first index below both maps' sizes at which they hold different raw ids, or -1. Maps may differ in length
 * (a held-out log may add cold ids; one built from indices may stop at its largest), not in content.
 *
 * @example
 * ```ts
 * firstIdConflict(IdMap.from(['a', 'b']), IdMap.from(['a', 'b', 'cold'])); // -1
 * firstIdConflict(IdMap.from(['a', 'b']), IdMap.from(['b', 'a'])); // 0
 * ```
 */
export function firstIdConflict(a: IdMap, b: IdMap): number {
  if (a === b) return -1;
  const x = a.ids();
  const y = b.ids();
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) if (x[k] !== y[k]) return k;
  return -1;
}

/**
 * Throws unless `log` numbers its users and items as `reference` does (the same id maps, or equal raw ids at every
 * index both have): two files loaded separately give index 0 to different users, and a figure computed across them
 * silently pairs one user's history with another's held-out items.
 *
 * @param owner - the function, for the message.
 * @param reference - the log whose space counts (the training log).
 * @param log - the log to check (held-out pairs, exclusions).
 * @param names - how to call the two in the message, e.g. `{ reference: 'train', log: 'test' }`.
 * @throws RangeError naming the first index whose raw ids differ, with both ids.
 * @example
 * ```ts
 * checkSameIdSpace('evaluateFullRanking', train, test, { reference: 'train', log: 'test' });
 * ```
 */
export function checkSameIdSpace(
  owner: string,
  reference: Interactions,
  log: Interactions,
  names: { reference: string; log: string },
): void {
  for (const [what, mine, theirs] of [
    ['user', reference.userIds, log.userIds],
    ['item', reference.itemIds, log.itemIds],
  ] as const) {
    const k = firstIdConflict(mine, theirs);
    if (k < 0) continue;
    throw new RangeError(
      `${owner}: ${names.log} numbers its ${what}s differently from ${names.reference}: ${what} index ${k} is ` +
        `${JSON.stringify(theirs.raw(k))} in ${names.log} but ${JSON.stringify(mine.raw(k))} in ${names.reference}; ` +
        `build it from ${names.reference} (a split of it) or load it with ${names.reference}'s id maps`,
    );
  }
}

/**
 * Throws unless no row of `heldOut` is a pair of `train`: a held-out pair that is also a training pair is both seen
 * and to be found, so any figure measured on it overstates (and a validation on it picks the epoch that memorises).
 *
 * @param owner - the function, for the message.
 * @param train - the training log.
 * @param heldOut - the held-out log, in `train`'s space.
 * @param why - what the overlap would do, ending the message.
 * @throws RangeError counting the overlapping rows and naming the first in raw ids.
 * @example
 * ```ts
 * checkDisjointPairs('evaluateFullRanking', train, test, 'a held-out pair cannot also be a seen item');
 * ```
 */
export function checkDisjointPairs(owner: string, train: Interactions, heldOut: Interactions, why: string): void {
  let overlap = 0;
  let first = -1;
  for (let r = 0; r < heldOut.size; r++) {
    if (train.has(heldOut.users[r], heldOut.items[r])) {
      overlap++;
      if (first < 0) first = r;
    }
  }
  if (overlap === 0) return;
  const raw = (ids: IdMap, k: number) => (k < ids.size ? JSON.stringify(ids.raw(k)) : `#${k}`);
  throw new RangeError(
    `${owner}: ${overlap} of ${heldOut.size} held-out rows are training pairs (first: row ${first}, user ` +
      `${raw(heldOut.userIds, heldOut.users[first])}, item ${raw(heldOut.itemIds, heldOut.items[first])}); ${why}`,
  );
}
