import type { Interactions } from '@recsys/data';
import { selectBackend } from '@recsys/train';
import { BaseRecommender } from '../base-recommender.js';
import type { ModelDirContents, StoredArray } from '../io/model-dir.js';
import { productFor } from '../linalg/matrix-product.js';
import { spdInverse, spdInverseWorkspaceBytes } from '../linalg/spd-inverse.js';
import { option, type OptionInput, type OptionValues } from '../options/option-spec.js';
import { resolveOptions } from '../options/resolve-options.js';
import type { FitOptions } from '../recommender.js';
import type { CsrMatrix } from '../neighbourhood/csr-matrix.js';
import { feedbackMatrix, feedbackOption } from '../neighbourhood/feedback-matrix.js';
import { gramLower } from './gram.js';

/**
 * Default option `maxMemoryMB`: 4096 MB, about 32,000 items. A fixed figure rather than a share of
 * `os.totalmem()`, so a fit that runs on one machine runs on the next; and past it the fit is long anyway (items³
 * flops: about half an hour at 32,000 items on wasm), so a larger catalogue takes an explicit decision.
 */
export const EASE_DEFAULT_MAX_MEMORY_MB = 4096;

/**
 * Default of the `lambda` option. On ML-100K (leave-one-out, tuned on the validation item) sampled NDCG@10 is flat
 * from λ = 200 (0.4336) through 300 (0.4335) to 1000 (0.4239); Steck reports 200–1000 on larger logs (λ grows with the
 * number of users). Full-ranking NDCG@10 prefers less (best 100 on ML-100K): tune it, e.g. over 50–2000.
 */
export const EASE_DEFAULT_LAMBDA = 300;

const EASE_OPTIONS = {
  lambda: option.number({
    description: 'L2 regularisation λ, added to the diagonal of the Gram matrix XᵀX',
    default: EASE_DEFAULT_LAMBDA,
    min: 0,
    minExclusive: true,
  }),
  feedback: feedbackOption,
  maxMemoryMB: option.int({
    description: 'Refuse, before allocating, a catalogue whose items × items matrix needs more (MB; items² × 4 bytes)',
    default: EASE_DEFAULT_MAX_MEMORY_MB,
    min: 1,
    flag: 'max-memory-mb',
  }),
};

/** Options of {@link EASE}. */
export type EASEOptions = OptionInput<typeof EASE_OPTIONS>;

/** Pairs of one user scored from the user's cached score row once they are at least 1/16 of the catalogue. */
const ROW_SHARE = 16;

/**
 * EASE^R (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item × item linear model with a
 * closed-form fit. With X the users × items feedback matrix (option `feedback`),
 *
 *   P = (XᵀX + λI)⁻¹,   B = I − P · diag(1 / diag(P))   (so diag(B) = 0),   score(u, i) = Σ_j X_uj · B_ji.
 *
 * B is the minimiser of ‖X − XB‖² + λ‖B‖² subject to diag(B) = 0.
 *
 * **Feedback.** With `feedback: 'binary'` (default) X_uj is 1 for every distinct (user, item) pair, however many rows
 * repeat it; with `'weighted'` it is the pair's rows' values summed (ratings, play counts), or the pair's row count
 * when the log has no value column. Negative values are refused. A weighted model saves its values (a saved log keeps
 * users and items only).
 *
 * **Cost.** Only the items with training interactions enter (m of them; the others decouple: zero rows and columns
 * of B, score 0). Time: the Gram matrix XᵀX from the sparse rows in O(Σ_u deg_u²) (never a dense X), then a blocked
 * Cholesky inverse (`spdInverse`) in m³ flops. Its block products run as tfjs matmuls on the backend
 * `selectBackend` picks (wasm here: 17–20 GFLOP/s) — the best plain-JS kernel reached 1.9 GFLOP/s (the ML-100K inverse
 * took 2.9 s instead of 0.4–0.8 s) — except on the cpu backend, whose matMul (0.7 GFLOP/s) is slower than plain JS.
 * Measured on a 2-core AMD EPYC shared with other jobs: ML-100K (1,682 items) fits in 0.8–1.5 s, 10,000 items in about
 * 75 s. Memory: **m² × 4 bytes × 1 matrix** — the Gram matrix is inverted and turned into B in place — plus
 * O(items × 256) of block workspace: {@link EASE.memoryBytes}. A catalogue needing more than
 * option `maxMemoryMB` is refused before anything is allocated. Scoring: a user's score row x_u·B costs
 * O(deg_u × items) and is cached, so ranking the whole catalogue costs one row per user; a few pairs of a user are
 * summed directly in O(deg_u) each.
 *
 * Cold users (index ≥ numUsers: no history), cold items (index ≥ numItems) and items without training interactions
 * score 0.
 *
 * @example
 * ```ts
 * const model = new EASE({ lambda: 300 });
 * if (EASE.memoryBytes(train.numItems) > 4096 * 2 ** 20) console.log('too many items for EASE');
 * await model.fit(train);
 * const top = await model.recommend(0, 10);
 * ```
 */
