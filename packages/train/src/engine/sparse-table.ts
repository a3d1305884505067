import { describeValue, Random } from '@recsys/data';
import type { OptimizerState } from '../optimizers/optimizer.js';
import { type Bag, bagSize } from './bag.js';
import { touchRows } from './touch-rows.js';

/** Options of a {@link SparseTable}. */
export interface SparseTableOptions {
  /** L2 penalty weight: each touched row's gradient gets `2·l2·row` (Keras semantics, applied lazily). Default 0. */
  l2?: number;
  /**
   * `'optional'` when some training steps may legitimately not propagate a gradient to this table's lookups (e.g. a
   * branch a batch does not use). Default `'required'`: a lookup that receives no gradient is an error, because it
   * almost always means an op outside the tape cut the graph.
   */
  gradient?: 'required' | 'optional';
  /** `false` freezes the table: lookups read it, training never changes it. Default `true`. */
  trainable?: boolean;
}

/**
 * An embedding table kept host-side as a row-major `Float32Array` and trained sparsely: a step gathers the rows a
 * batch needs into a tensor, and only those rows get gradients and optimizer updates. Nothing per step costs O(rows).
 *
 * Ids outside `[0, rows)` are *cold* (e.g. an item seen only in a test file) or padding (−1): they read as a zero
 * vector and receive no update.
 *
 * @example
 * ```ts
 * const users = SparseTable.randomNormal('users', numUsers, 16, { seed: 1 }); // N(0, 0.01²), as the NCF code
 * const rows = ctx.rows(users, batchUsers); // [batch, 16], trained
 * ```
 */
export class SparseTable {
  /** Optimizer slots (e.g. Adam moments), created by the engine. */
  state: OptimizerState = [];
  /** L2 penalty weight. */
  readonly l2: number;
  /** Whether a lookup may receive no gradient in a step. */
  readonly optionalGradient: boolean;
  /** Whether training updates the table. */
  readonly trainable: boolean;
  private values: Float32Array;

  /**
   * @param name - for messages and saved files.
   * @param rows - number of rows (ids).
   * @param dim - row width.
   * @param data - `rows × dim` values, row-major; trained in place.
   */
  constructor(
    readonly name: string,
    readonly rows: number,
    readonly dim: number,
    data: Float32Array,
    options: SparseTableOptions = {},
  ) {
    if (!(Number.isInteger(rows) && rows >= 0 && Number.isInteger(dim) && dim >= 1)) {
      throw new Error(`${name}: a table needs an integer number of rows ≥ 0 and a width ≥ 1, got ${rows} × ${dim}`);
    }
    if (data.length !== rows * dim) throw new Error(`${name}: ${data.length} values for ${rows} × ${dim}`);
    this.values = data;
    const l2 = options.l2 ?? 0;
    if (!(Number.isFinite(l2) && l2 >= 0)) throw new Error(`${name}: l2 must be a finite number ≥ 0, got ${l2}`);
    this.l2 = l2;
    this.optionalGradient = options.gradient === 'optional';
    this.trainable = options.trainable ?? true;
  }

  /** The `rows × dim` values, row-major; trained in place. */
  get data(): Float32Array {
    return this.values;
  }

  /**
   * Moves the table onto `data` (same length), e.g. memory shared with other threads' replicas of the model in a
   * parallel fit; the values are not copied.
   *
   * @internal
   */
  useStorage(data: Float32Array): void {
    if (data.length !== this.values.length) {
      throw new Error(`${this.name}: storage of ${data.length} values for ${this.rows} × ${this.dim}`);
    }
    this.values = data;
  }

  /**
   * A table drawn from N(0, std²) with a seeded generator (the NCF code's embedding initializer at std 0.01).
   * @throws RangeError when std is not a finite number ≥ 0.
   */
  static randomNormal(
    name: string,
    rows: number,
    dim: number,
    options: SparseTableOptions & { std?: number; seed?: number } = {},
  ): SparseTable {
    const { std = 0.01, seed = 0 } = options;
    if (!(typeof std === 'number' && Number.isFinite(std) && std >= 0)) {
      throw new RangeError(`${name}: std must be a finite number ≥ 0, got ${describeValue(std)}`);
    }
    const random = new Random(seed);
    const data = new Float32Array(rows * dim);
    for (let k = 0; k < data.length; k++) data[k] = std * random.normal();
    return new SparseTable(name, rows, dim, data, options);
  }

