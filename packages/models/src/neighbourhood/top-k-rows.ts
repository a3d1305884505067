import { TopK } from '../top-k.js';
import type { CsrMatrix } from './csr-matrix.js';

/**
 * Builds a sparse matrix one row at a time, keeping the `k` largest entries of each row: how the neighbourhood models
 * prune a similarity computed one dense row at a time, so that no dense items × items matrix ever exists.
 *
 * The rule: of a row's candidates, only entries > 0 are kept (a similarity of 0 makes no neighbour), then the `k`
 * largest; ties at the k-th value go to the lower column index. Kept entries are stored with ascending column indices.
 * Cost per row: O(c) when its c candidates are ≤ k, else O(c log k); memory O(rows + kept entries).
 *
 * @example
 * ```ts
 * const rows = new TopKRows(numItems, numItems, 100);
 * for (let i = 0; i < numItems; i++) rows.addRow(candidates, count, scores); // scores indexed by column
 * const similarity = rows.build();
 * ```
 */
export class TopKRows {
  private readonly offsets: Int32Array;
  private indices: Int32Array;
  private values: Float32Array;
  private row = 0;
  private nnz = 0;

  /**
   * @param rows - rows to add.
   * @param columns - columns (candidates' indices are below it).
   * @param k - entries kept per row.
   * @throws RangeError when `k` is not an integer ≥ 1.
   */
  constructor(
    private readonly rows: number,
    private readonly columns: number,
    private readonly k: number,
  ) {
    if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`TopKRows: k must be an integer ≥ 1, got ${k}`);
    this.offsets = new Int32Array(rows + 1);
    const initial = Math.max(16, Math.min(rows * k, 1 << 20));
    this.indices = new Int32Array(initial);
    this.values = new Float32Array(initial);
  }

  /**
   * Adds the next row from its candidate columns `candidates[0 … count)` (distinct) and `scores`, a dense array read
   * at those columns only.
   *
   * @throws Error when every row was added already, or a kept score is not finite.
   */
  addRow(candidates: Int32Array, count: number, scores: Float64Array | Float32Array): void {
    if (this.row >= this.rows) throw new Error(`TopKRows: all ${this.rows} rows were added already`);
    this.reserve(Math.min(count, this.k));
    const start = this.nnz;
    if (count <= this.k) {
      for (let c = 0; c < count; c++) {
        const j = candidates[c]!;
        if (scores[j]! > 0) this.indices[this.nnz++] = j;
      }
    } else {
      const top = new TopK(this.k);
      for (let c = 0; c < count; c++) {
        const j = candidates[c]!;
        const s = scores[j]!;
        if (s > 0) top.offer(j, s);
      }
      for (const { item } of top.result()) this.indices[this.nnz++] = item;
    }
    const kept = this.indices.subarray(start, this.nnz).sort();
    for (let c = 0; c < kept.length; c++) {
      const value = scores[kept[c]!]!;
      if (!Number.isFinite(value)) {
        throw new Error(`TopKRows: row ${this.row} column ${kept[c]} is ${value}: a similarity must be finite`);
      }
      this.values[start + c] = value;
    }
    this.offsets[++this.row] = this.nnz;
  }

  /**
   * The matrix built (trimmed to its entries).
   *
   * @throws Error when fewer rows were added than declared.
   */
  build(): CsrMatrix {
    if (this.row !== this.rows) throw new Error(`TopKRows: ${this.row} of ${this.rows} rows were added`);
    return {
      rows: this.rows,
      columns: this.columns,
      offsets: this.offsets,
      indices: this.indices.slice(0, this.nnz),
      values: this.values.slice(0, this.nnz),
    };
  }

  /** Grows the entry buffers (doubling) so that `more` entries fit. */
  private reserve(more: number): void {
    const needed = this.nnz + more;
    if (needed <= this.indices.length) return;
    const size = Math.max(needed, 2 * this.indices.length);
    const indices = new Int32Array(size);
    indices.set(this.indices.subarray(0, this.nnz));
    const values = new Float32Array(size);
    values.set(this.values.subarray(0, this.nnz));
    this.indices = indices;
    this.values = values;
  }
}