export class EASE extends BaseRecommender {
  /** The option schema (the registry and the `recsys` command read it). */
  static readonly options = EASE_OPTIONS;
  readonly name = 'ease';
  /** The resolved options. */
  readonly options: OptionValues<typeof EASE_OPTIONS>;
  /**
   * B over the items with training interactions only, m × m row-major: B[j * m + i] = B_ji for the j-th and i-th of
   * {@link active}. An item without interactions has a zero row and column of XᵀX, λ on the diagonal: it decouples,
   * its row and column of B are zero, and leaving it out of the inverse changes nothing else (the inverse costs m³,
   * not items³).
   */
  private weights: Float32Array = new Float32Array(0);
  /** The items with training interactions, ascending: B's rows and columns. */
  private active: Int32Array = new Int32Array(0);
  /** Each item's index in {@link active}, or −1. */
  private slot: Int32Array = new Int32Array(0);
  /** X by user (the histories scores are summed over). */
  private history: CsrMatrix | undefined;
  private cachedUser = -1;
  private cachedRow = new Float64Array(0);

  constructor(options: EASEOptions = {}) {
    super();
    this.options = resolveOptions(EASE_OPTIONS, options, 'ease');
  }

  /**
   * Bytes an EASE fit on `numItems` items holds at its peak: numItems² × 4 (one float32 matrix, inverted in place)
   * plus the inverse's block workspace. Call it to check a catalogue before fitting.
   *
   * @example
   * ```ts
   * EASE.memoryBytes(1682) / 2 ** 20; // ≈ 25 MB (ML-100K)
   * EASE.memoryBytes(50_000) / 2 ** 20; // ≈ 9,600 MB: refused under the default 4096
   * ```
   */
  static memoryBytes(numItems: number): number {
    return 4 * numItems * numItems + spdInverseWorkspaceBytes(numItems);
  }

  /** Restores a model saved with {@link BaseRecommender.save}. */
  static fromContents(contents: ModelDirContents): EASE {
    const model = new EASE(contents.config as EASEOptions);
    const { train } = contents;
    const n = train.numItems;
    const weights = contents.arrays.weights;
    // The items B covers; a model saved before they were kept covers every item.
    const saved = contents.arrays['weights.items'];
    const active = saved === undefined ? Int32Array.from({ length: n }, (_, i) => i) : saved;
    if (
      !(active instanceof Int32Array) ||
      active.some((i, k) => !(i >= 0 && i < n) || (k > 0 && i <= active[k - 1]!))
    ) {
      throw new Error(`ease: the saved weights.items array is not ascending item indices below ${n}`);
    }
    const m = active.length;
    if (!(weights instanceof Float32Array) || weights.length !== m * m) {
      throw new Error(`ease: the saved weights array is missing or is not ${m} × ${m}`);
    }
    // The saved log keeps users and items only: weighted feedback comes back from its saved values.
    const pattern = feedbackMatrix(train, 'binary', 'ease');
    const values = contents.arrays['feedback.values'];
    const weighted = model.options.feedback === 'weighted';
    if (weighted && (!(values instanceof Float32Array) || values.length !== pattern.values.length)) {
      throw new Error(`ease: the saved feedback values are missing or not one per distinct training pair`);
    }
    if (!weighted && values !== undefined) throw new Error('ease: a binary model saved with feedback values');
    model.weights = weights;
    model.setActive(active, n);
    model.history = weighted ? { ...pattern, values: values as Float32Array } : pattern;
    model.restore(train);
    return model;
  }

