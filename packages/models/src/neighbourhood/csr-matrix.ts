/**
 * A sparse matrix in compressed sparse row form: row r's entries are `[offsets[r], offsets[r+1])` of `indices` (column
 * indices, ascending within a row) and `values`. The neighbourhood models keep their user × item feedback and their
 * item × item similarities this way: memory O(rows + nnz).
 */
export interface CsrMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly columns: number;
  /** Row offsets, length `rows + 1`, from 0 to `indices.length`, non-decreasing. */
  readonly offsets: Int32Array;
  /** Column index of each entry, ascending within a row. */
  readonly indices: Int32Array;
  /** Value of each entry. */
  readonly values: Float32Array;
}

/**
 * The transpose of `m` (its columns become rows), with ascending column indices within each row: a counting sort,
 * O(rows + columns + nnz) time and one copy of the entries in memory.
 *
 * @example
 * ```ts
 * const byItem = transposeCsr(byUser); // users × items → items × users
 * ```
 */
export function transposeCsr(m: CsrMatrix): CsrMatrix {
  const { rows, columns, offsets, indices, values } = m;
  const nnz = offsets[rows]!;
  const outOffsets = new Int32Array(columns + 1);
  for (let k = 0; k < nnz; k++) outOffsets[indices[k]! + 1]++;
  for (let c = 0; c < columns; c++) outOffsets[c + 1] += outOffsets[c]!;
  const cursor = outOffsets.slice(0, columns);
  const outIndices = new Int32Array(nnz);
  const outValues = new Float32Array(nnz);
  // Rows are visited in ascending order, so each output row receives its column indices ascending.
  for (let r = 0; r < rows; r++) {
    for (let k = offsets[r]!, end = offsets[r + 1]!; k < end; k++) {
      const at = cursor[indices[k]!]!++;
      outIndices[at] = r;
      outValues[at] = values[k]!;
    }
  }
  return { rows: columns, columns: rows, offsets: outOffsets, indices: outIndices, values: outValues };
}

/**
 * Checks that `m` is a well-formed {@link CsrMatrix} of `rows × columns` with finite values (a saved similarity read
 * back, say): offsets from 0 to nnz and non-decreasing, column indices in range and strictly ascending within a row.
 *
 * @throws Error naming `owner` and the first thing that is wrong.
 * @example
 * ```ts
 * checkCsr('itemknn: the saved similarity', similarity, numItems, numItems);
 * ```
 */
export function checkCsr(owner: string, m: CsrMatrix, rows: number, columns: number): void {
  const { offsets, indices, values } = m;
  if (!(offsets instanceof Int32Array) || !(indices instanceof Int32Array) || !(values instanceof Float32Array)) {
    throw new Error(`${owner}: offsets and indices must be Int32Arrays, values a Float32Array`);
  }
  if (m.rows !== rows || m.columns !== columns || offsets.length !== rows + 1) {
    throw new Error(`${owner}: expected ${rows} × ${columns} (${rows + 1} offsets), got ${offsets.length} offsets`);
  }
  if (offsets[0] !== 0 || offsets[rows] !== indices.length || values.length !== indices.length) {
    throw new Error(
      `${owner}: offsets must run from 0 to the ${indices.length} entries, and values match them (got ` +
        `${offsets[0]}…${offsets[rows]}, ${values.length} values)`,
    );
  }
  for (let r = 0; r < rows; r++) {
    const start = offsets[r]!;
    const end = offsets[r + 1]!;
    if (end < start) throw new Error(`${owner}: offsets decrease at row ${r}`);
    for (let k = start; k < end; k++) {
      const c = indices[k]!;
      if (!(c >= 0 && c < columns) || (k > start && c <= indices[k - 1]!)) {
        throw new Error(`${owner}: row ${r} has column ${c} out of range or out of order`);
      }
      if (!Number.isFinite(values[k]!)) throw new Error(`${owner}: row ${r} column ${c} is ${values[k]}`);
    }
  }
}
