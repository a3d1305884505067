import { describeValue } from './check-options.js';

/** A raw id as it appears in a file or an array: a string or a number. */
export type RawId = string | number;

/** Largest identity map: indices are 32-bit. */
const MAX_IDENTITY = 2 ** 31 - 1;

/**
 * A two-way map between raw ids (strings or numbers, as found in the data) and dense indices 0..size-1.
 *
 * Raw ids are compared as strings, so `7` and `"7"` are the same id (a number stands for its decimal string). Only
 * strings and finite numbers are ids: `undefined`, `null` and `NaN` would otherwise become the strings
 * `"undefined"`, `"null"` and `"NaN"` and merge with real ids of those names. Indices are handed out in order of
 * first appearance, which keeps them stable for a given input order.
 *
 * @example
 * ```ts
 * const users = new IdMap();
 * users.add('alice'); // 0
 * users.add('bob'); // 1
 * users.index('bob'); // 1
 * users.raw(0); // 'alice'
 * ```
 */
export class IdMap {
  private readonly toIndex = new Map<string, number>();
  private readonly toRaw: string[] = [];

  /**
   * Builds a map from raw ids in index order (`ids[k]` gets index k).
   * @throws TypeError naming the index of an id that is not a string or a finite number; RangeError naming both
   * indices of a duplicate.
   */
  static from(ids: Iterable<RawId>): IdMap {
    if (ids === null || typeof (ids as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
      throw new TypeError(`IdMap.from: ids must be an iterable of strings or numbers, got ${describeValue(ids)}`);
    }
    const map = new IdMap();
    let k = 0;
    for (const id of ids) {
      const key = keyOf(`IdMap.from: ids[${k}]`, id);
      const first = map.toIndex.get(key);
      if (first !== undefined) throw new RangeError(`IdMap.from: ids[${k}] "${key}" repeats ids[${first}]`);
      map.toIndex.set(key, k);
      map.toRaw.push(key);
      k++;
    }
    return map;
  }

  /**
   * A map whose raw ids are the integers 0..size-1 themselves (the NCF file convention).
   * @throws RangeError when `size` is not an integer in [0, 2^31 − 1].
   */
  static identity(size: number): IdMap {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_IDENTITY) {
      throw new RangeError(
        `IdMap.identity: size must be an integer in [0, ${MAX_IDENTITY}], got ${describeValue(size)}`,
      );
    }
    const map = new IdMap();
    for (let i = 0; i < size; i++) map.add(i);
    return map;
  }

  /** Number of ids. */
  get size(): number {
    return this.toRaw.length;
  }

  /**
   * Returns the index of `id`, adding it at the end if it is new.
   * @throws TypeError when `id` is not a string or a finite number.
   */
  add(id: RawId): number {
    const key = keyOf('IdMap.add', id);
    const found = this.toIndex.get(key);
    if (found !== undefined) return found;
    const index = this.toRaw.length;
    this.toIndex.set(key, index);
    this.toRaw.push(key);
    return index;
  }

  /**
   * The index of `id`, or `undefined` when the id is unknown.
   * @throws TypeError when `id` is not a string or a finite number (`index(NaN)` would otherwise find `"NaN"`).
   */
  index(id: RawId): number | undefined {
    return this.toIndex.get(keyOf('IdMap.index', id));
  }

  /**
   * Whether `id` is known.
   * @throws TypeError when `id` is not a string or a finite number.
   */
  has(id: RawId): boolean {
    return this.toIndex.has(keyOf('IdMap.has', id));
  }

  /** The raw id (as a string) of `index`; throws on an index out of range. */
  raw(index: number): string {
    const id = this.toRaw[index];
    if (id === undefined) throw new RangeError(`IdMap.raw: index ${index} out of range [0, ${this.size})`);
    return id;
  }

  /**
   * All raw ids in index order. This is the map's own array, not a copy (callers compare and write whole maps with
   * it): it must not be mutated, and it grows when ids are added.
   */
  ids(): readonly string[] {
    return this.toRaw;
  }

  /** A copy that can grow independently. */
  clone(): IdMap {
    return IdMap.from(this.toRaw);
  }
}

/** The string an id is compared as; refuses what is not an id rather than turning it into "undefined" or "NaN". */
function keyOf(where: string, id: unknown): string {
  if (typeof id === 'string') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  throw new TypeError(`${where}: an id must be a string or a finite number, got ${describeValue(id)}`);
}
