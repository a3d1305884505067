/** A raw id as it appears in a file or an array: a string or a number. */
export type RawId = string | number;

/**
 * A two-way map between raw ids (strings or numbers, as found in the data) and dense indices 0..size-1.
 *
 * Raw ids are compared as strings, so `7` and `"7"` are the same id. Indices are handed out in order of first
 * appearance, which keeps them stable for a given input order.
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

  /** Builds a map from raw ids in index order (`ids[k]` gets index k); duplicates are an error. */
  static from(ids: Iterable<RawId>): IdMap {
    const map = new IdMap();
    for (const id of ids) {
      const key = String(id);
      if (map.toIndex.has(key)) throw new Error(`IdMap.from: duplicate id "${key}"`);
      map.add(key);
    }
    return map;
  }

  /** A map whose raw ids are the integers 0..size-1 themselves (the NCF file convention). */
  static identity(size: number): IdMap {
    const map = new IdMap();
    for (let i = 0; i < size; i++) map.add(i);
    return map;
  }

  /** Number of ids. */
  get size(): number {
    return this.toRaw.length;
  }

  /** Returns the index of `id`, adding it at the end if it is new. */
  add(id: RawId): number {
    const key = String(id);
    const found = this.toIndex.get(key);
    if (found !== undefined) return found;
    const index = this.toRaw.length;
    this.toIndex.set(key, index);
    this.toRaw.push(key);
    return index;
  }

  /** The index of `id`, or `undefined` when the id is unknown. */
  index(id: RawId): number | undefined {
    return this.toIndex.get(String(id));
  }

  /** Whether `id` is known. */
  has(id: RawId): boolean {
    return this.toIndex.has(String(id));
  }

  /** The raw id (as a string) of `index`; throws on an index out of range. */
  raw(index: number): string {
    const id = this.toRaw[index];
    if (id === undefined) throw new RangeError(`IdMap.raw: index ${index} out of range [0, ${this.size})`);
    return id;
  }

  /** All raw ids in index order. */
  ids(): readonly string[] {
    return this.toRaw;
  }

  /** A copy that can grow independently. */
  clone(): IdMap {
    return IdMap.from(this.toRaw);
  }
}
