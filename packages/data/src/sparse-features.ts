import { describeValue } from './check-options.js';

/**
 * Sparse feature rows in CSR form, e.g. bag-of-words item content (CiteULike `mult.dat`) or multi-hot genres.
 * Row `r`'s features are `indices[ptr[r]..ptr[r+1])` with weights `values[ptr[r]..ptr[r+1])`.
 */
export interface SparseFeatures {
  /** Number of rows (e.g. items). */
  numRows: number;
  /** Width of the feature space (e.g. vocabulary size). */
  numFeatures: number;
  /** Row offsets; length `numRows + 1`. */
  ptr: Int32Array;
  /** Feature index of each entry. */
  indices: Int32Array;
  /** Weight of each entry (a count, or 1 for multi-hot). */
  values: Float32Array;
}

/**
 * Checks that `features` is well-formed CSR: sizes non-negative integers, `ptr` an Int32Array of `numRows + 1` offsets
 * rising from 0 to the entry count, `indices` (Int32Array) inside `[0, numFeatures)`, `values` (Float32Array) as long
 * as `indices` and finite. A malformed matrix would otherwise read another row's features, or NaN, without a word.
 *
 * @param where - the function checking, for the message (e.g. `'matchItemFeatures'`).
 * @param name - what the argument is called there (e.g. `'features'`).
 * @param features - the value to check.
 * @throws TypeError naming `where`, `name` and the field when a field has the wrong type; RangeError naming the field
 * and the first offending entry when a size, offset, index or value is out of place.
 * @example
 * ```ts
 * checkSparseFeatures('myModel.fit', 'itemFeatures', features);
 * ```
 */
export function checkSparseFeatures(
  where: string,
  name: string,
  features: unknown,
): asserts features is SparseFeatures {
  if (features === null || typeof features !== 'object') {
    throw new TypeError(
      `${where}: ${name} must be SparseFeatures { numRows, numFeatures, ptr, indices, values }, got ${describeValue(features)}`,
    );
  }
  const f = features as Partial<SparseFeatures>;
  for (const key of ['numRows', 'numFeatures'] as const) {
    const size = f[key];
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || size > MAX_INDEX) {
      throw new RangeError(
        `${where}: ${name}.${key} must be an integer in [0, ${MAX_INDEX}], got ${describeValue(size)}`,
      );
    }
  }
  if (!(f.ptr instanceof Int32Array)) {
    throw new TypeError(`${where}: ${name}.ptr must be an Int32Array, got ${describeValue(f.ptr)}`);
  }
  if (!(f.indices instanceof Int32Array)) {
    throw new TypeError(`${where}: ${name}.indices must be an Int32Array, got ${describeValue(f.indices)}`);
  }
  if (!(f.values instanceof Float32Array)) {
    throw new TypeError(`${where}: ${name}.values must be a Float32Array, got ${describeValue(f.values)}`);
  }
  const { numRows, numFeatures, ptr, indices, values } = f as SparseFeatures;
  if (ptr.length !== numRows + 1) {
    throw new RangeError(`${where}: ${name}.ptr has ${ptr.length} offsets, numRows + 1 is ${numRows + 1}`);
  }
  if (values.length !== indices.length) {
    throw new RangeError(`${where}: ${name}.values has ${values.length} entries, indices has ${indices.length}`);
  }
  if (ptr[0] !== 0 || ptr[numRows] !== indices.length) {
    throw new RangeError(
      `${where}: ${name}.ptr must run from 0 to the ${indices.length} entries, runs from ${ptr[0]} to ${ptr[numRows]}`,
    );
  }
  for (let r = 0; r < numRows; r++) {
    if (ptr[r + 1] < ptr[r]) {
      throw new RangeError(`${where}: ${name}.ptr falls at row ${r} (${ptr[r]} then ${ptr[r + 1]})`);
    }
  }
  for (let k = 0; k < indices.length; k++) {
    if (!(indices[k] >= 0 && indices[k] < numFeatures)) {
      throw new RangeError(
        `${where}: ${name}.indices[${k}] is ${indices[k]}, outside [0, numFeatures = ${numFeatures})`,
      );
    }
    if (!Number.isFinite(values[k])) {
      throw new RangeError(`${where}: ${name}.values[${k}] is ${describeValue(values[k])}, not a finite number`);
    }
  }
}

/** Indices are 32-bit. */
const MAX_INDEX = 2 ** 31 - 1;
