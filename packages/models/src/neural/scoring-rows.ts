import type { SparseTable } from '@recsys/train';

/** How {@link scoringRows} turns a table into scoring rows. */
export interface ScoringRowsOptions {
  /** Multiplies every row column by column (GMF folds its output weights `h` into the user rows). */
  scale?: ArrayLike<number>;
  /**
   * Extra columns after the table's, each a function of the row index (`table.rows` for the cold row): biases, and
   * the constant 1 they are multiplied by on the other side.
   */
  extra?: readonly ((row: number) => number)[];
}

/**
 * A table's rows as {@link EmbeddingScores} reads them: `(table.rows + 1) × (table.dim + extra.length)` values, each
 * table row (scaled, when asked) then its extra columns, and last a cold row whose table part is zeros, as a lookup
 * outside the table reads. A score `b + b_u + b_i + pᵀq` becomes one dot product of `[p, b_u + b, 1]` and
 * `[q, 1, b_i]`.
 *
 * @example
 * ```ts
 * const users = scoringRows(userTable, { extra: [(u) => userBias(u) + globalBias, () => 1] });
 * const items = scoringRows(itemTable, { extra: [() => 1, (i) => itemBias(i)] });
 * new EmbeddingScores(users, items, dim + 2, { sigmoid: true });
 * ```
 */
export function scoringRows(table: SparseTable, { scale, extra = [] }: ScoringRowsOptions = {}): Float32Array {
  const { rows, dim, data } = table;
  if (scale && scale.length !== dim) {
    throw new RangeError(`scoringRows(${table.name}): ${scale.length} scales for ${dim} columns`);
  }
  const size = dim + extra.length;
  const out = new Float32Array((rows + 1) * size);
  for (let r = 0; r <= rows; r++) {
    const o = r * size;
    if (r < rows) {
      for (let d = 0; d < dim; d++) out[o + d] = scale ? data[r * dim + d]! * scale[d]! : data[r * dim + d]!;
    }
    for (let c = 0; c < extra.length; c++) out[o + dim + c] = extra[c]!(r);
  }
  return out;
}
