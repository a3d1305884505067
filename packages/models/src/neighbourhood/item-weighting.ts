import type { CsrMatrix } from './csr-matrix.js';

/** How {@link ItemKNN} weights the user × item matrix before its cosine: not at all, TF-IDF, or BM25. */
export type Weighting = 'none' | 'tfidf' | 'bm25';

/** BM25's parameters. */
export interface Bm25Parameters {
  /** Term-frequency saturation k1 (the `implicit` library's default 1.2). */
  k1: number;
  /** Length normalisation b in [0, 1] (default 0.75). */
  b: number;
}

/**
 * The user × item matrix `x` re-weighted as a text-retrieval index (the `implicit` library's idea): each item is a
 * document, the users who interacted with it are its terms, and `x_ui` is the term frequency. With `U_i` the users of
 * item i, `|I_u|` user u's distinct items and `n` the number of items:
 *
 * - `idf(u) = max(0, ln(n / (1 + |I_u|)))`: a user who interacted with everything says little about any item (the
 *   `implicit` formula, clamped at 0 so that no weight is negative);
 * - `'tfidf'`: `w_ui = sqrt(x_ui) · idf(u)`;
 * - `'bm25'`: `w_ui = x_ui (k1 + 1) / (k1 (1 − b + b·len_i / avglen) + x_ui) · idf(u)`, with `len_i = Σ_u x_ui` the
 *   item's total feedback and `avglen` its mean over all items;
 * - `'none'`: `w_ui = x_ui` (the same matrix is returned).
 *
 * The result has `x`'s sparsity pattern. O(users + items + nnz) time and one copy of the values.
 *
 * @example
 * ```ts
 * const w = weightFeedback(x, 'bm25', { k1: 1.2, b: 0.75 });
 * ```
 */
export function weightFeedback(x: CsrMatrix, weighting: Weighting, bm25: Bm25Parameters): CsrMatrix {
  if (weighting === 'none') return x;
  const { rows, columns, offsets, indices, values } = x;
  const idf = new Float64Array(rows);
  for (let u = 0; u < rows; u++) idf[u] = Math.max(0, Math.log(columns / (1 + offsets[u + 1]! - offsets[u]!)));
  const out = new Float32Array(values.length);
  if (weighting === 'tfidf') {
    for (let u = 0; u < rows; u++) {
      for (let k = offsets[u]!; k < offsets[u + 1]!; k++) out[k] = Math.sqrt(values[k]!) * idf[u]!;
    }
  } else {
    const length = new Float64Array(columns);
    let total = 0;
    for (let k = 0; k < values.length; k++) {
      length[indices[k]!] += values[k]!;
      total += values[k]!;
    }
    const average = total / columns;
    const { k1, b } = bm25;
    for (let u = 0; u < rows; u++) {
      for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
        const tf = values[k]!;
        const norm = 1 - b + (b * length[indices[k]!]!) / average;
        // tf = 0 with k1 = 0 (and b = 1 on an empty item) is 0/0: such an entry carries no weight.
        const saturated = tf === 0 ? 0 : (tf * (k1 + 1)) / (k1 * norm + tf);
        out[k] = saturated * idf[u]!;
      }
    }
  }
  return { rows, columns, offsets, indices, values: out };
}
