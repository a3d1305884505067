import type { Optimizer, OptimizerState } from '../optimizers/optimizer.js';

/**
 * An embedding table kept host-side as a row-major `Float32Array` and trained sparsely: a step gathers the rows a
 * batch needs into a tensor, and only those rows get gradients and optimizer updates. Nothing per step costs O(rows).
 *
 * Ids outside `[0, rows)` are *cold* (e.g. an item seen only in a test file): they read as a zero vector and receive
 * no update.
 */
export class SparseTable {
  /** Optimizer slots (e.g. Adam moments), created by the engine. */
  state: OptimizerState = [];
  /** Per-id slot of the current step's unique rows, -1 when untouched (reset after each step). */
  private slots: Int32Array | undefined;

  /**
   * @param name - for messages.
   * @param rows - number of rows (ids).
   * @param dim - row width.
   * @param data - `rows × dim` values, row-major; trained in place.
   * @param l2 - L2 penalty weight: each touched row's gradient gets `2·l2·row` (Keras semantics, applied lazily).
   */
  constructor(
    readonly name: string,
    readonly rows: number,
    readonly dim: number,
    readonly data: Float32Array,
    readonly l2 = 0,
  ) {
    if (data.length !== rows * dim) throw new Error(`${name}: ${data.length} values for ${rows} × ${dim}`);
  }

  /** Copies the rows of `ids` into `out` (`ids.length × dim`), zeros for cold ids. */
  gather(ids: Int32Array, out: Float32Array): Float32Array {
    const { dim, data, rows } = this;
    // Plain loops: per-row subarray()/set() calls allocate a view each, which costs more than the copy at these widths.
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      const o = k * dim;
      if (id >= 0 && id < rows) {
        const base = id * dim;
        for (let d = 0; d < dim; d++) out[o + d] = data[base + d];
      } else for (let d = 0; d < dim; d++) out[o + d] = 0;
    }
    return out;
  }

  /**
   * Sums the per-occurrence gradients `grads` (`ids.length × dim`) into one gradient per distinct row, adds the L2
   * term, and applies `optimizer` to those rows only.
   */
  applyGradients(ids: Int32Array, grads: Float32Array, optimizer: Optimizer, step: number, scratch: Scratch): void {
    const { dim, rows } = this;
    const slots = (this.slots ??= new Int32Array(rows).fill(-1));
    const unique = scratch.ints(ids.length);
    const summed = scratch.floats(ids.length * dim);
    let count = 0;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      if (id < 0 || id >= rows) continue; // cold ids are not trained
      let slot = slots[id];
      if (slot < 0) {
        slot = slots[id] = count;
        unique[count++] = id;
        for (let d = slot * dim, end = d + dim; d < end; d++) summed[d] = 0;
      }
      const s = slot * dim;
      const g = k * dim;
      for (let d = 0; d < dim; d++) summed[s + d] += grads[g + d];
    }
    if (this.l2 > 0) {
      const twoL2 = 2 * this.l2;
      for (let c = 0; c < count; c++) {
        const base = unique[c] * dim;
        for (let d = 0; d < dim; d++) summed[c * dim + d] += twoL2 * this.data[base + d];
      }
    }
    optimizer.updateRows(this.data, this.state, unique, count, summed, dim, step);
    for (let c = 0; c < count; c++) slots[unique[c]] = -1;
  }
}

/** Reusable scratch buffers, grown on demand, so steps allocate nothing in the steady state. */
export class Scratch {
  private intBuffer = new Int32Array(0);
  private floatBuffer = new Float32Array(0);

  ints(n: number): Int32Array {
    if (this.intBuffer.length < n) this.intBuffer = new Int32Array(Math.max(n, this.intBuffer.length * 2));
    return this.intBuffer;
  }

  floats(n: number): Float32Array {
    if (this.floatBuffer.length < n) this.floatBuffer = new Float32Array(Math.max(n, this.floatBuffer.length * 2));
    return this.floatBuffer;
  }
}
