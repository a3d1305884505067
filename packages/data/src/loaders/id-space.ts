import { IdMap } from '../id-map.js';

/**
 * The id map for a format whose ids are dense 0-based integers (NCF, CiteULike): `given` when it is an identity map
 * (raw id k at index k), else a new empty one.
 * @throws Error when `given` is not an identity map.
 */
export function identityMap(given: IdMap | undefined, what: string): IdMap {
  if (!given) return new IdMap();
  const ids = given.ids();
  for (let k = 0; k < ids.length; k++) {
    if (ids[k] !== String(k)) {
      throw new Error(`${what} ids: this format needs an identity id map, but index ${k} holds raw id "${ids[k]}"`);
    }
  }
  return given;
}

/** Appends ids `map.size .. size-1` to an identity map, so it covers `[0, size)`. */
export function growIdentity(map: IdMap, size: number): void {
  for (let k = map.size; k < size; k++) map.add(k);
}

/**
 * Resolves the index-space size of a dense-id format and grows the identity `map` to it: the declared size when given,
 * else the larger of `map.size` and `needed` (max id + 1).
 * @throws Error when the declared size is smaller than the ids `map` already holds.
 */
export function settleIdentity(map: IdMap, needed: number, declared: number | undefined, what: string): number {
  if (declared !== undefined && map.size > declared) {
    throw new Error(`num${what}s ${declared} is smaller than the given ${what.toLowerCase()} id map (${map.size} ids)`);
  }
  const size = declared ?? Math.max(map.size, needed);
  growIdentity(map, size);
  return size;
}

/**
 * `map.add` with a one-entry cache: logs are usually grouped by user (Taobao, ML-1M), so repeating the previous raw id
 * skips a hash lookup in a map that may hold millions of ids.
 */
export function cachedAdd(map: IdMap): (raw: string) => number {
  let lastRaw: string | undefined;
  let lastIndex = -1;
  return (raw) => {
    if (raw !== lastRaw) {
      lastIndex = map.add(raw);
      lastRaw = raw;
    }
    return lastIndex;
  };
}