  /**
   * Copies the rows of `ids` into `out` (`ids.length × dim`), zeros for cold and padding ids.
   * @throws RangeError when `out` holds fewer than `ids.length × dim` values, or an id is not an integer (ids should
   *   be an Int32Array: 0.5 would read half a row in).
   */
  gather(ids: Int32Array, out: Float32Array): Float32Array {
    const { dim, data, rows } = this;
    checkIds(this.name, 'gather', ids);
    if (out.length < ids.length * dim) {
      throw new RangeError(
        `${this.name}: gather needs out of ${ids.length} ids × ${dim} = ${ids.length * dim} values, got ${out.length}`,
      );
    }
    touchRows(data, ids, ids.length, dim); // a large table's cache misses, overlapped in one pass
    // Plain loops: per-row subarray()/set() calls allocate a view each, which costs more than the copy at these widths.
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const o = k * dim;
      if (id >= 0 && id < rows) {
        const base = id * dim;
        for (let d = 0; d < dim; d++) out[o + d] = data[base + d]!;
      } else for (let d = 0; d < dim; d++) out[o + d] = 0;
    }
    return out;
  }

  /**
   * Writes each example's weighted row sum of `bag` into `out` (`examples × dim`).
   * @throws Error on a malformed bag (see {@link bagSize}: offsets not from 0 to ids.length, or decreasing);
   *   RangeError when `out` is too small or an id is not an integer.
   */
  bagSum(bag: Bag, out: Float32Array): Float32Array {
    const { dim, data, rows } = this;
    const { offsets, ids, weights } = bag;
    const n = bagSize(bag, `${this.name}: bagSum`);
    checkIds(this.name, 'bagSum', ids);
    if (out.length < n * dim) {
      throw new RangeError(
        `${this.name}: bagSum needs out of ${n} examples × ${dim} = ${n * dim} values, got ${out.length}`,
      );
    }
    // Blocks of 8 columns summed in locals over the bag's rows, then stored once: each table value is read once and
    // each output written once (measured 2–4× the speed of accumulating into `out` element by element).
    const wide = dim - (dim % 8);
    for (let b = 0; b < n; b++) {
      const o = b * dim;
      const start = offsets[b]!;
      const end = offsets[b + 1]!;
      for (let d = 0; d < wide; d += 8) {
        let a0 = 0,
          a1 = 0,
          a2 = 0,
          a3 = 0,
          a4 = 0,
          a5 = 0,
          a6 = 0,
          a7 = 0;
        for (let k = start; k < end; k++) {
          const id = ids[k]!;
          if (id < 0 || id >= rows) continue;
          const w = weights ? weights[k]! : 1;
          const p = id * dim + d;
          a0 += w * data[p]!;
          a1 += w * data[p + 1]!;
          a2 += w * data[p + 2]!;
          a3 += w * data[p + 3]!;
          a4 += w * data[p + 4]!;
          a5 += w * data[p + 5]!;
          a6 += w * data[p + 6]!;
          a7 += w * data[p + 7]!;
        }
        out[o + d] = a0;
        out[o + d + 1] = a1;
        out[o + d + 2] = a2;
        out[o + d + 3] = a3;
        out[o + d + 4] = a4;
        out[o + d + 5] = a5;
        out[o + d + 6] = a6;
        out[o + d + 7] = a7;
      }
      for (let d = wide; d < dim; d++) {
        let a = 0;
        for (let k = start; k < end; k++) {
          const id = ids[k]!;
          if (id < 0 || id >= rows) continue;
          a += (weights ? weights[k]! : 1) * data[id * dim + d]!;
        }
        out[o + d] = a;
      }
    }
    return out;
  }
}

/** Ids must be integers: an Int32Array is (checked once); any other array is checked id by id. */
function checkIds(table: string, method: string, ids: ArrayLike<number>): void {
  if (ids instanceof Int32Array) return;
  for (let k = 0; k < ids.length; k++) {
    if (!Number.isInteger(ids[k])) {
      throw new RangeError(
        `${table}: ${method} id ${k} is ${describeValue(ids[k])}, not an integer (pass an Int32Array)`,
      );
    }
  }
}