  /**
   * B, items × items row-major (`[j * numItems + i]` = B_ji, the weight of history item j in item i's score): a copy,
   * zero in the rows and columns of items without training interactions.
   */
  weightMatrix(): Float32Array {
    if (!this.fitted) throw new Error('ease: the model is not fitted');
    const n = this.numItems;
    const { active, weights } = this;
    const m = active.length;
    const out = new Float32Array(n * n);
    for (let a = 0; a < m; a++) {
      const row = active[a]! * n;
      for (let b = 0; b < m; b++) out[row + active[b]!] = weights[a * m + b]!;
    }
    return out;
  }

  /** The items B covers: those with training interactions, ascending. */
  get coveredItems(): Int32Array {
    return this.active.slice();
  }

  protected override checkFit(train: Interactions, options: FitOptions): void {
    super.checkFit(train, options);
    const n = activeItems(train).length;
    const bytes = EASE.memoryBytes(n);
    const limit = this.options.maxMemoryMB;
    if (bytes > limit * 2 ** 20) {
      const mb = (x: number) => Math.ceil(x / 2 ** 20).toLocaleString('en-US');
      const of = n < train.numItems ? ` with training interactions (of ${train.numItems.toLocaleString('en-US')})` : '';
      throw new RangeError(
        `ease: ${n.toLocaleString('en-US')} items${of} need about ${mb(bytes)} MB (items² × 4 bytes × 1 matrix = ` +
          `${mb(4 * n * n)} MB, inverted in place, plus ${mb(bytes - 4 * n * n)} MB of block workspace), more than ` +
          `maxMemoryMB ${limit.toLocaleString('en-US')}; nothing was allocated. Raise maxMemoryMB (--max-memory-mb) ` +
          'if the machine has the memory (the fit takes items³ flops: half an hour at 32,000 items on wasm), or use a ' +
          'factor model (ials) for a catalogue this large',
      );
    }
  }

  protected async fitModel(train: Interactions, options: FitOptions): Promise<void> {
    const { lambda, feedback } = this.options;
    const backend = (await selectBackend({ log: options.log })).name;
    this.weights = new Float32Array(0); // a refit never holds the old B beside the new matrix
    this.cachedUser = -1;
    const started = performance.now();
    const history = feedbackMatrix(train, feedback, 'ease');
    this.setActive(activeItems(train), train.numItems);
    const n = this.active.length;
    // X over the covered items: the slots keep each row's column order (they ascend with the items).
    const g = gramLower({ ...history, columns: n, indices: Int32Array.from(history.indices, (i) => this.slot[i]!) });
    for (let i = 0; i < n; i++) g[i * n + i] += lambda;
    const built = performance.now();
    spdInverse(g, n, { product: productFor(backend), what: 'ease: XᵀX + λI' });
    const inverted = performance.now();
    // B_ji = −P_ji / P_ii for j ≠ i (column i scaled by 1 / P_ii), B_ii = 0: in place over P.
    const scale = new Float64Array(n);
    for (let i = 0; i < n; i++) scale[i] = -1 / g[i * n + i];
    for (let j = 0; j < n; j++) {
      const row = j * n;
      for (let i = 0; i < n; i++) g[row + i] *= scale[i];
      g[row + j] = 0;
    }
    this.weights = g;
    this.history = history;
    this.cachedUser = -1;
    this.cachedRow = new Float64Array(train.numItems);
    const s = (from: number, to: number) => ((to - from) / 1000).toFixed(2);
    options.log?.(
      `ease: ${n} items with training interactions (of ${train.numItems}), Gram matrix ${s(started, built)} s, inverse ${s(built, inverted)} s ` +
        `(${backend === 'cpu' ? 'plain-JS' : `tfjs ${backend}`} block products), B ${s(inverted, performance.now())} s`,
    );
  }

