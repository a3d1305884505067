import type { CsrMatrix } from './csr-matrix.js';

/**
 * Item-based scores `score(u, i) = Σ_{j ∈ I_u} x_uj s_ji` for one user at a time: the user's full row of scores is
 * the sum of the similarity rows of the user's items, each weighted by the user's feedback on it, and is kept until
 * another user is asked for. Evaluation scores its pairs in runs of one user, so each user's row is built once:
 * O(|I_u| · k) per user (k the similarity's entries per row), one dense row of `items` numbers in memory.
 *
 * Cold users (index outside `[0, users)`) and cold items score 0.
 *
 * @example
 * ```ts
 * const scores = new UserScores(x, similarity); // x: users × items, similarity: items × items
 * scores.score(Int32Array.of(0, 0), Int32Array.of(3, 7), out);
 * ```
 */
export class UserScores {
  private readonly row: Float64Array;
  private user = -1;

  /**
   * @param feedback - the user × item matrix x.
   * @param similarity - items × items: row j holds `s_ji` for the items i that j contributes to.
   * @throws RangeError when the shapes do not agree.
   */
  constructor(
    private readonly feedback: CsrMatrix,
    private readonly similarity: CsrMatrix,
  ) {
    if (similarity.rows !== feedback.columns || similarity.columns !== feedback.columns) {
      throw new RangeError(
        `UserScores: a ${similarity.rows} × ${similarity.columns} similarity for ${feedback.columns} items`,
      );
    }
    this.row = new Float64Array(feedback.columns);
  }

  /** Writes the score of each (users[k], items[k]) pair into `out[k]`. */
  score(users: Int32Array, items: Int32Array, out: Float32Array): void {
    const numUsers = this.feedback.rows;
    const numItems = this.feedback.columns;
    for (let k = 0; k < users.length; k++) {
      const u = users[k]!;
      const i = items[k]!;
      if (!(u >= 0 && u < numUsers) || !(i >= 0 && i < numItems)) {
        out[k] = 0;
        continue;
      }
      if (u !== this.user) this.load(u);
      out[k] = this.row[i]!;
    }
  }

  /** Makes `row` user u's scores: clears the previous user's entries (not the whole row), then adds u's. */
  private load(u: number): void {
    if (this.user >= 0) this.accumulate(this.user, 0);
    this.accumulate(u, 1);
    this.user = u;
  }

  /** Adds user u's weighted similarity rows to `row` (`scale` 1), or zeroes the entries they touch (`scale` 0). */
  private accumulate(u: number, scale: 0 | 1): void {
    const { row } = this;
    const { offsets: xOffsets, indices: xItems, values: xValues } = this.feedback;
    const { offsets, indices, values } = this.similarity;
    for (let a = xOffsets[u]!, end = xOffsets[u + 1]!; a < end; a++) {
      const j = xItems[a]!;
      const x = xValues[a]!;
      for (let b = offsets[j]!, stop = offsets[j + 1]!; b < stop; b++) {
        if (scale === 0) row[indices[b]!] = 0;
        else row[indices[b]!] += x * values[b]!;
      }
    }
  }
}
