import type { ModelDirContents } from '../io/model-dir.js';
import type { ModelSpec } from '../model-spec.js';
import { option, type OptionInput } from '../options/option-spec.js';
import { transposeCsr, type CsrMatrix } from './csr-matrix.js';
import { ItemSimilarityRecommender } from './item-similarity-recommender.js';
import { weightFeedback } from './item-weighting.js';
import { feedbackOption } from './feedback-matrix.js';
import { TopKRows } from './top-k-rows.js';

const spec = {
  name: 'itemknn',
  description: 'ItemKNN: item-item cosine with shrinkage, top-k neighbours per item (optional TF-IDF / BM25 weights)',
  options: {
    neighbours: option.int({ description: 'Neighbours kept per item', default: 100, min: 1 }),
    shrink: option.number({ description: 'Shrinkage added to the cosine denominator', default: 10, min: 0 }),
    weighting: option.choice({
      description: 'Weighting of the user × item matrix before the cosine',
      choices: ['none', 'tfidf', 'bm25'] as const,
      default: 'none',
    }),
    bm25K1: option.number({ description: "With weighting 'bm25': term saturation k1", min: 0, defaultText: '1.2' }),
    bm25B: option.number({
      description: "With weighting 'bm25': length normalisation b",
      min: 0,
      max: 1,
      defaultText: '0.75',
    }),
    feedback: feedbackOption,
  },
} as const satisfies ModelSpec;

/** Hyper-parameters of {@link ItemKNN}. */
export type ItemKNNOptions = OptionInput<typeof spec.options>;

/**
 * ItemKNN: item-based collaborative filtering with a shrunk cosine (Sarwar et al. 2001, "Item-based collaborative
 * filtering recommendation algorithms"; the tuned baseline of Dacrema et al. 2019, "Are we really making much
 * progress?"). Over the item columns x_i of the user × item matrix (see `feedback`, optionally re-weighted, see
 * `weighting`):
 *
 * `s_ij = x_i·x_j / (‖x_i‖ ‖x_j‖ + shrink)`, for i ≠ j,
 *
 * of which each target item i keeps its `neighbours` most similar items j (ties: the lower item index; similarity 0
 * is no neighbour). A user's score for item i sums the similarities of i's neighbours the user has, weighted by the
 * user's (unweighted) feedback: `score(u, i) = Σ_{j ∈ I_u} x_uj s_ji`. Cold users and cold items score 0.
 *
 * `weighting` re-weights the matrix before the cosine as a text index where items are documents and their users the
 * terms (the `implicit` library's TF-IDF and BM25 recommenders): with `idf(u) = max(0, ln(items / (1 + |I_u|)))`,
 * `'tfidf'` uses `sqrt(x_ui)·idf(u)` and `'bm25'` uses `x_ui(k1 + 1) / (k1(1 − b + b·len_i/avglen) + x_ui)·idf(u)`,
 * `len_i = Σ_u x_ui` (k1 = `bm25K1`, default 1.2; b = `bm25B`, default 0.75).
 *
 * Cost: fit O(Σ_u |I_u|² + items · c log k) time (c the co-occurring items of an item), one dense row of items at a
 * time; memory after fit O(items · neighbours + distinct pairs). Scoring O(|I_u| · neighbours) per user (cached).
 *
 * @example
 * ```ts
 * const knn = new ItemKNN({ neighbours: 50, shrink: 10 });
 * await knn.fit(train);
 * const top = await knn.recommend(0, 10);
 * ```
 */
export class ItemKNN extends ItemSimilarityRecommender<typeof spec.options> {
  static readonly spec = spec;

  /**
   * @throws RangeError naming the option when an option is unknown or out of range, or `bm25K1`/`bm25B` is given
   * without `weighting: 'bm25'`.
   */
  constructor(options: ItemKNNOptions = {}) {
    super(options);
    const { weighting, bm25K1, bm25B } = this.options;
    if (weighting !== 'bm25' && (bm25K1 !== undefined || bm25B !== undefined)) {
      throw new RangeError(`itemknn: bm25K1 and bm25B apply with weighting 'bm25' only (got '${weighting}')`);
    }
  }

  /**
   * Restores a model saved with {@link BaseRecommender.save}.
   *
   * @throws Error when the saved config or arrays are not an ItemKNN model's.
   */
  static fromContents(contents: ModelDirContents): ItemKNN {
    return new ItemKNN(contents.config as ItemKNNOptions).restoreFrom(contents);
  }

  protected similarity(x: CsrMatrix): CsrMatrix {
    const { neighbours, shrink, weighting, bm25K1 = 1.2, bm25B = 0.75 } = this.options;
    const w = weightFeedback(x, weighting, { k1: bm25K1, b: bm25B });
    const byItem = transposeCsr(w);
    const n = x.columns;
    const norms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let a = byItem.offsets[i]!; a < byItem.offsets[i + 1]!; a++) sum += byItem.values[a]! ** 2;
      norms[i] = Math.sqrt(sum);
    }
    const rows = new TopKRows(n, n, neighbours);
    const dot = new Float64Array(n);
    const stamp = new Int32Array(n).fill(-1); // stamp[j] === i: j co-occurs with i (dot[j] is live)
    const candidates = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let count = 0;
      // Row i of WᵀW, one user of i at a time: O(Σ_{u ∈ U_i} |I_u|).
      for (let a = byItem.offsets[i]!; a < byItem.offsets[i + 1]!; a++) {
        const u = byItem.indices[a]!;
        const wui = byItem.values[a]!;
        for (let b = w.offsets[u]!; b < w.offsets[u + 1]!; b++) {
          const j = w.indices[b]!;
          if (stamp[j] !== i) {
            stamp[j] = i;
            dot[j] = 0;
            candidates[count++] = j;
          }
          dot[j] += wui * w.values[b]!;
        }
      }
      for (let c = 0; c < count; c++) {
        const j = candidates[c]!;
        dot[j] = j === i ? 0 : dot[j]! / (norms[i]! * norms[j]! + shrink);
      }
      rows.addRow(candidates, count, dot);
    }
    // Row i holds target i's neighbours j; scoring reads by source j, so the kept entries are stored transposed.
    return transposeCsr(rows.build());
  }
}