  async score(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    const history = this.history;
    if (!this.fitted || !history) throw new Error('ease: the model is not fitted');
    if (!(users instanceof Int32Array) || !(items instanceof Int32Array)) {
      throw new TypeError(`${this.name}.score: users and items must be Int32Arrays of indices`);
    }
    if (users.length !== items.length) {
      throw new RangeError(`ease.score: ${users.length} users for ${items.length} items`);
    }
    const n = this.numItems;
    const m = this.active.length;
    const slot = this.slot;
    const numUsers = this.numUsers;
    const b = this.weights;
    const { offsets: ptr, indices: cols, values } = history;
    const out = new Float32Array(items.length);
    for (let k = 0; k < users.length;) {
      const u = users[k];
      let end = k + 1;
      while (end < users.length && users[end] === u) end++;
      if (u >= 0 && u < numUsers) {
        if (u === this.cachedUser || (end - k) * ROW_SHARE >= n) {
          const row = this.scoreRow(u);
          for (let q = k; q < end; q++) {
            const i = items[q];
            out[q] = i >= 0 && i < n ? row[i] : 0;
          }
        } else {
          // A few pairs: Σ_j X_uj B_ji directly, in the row's order of additions (the same scores either way).
          for (let q = k; q < end; q++) {
            const i = items[q];
            if (!(i >= 0 && i < n) || slot[i]! < 0) continue; // an item without interactions scores 0
            const c = slot[i]!;
            let s = 0;
            for (let p = ptr[u]; p < ptr[u + 1]; p++) s += values[p] * b[slot[cols[p]]! * m + c];
            out[q] = s;
          }
        }
      }
      k = end;
    }
    return out;
  }

  /** x_u · B for user `u`, cached until another user's row is needed. */
  private scoreRow(u: number): Float64Array {
    if (u === this.cachedUser) return this.cachedRow;
    const n = this.numItems;
    if (this.cachedRow.length !== n) this.cachedRow = new Float64Array(n);
    const row = this.cachedRow.fill(0);
    const { offsets: ptr, indices: cols, values } = this.history!;
    const { weights: b, active, slot } = this;
    const m = active.length;
    for (let p = ptr[u]; p < ptr[u + 1]; p++) {
      const v = values[p];
      const from = slot[cols[p]]! * m;
      for (let c = 0; c < m; c++) row[active[c]!] += v * b[from + c];
    }
    this.cachedUser = u;
    return row;
  }

  protected config() {
    return { ...this.options };
  }

  protected arrays(): Record<string, StoredArray> {
    const { weights, history, active } = this;
    const b = { weights, 'weights.items': active };
    // The saved log keeps users and items only: weighted feedback cannot be rebuilt from it.
    return this.options.feedback === 'weighted' ? { ...b, 'feedback.values': history!.values } : b;
  }

  /** Sets the covered items and each item's slot among them. */
  private setActive(active: Int32Array, numItems: number): void {
    this.active = active;
    this.slot = new Int32Array(numItems).fill(-1);
    active.forEach((item, k) => (this.slot[item] = k));
  }
}

/** The items with at least one training interaction, ascending. */
function activeItems(train: Interactions): Int32Array {
  return Int32Array.from({ length: train.numItems }, (_, i) => i).filter((i) => train.itemDegree(i) > 0);
}
