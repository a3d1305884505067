import * as tf from '@tensorflow/tfjs-core';

/**
 * Scores of a model whose score is a dot product of a user row and an item row (DualNet's matching embeddings, DMF's
 * normalised latent vectors, BPR-MF's factors, GMF's and MF's with their weights and biases folded in, see
 * {@link scoringRows}), computed once for every user and item after training.
 *
 * The rows are row-major, one per user (item) index, plus a last row for an index outside the model (a cold id: the
 * towers' output for an empty input). A batch that ranks its users against much of the catalogue (full ranking,
 * holdout, a candidate set of a fifth of the items) is scored as one matmul of its distinct users' rows against every
 * item's: per-pair dot products in JavaScript run at about a GFLOP/s, the backend's matmul many times faster. A
 * sparse batch (sampled negatives: a hundred items per user) would compute mostly unused cells, so it is scored pair
 * by pair.
 *
 * @example
 * ```ts
 * const scores = new EmbeddingScores(userRows, itemRows, 64, { floor: 1e-6 }); // DMF: cosine clipped at μ
 * scores.score(Int32Array.of(0, 0), Int32Array.of(3, 7));
 * scores.dispose();
 * ```
 */
export class EmbeddingScores {
  readonly numUsers: number;
  readonly numItems: number;
  /** The item rows as a `[size × items + 1]` tensor, made on first use: kept transposed (see {@link scoreByMatmul}). */
  private itemMatrix: tf.Tensor2D | undefined;

  /**
   * @param users - `(numUsers + 1) × size` values: each user's row, then the cold row.
   * @param items - `(numItems + 1) × size` values: each item's row, then the cold row.
   * @param size - the row length.
   * @param options - `floor`: scores below it are raised to it (DMF's max(μ, ŷ)); `sigmoid`: the dot products are
   *   logits, and scores their sigmoid (GMF, MF).
   * @throws RangeError when a length is not a whole number of rows.
   */
  constructor(
    readonly users: Float32Array,
    readonly items: Float32Array,
    readonly size: number,
    private readonly options: { floor?: number; sigmoid?: boolean } = {},
  ) {
    if (!(Number.isInteger(size) && size >= 1) || users.length % size !== 0 || items.length % size !== 0) {
      throw new RangeError(`EmbeddingScores: ${users.length} and ${items.length} values are not rows of ${size}`);
    }
    this.numUsers = users.length / size - 1;
    this.numItems = items.length / size - 1;
    if (this.numUsers < 0 || this.numItems < 0) throw new RangeError('EmbeddingScores: the cold rows are missing');
  }

  /** One score per pair `(users[k], items[k])`; an index outside the model reads the cold row. */
  score(users: Int32Array, items: Int32Array): Float32Array {
    const out = this.scoreByMatmul(users, items) ?? this.scoreByPairs(users, items);
    const { floor, sigmoid } = this.options;
    if (floor !== undefined) for (let k = 0; k < out.length; k++) if (out[k]! < floor) out[k] = floor;
    if (sigmoid) for (let k = 0; k < out.length; k++) out[k] = 1 / (1 + Math.exp(-out[k]!));
    return out;
  }

  /** Frees the item tensor. */
  dispose(): void {
    this.itemMatrix?.dispose();
    this.itemMatrix = undefined;
  }

  private scoreByPairs(users: Int32Array, items: Int32Array): Float32Array {
    const { size, numUsers, numItems } = this;
    const out = new Float32Array(users.length);
    for (let k = 0; k < users.length; k++) {
      const u = users[k]!;
      const i = items[k]!;
      const p = (u >= 0 && u < numUsers ? u : numUsers) * size;
      const q = (i >= 0 && i < numItems ? i : numItems) * size;
      let dot = 0;
      for (let d = 0; d < size; d++) dot += this.users[p + d]! * this.items[q + d]!;
      out[k] = dot;
    }
    return out;
  }

  /** Each distinct user's row against every item's as one matmul, or `undefined` for a sparse batch. */
  private scoreByMatmul(users: Int32Array, items: Int32Array): Float32Array | undefined {
    const rowOf = new Map<number, number>();
    for (let k = 0, last = -1; k < users.length; k++) {
      if (users[k] === last) continue; // pairs come in runs of one user
      last = users[k]!;
      if (!rowOf.has(last)) rowOf.set(last, rowOf.size);
    }
    const { size, numUsers, numItems } = this;
    const columns = numItems + 1;
    // The matmul wastes the cells no pair asks for, but runs ~20x faster than per-pair dots: worth it up to 16 cells
    // per pair (a fifth of the catalogue per user, as out-of-matrix candidates are), not for 100 sampled negatives.
    if (rowOf.size * columns > 16 * users.length) return undefined;
    const rows = new Float32Array(rowOf.size * size);
    for (const [u, r] of rowOf) {
      const p = (u >= 0 && u < numUsers ? u : numUsers) * size;
      rows.set(this.users.subarray(p, p + size), r * size);
    }
    // Transposed once: wasm's matmul runs about 7× slower with transposeB on a batch of few users.
    this.itemMatrix ??= tf.tidy(() => tf.transpose(tf.tensor2d(this.items, [columns, size])));
    const itemMatrix = this.itemMatrix;
    const product = tf.tidy(() => tf.matMul(tf.tensor2d(rows, [rowOf.size, size]), itemMatrix));
    let all: Float32Array;
    try {
      all = product.dataSync() as Float32Array;
    } finally {
      product.dispose();
    }
    const out = new Float32Array(users.length);
    for (let k = 0, last = -1, base = 0; k < users.length; k++) {
      if (users[k] !== last) {
        last = users[k]!;
        base = rowOf.get(last)! * columns;
      }
      const i = items[k]!;
      out[k] = all[base + (i >= 0 && i < numItems ? i : numItems)]!;
    }
    return out;
  }
}
