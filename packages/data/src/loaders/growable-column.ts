/** The typed arrays a {@link GrowableColumn} can hold. */
export type ColumnArray = Int32Array | Uint32Array | Uint8Array | Float32Array | Float64Array;

/**
 * An append-only typed array that doubles its capacity when full, so a loader can collect millions of values without
 * a JS array per column (or an object per row).
 *
 * @example
 * ```ts
 * const users = new GrowableColumn(Int32Array);
 * users.push(3);
 * users.push(5);
 * users.toArray(); // Int32Array [3, 5]
 * ```
 */
export class GrowableColumn<T extends ColumnArray> {
  private data: T;
  private count = 0;

  /**
   * @param type - the typed array constructor, e.g. `Int32Array`.
   * @param capacity - initial capacity.
   */
  constructor(
    private readonly type: new (length: number) => T,
    capacity = 1024,
  ) {
    this.data = new type(Math.max(1, capacity));
  }

  /** Number of values pushed. */
  get length(): number {
    return this.count;
  }

  /** Appends `value`. */
  push(value: number): void {
    if (this.count === this.data.length) this.grow();
    this.data[this.count++] = value;
  }

  /** The value at `index` (no bounds check beyond the typed array's). */
  get(index: number): number {
    return this.data[index];
  }

  /** Overwrites the value at `index`, which must be below {@link length}. */
  set(index: number, value: number): void {
    if (index >= this.count) throw new RangeError(`GrowableColumn.set: index ${index} >= length ${this.count}`);
    this.data[index] = value;
  }

  /** A view of the values pushed so far; it shares memory and is invalidated by the next growth. */
  view(): T {
    return this.data.subarray(0, this.count) as T;
  }

  /** A compact copy of the values pushed so far. */
  toArray(): T {
    return this.data.slice(0, this.count) as T;
  }

  private grow(): void {
    const next = new this.type(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}
