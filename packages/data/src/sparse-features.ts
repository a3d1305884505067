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
