import type { ModelDirContents } from '../io/model-dir.js';
import type { ModelSpec } from '../model-spec.js';
import { option, type OptionInput } from '../options/option-spec.js';
import { transposeCsr, type CsrMatrix } from './csr-matrix.js';
import { ItemSimilarityRecommender } from './item-similarity-recommender.js';
import { feedbackOption } from './feedback-matrix.js';
import { TopKRows } from './top-k-rows.js';

const spec = {
  name: 'rp3beta',
  description: 'RP3beta: 3-step random-walk item similarity with a popularity penalty, top-k neighbours per item',
  options: {
    alpha: option.number({ description: 'Exponent of the transition probabilities', default: 1, min: 0 }),
    beta: option.number({ description: 'Popularity penalty: similarity / popularity^beta', default: 0.5, min: 0 }),
    neighbours: option.int({ description: 'Neighbours kept per item', default: 100, min: 1 }),
    normalize: option.boolean({
      description: "L1-normalise each item's kept similarities (after pruning)",
      default: false,
    }),
    feedback: feedbackOption,
  },
} as const satisfies ModelSpec;

/** Hyper-parameters of {@link RP3beta}. */
export type RP3betaOptions = OptionInput<typeof spec.options>;

/**
 * RP3beta (Paudel, Christoffel, Mendoza & Bernstein 2017, "Updatable, accurate, diverse, and scalable recommendations
 * for interactive applications", ACM TiiS): a random walk on the user–item graph, user → item → user → item, whose
 * item → user → item part is an item similarity, re-ranked against popularity. With the transition probabilities of
 * the row-normalised feedback matrix x (see `feedback`), `P_ui = x_ui / Σ_j x_uj` (user → item) and
 * `P_iu = x_ui / Σ_v x_vi` (item → user), each raised to `alpha`:
 *
 * `s_ij = (Σ_u P_iu^α P_uj^α) / pop_j^β`, for i ≠ j, with `pop_j` the number of distinct users of j,
 *
 * of which each item i keeps its `neighbours` largest entries (the items its walk reaches most likely; ties: the lower
 * item index; 0 is no neighbour). The diagonal is left out: it only scores items a user already has, and would take a
 * neighbour's place. With `normalize`, each item's kept row is divided by its sum (L1), so every item a user has
 * casts the same total weight; off by default (as in Dacrema et al.'s tuned baseline, which tunes it). Scores:
 * `score(u, j) = Σ_{i ∈ I_u} x_ui s_ij` (for binary feedback, the walk's first step P_ui = 1/|I_u| only rescales a
 * user's scores, so it is left out). Cold users and cold items score 0. `alpha = 1, beta = 0` is P3alpha's plain
 * 3-step walk.
 *
 * Cost: fit O(Σ_u |I_u|² + items · c log k) time (c the items an item's walk reaches), one dense row of items at a
 * time; memory after fit O(items · neighbours + distinct pairs). Scoring O(|I_u| · neighbours) per user (cached).
 *
 * @example
 * ```ts
 * const rp3 = new RP3beta({ alpha: 0.8, beta: 0.3, neighbours: 200 });
 * await rp3.fit(train);
 * const top = await rp3.recommend(0, 10);
 * ```
 */
export class RP3beta extends ItemSimilarityRecommender<typeof spec.options> {
  static readonly spec = spec;

  /** @throws RangeError naming the option when an option is unknown or out of range. */
  constructor(options: RP3betaOptions = {}) {
    super(options);
  }

  /**
   * Restores a model saved with {@link BaseRecommender.save}.
   *
   * @throws Error when the saved config or arrays are not an RP3beta model's.
   */
  static fromContents(contents: ModelDirContents): RP3beta {
    return new RP3beta(contents.config as RP3betaOptions).restoreFrom(contents);
  }

  protected similarity(x: CsrMatrix): CsrMatrix {
    const { alpha, beta, neighbours, normalize } = this.options;
    const n = x.columns;
    const byItem = transposeCsr(x);
    // 0^0 is 1 in Math.pow: an entry of value 0 is no edge, whatever alpha is.
    const power = (p: number) => (p > 0 ? p ** alpha : 0);
    const userToItem = new Float64Array(x.values.length); // P_uj^α, parallel to x's entries
    for (let u = 0; u < x.rows; u++) {
      let sum = 0;
      for (let b = x.offsets[u]!; b < x.offsets[u + 1]!; b++) sum += x.values[b]!;
      for (let b = x.offsets[u]!; b < x.offsets[u + 1]!; b++) userToItem[b] = power(x.values[b]! / sum);
    }
    const itemToUser = new Float64Array(byItem.values.length); // P_iu^α, parallel to byItem's entries
    const penalty = new Float64Array(n); // pop_j^−β
    for (let i = 0; i < n; i++) {
      const start = byItem.offsets[i]!;
      const end = byItem.offsets[i + 1]!;
      let sum = 0;
      for (let a = start; a < end; a++) sum += byItem.values[a]!;
      for (let a = start; a < end; a++) itemToUser[a] = power(byItem.values[a]! / sum);
      penalty[i] = end > start ? (end - start) ** -beta : 0;
    }
    const rows = new TopKRows(n, n, neighbours);
    const walk = new Float64Array(n);
    const stamp = new Int32Array(n).fill(-1); // stamp[j] === i: the walk from i reaches j (walk[j] is live)
    const candidates = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let count = 0;
      for (let a = byItem.offsets[i]!; a < byItem.offsets[i + 1]!; a++) {
        const u = byItem.indices[a]!;
        const piu = itemToUser[a]!;
        for (let b = x.offsets[u]!; b < x.offsets[u + 1]!; b++) {
          const j = x.indices[b]!;
          if (stamp[j] !== i) {
            stamp[j] = i;
            walk[j] = 0;
            candidates[count++] = j;
          }
          walk[j] += piu * userToItem[b]!;
        }
      }
      for (let c = 0; c < count; c++) {
        const j = candidates[c]!;
        walk[j] = j === i ? 0 : walk[j]! * penalty[j]!;
      }
      rows.addRow(candidates, count, walk);
    }
    const sim = rows.build();
    if (normalize) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let k = sim.offsets[i]!; k < sim.offsets[i + 1]!; k++) sum += sim.values[k]!;
        for (let k = sim.offsets[i]!; k < sim.offsets[i + 1]!; k++) sim.values[k] = sim.values[k]! / sum;
      }
    }
    return sim;
  }
}
