import { describeValue } from './check-options.js';
import type { SparseFeatures } from './sparse-features.js';

/**
 * Dense feature rows (e.g. a poster's CNN embedding per item, as in DualNet's MovieLens+Posters) as
 * {@link SparseFeatures}: every entry is stored, zeros included, so row `r` lists features `0..dim-1` in order and a
 * model reading sparse rows reads exactly the dense vector. The values are copied into a new Float32Array.
 *
 * @param values - `rows × dim` numbers, row-major (a Float32Array, Float64Array or plain array).
 * @param rows - number of rows.
 * @param dim - width of each row.
 * @throws TypeError when `values` is not an array or typed array of numbers; RangeError naming the argument when
 * `rows` or `dim` is not a non-negative integer, `rows × dim` is not `values.length` or more than 2^31 − 1, or an
 * entry is NaN or infinite (naming its row and column).
 * @example
 * ```ts
 * const posters = denseFeatures(Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), 3, 2);
 * posters.ptr; // Int32Array [0, 2, 4, 6]
 * posters.indices; // Int32Array [0, 1, 0, 1, 0, 1]
 * ```
 */
export function denseFeatures(values: ArrayLike<number>, rows: number, dim: number): SparseFeatures {
  const where = 'denseFeatures';
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new TypeError(`${where}: values must be an array or typed array of numbers, got ${describeValue(values)}`);
  }
  for (const [name, size] of [
    ['rows', rows],
    ['dim', dim],
  ] as const) {
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      throw new RangeError(`${where}: ${name} must be a non-negative integer, got ${describeValue(size)}`);
    }
  }
  const total = rows * dim;
  if (total > MAX_ENTRIES) {
    throw new RangeError(`${where}: rows × dim = ${total} entries, more than the ${MAX_ENTRIES} an index can reach`);
  }
  if (values.length !== total) {
    throw new RangeError(`${where}: values has ${values.length} entries, rows × dim = ${rows} × ${dim} = ${total}`);
  }
  const copy = new Float32Array(total);
  for (let k = 0; k < total; k++) {
    const v = values[k];
    if (typeof v !== 'number' || !Number.isFinite(Math.fround(v))) {
      throw new RangeError(
        `${where}: values[${k}] (row ${Math.floor(k / dim)}, column ${k % dim}) is ${describeValue(v)}, not a finite ` +
          'float32 number',
      );
    }
    copy[k] = v;
  }
  const ptr = new Int32Array(rows + 1);
  for (let r = 0; r <= rows; r++) ptr[r] = r * dim;
  const indices = new Int32Array(total);
  for (let k = 0; k < total; k++) indices[k] = k % dim;
  return { numRows: rows, numFeatures: dim, ptr, indices, values: copy };
}

/** Entry offsets are 32-bit. */
const MAX_ENTRIES = 2 ** 31 - 1;
