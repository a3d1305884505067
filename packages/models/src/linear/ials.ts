import { Random, type Interactions } from '@recsys/data';
import { selectBackend } from '@recsys/train';
import { BaseRecommender } from '../base-recommender.js';
import { EmbeddingScores } from '../neural/embedding-scores.js';
import type { ModelDirContents } from '../io/model-dir.js';
import { option, type OptionInput, type OptionValues } from '../options/option-spec.js';
import { resolveOptions } from '../options/resolve-options.js';
import type { FitOptions, FitReport } from '../recommender.js';
import { alsLoss, gramian, rowLambdas, solveRows } from './als.js';
import { transposeCsr, type CsrMatrix } from '../neighbourhood/csr-matrix.js';
import { feedbackMatrix, feedbackOption } from '../neighbourhood/feedback-matrix.js';

const IALS_OPTIONS = {
  factors: option.int({ description: 'Latent factors per user and item', default: 64, min: 1, max: 1024 }),
  alpha: option.number({
    description: 'Confidence slope: an observed pair weighs c = 1 + alpha·r (unobserved pairs weigh 1)',
    default: 4,
    min: 0,
  }),
  lambda: option.number({
    description: 'L2 regularisation λ on the factors (per row: see --regularization)',
    default: 0.015,
    min: 0,
    minExclusive: true,
  }),
  regularization: option.choice({
    description: "frequency: a row's λ is scaled by its total confidence (Rendle et al. 2021); plain: λ for every row",
    choices: ['frequency', 'plain'],
    default: 'frequency',
  }),
  sweeps: option.int({
    description: 'Sweeps (iterations): each solves all users, then all items',
    default: 15,
    min: 1,
  }),
  solver: option.choice({
    description: 'Row solves: cg (conjugate gradient, warm-started) or cholesky (exact)',
    choices: ['cg', 'cholesky'],
    default: 'cg',
  }),
  cgSteps: option.int({ description: 'Conjugate-gradient steps per row solve (solver cg)', default: 3, min: 1 }),
  std: option.number({
    description: 'Standard deviation of the initial factors, N(0, std²), seeded',
    default: 0.1,
    min: 0,
    minExclusive: true,
  }),
  feedback: feedbackOption,
};

/** Options of {@link IALS}. */
export type IALSOptions = OptionInput<typeof IALS_OPTIONS>;

/** What {@link IALS.fit} reports: {@link FitReport} and the loss after each sweep. */
export interface IALSFitReport extends FitReport {
  /** The objective after each sweep, first to last (non-increasing). */
  sweepLosses: number[];
  /** Wall-clock seconds of each sweep (both half-steps and the loss). */
  sweepSeconds: number[];
}

/**
 * iALS: matrix factorisation for implicit feedback by alternating least squares (Hu, Koren & Volinsky, "Collaborative
 * Filtering for Implicit Feedback Datasets", ICDM 2008; Rendle et al., "Revisiting the Performance of iALS on Item
 * Recommendation Benchmarks", RecSys 2022, arXiv 2110.14037). Every (user, item) pair has preference p = 1 if observed,
 * else 0, and confidence c = 1 + α·r if observed (r = 1 with `feedback: 'binary'`, the pair's summed values with
 * `'weighted'`), else 1. It minimises
 *
 *   L = Σ_{all u,i} c_ui (p_ui − x_u·y_i)² + Σ_u λ_u ‖x_u‖² + Σ_i λ_i ‖y_i‖²,
 *
 * alternating exact-or-approximate solves of all user rows and all item rows. score(u, i) = x_u·y_i.
 *
 * **Feedback.** With `feedback: 'binary'` (default) r is 1 for every distinct (user, item) pair, however many rows
 * repeat it; with `'weighted'` it is the pair's rows' values summed (ratings, play counts), or the pair's row count
 * when the log has no value column. Negative values are refused (the confidence would fall below 1).
 *
 * **Regularization.** By default (`'frequency'`) a row's λ is scaled by its total confidence, λ_u = λ·Σ_i c_ui =
 * λ·(items + α·Σ_i r_ui) — Rendle et al. 2021's frequency-scaled regularization (ν = 1) rewritten for Hu et al.'s
 * confidences. `'plain'` uses λ for every row, as Hu et al. and the `implicit` library. The two need very different λ
 * (the frequency one is multiplied by about the catalogue size).
 *
 * **Solves.** The Gramian trick: YᵀY is computed once per half-step, and a row's system YᵀY + Yᵀ(C_u − I)Y + λ_u I
 * adds only its observed items. `solver: 'cg'` (default) runs `cgSteps` conjugate-gradient steps (default 3, as
 * `implicit`) from the previous sweep's row; `'cholesky'` forms and factors each system exactly.
 *
 * **Loss.** After every sweep the objective is computed exactly (O(nnz·f + (users + items)·f²)), logged through
 * `options.log`, and kept: {@link IALS.sweepLosses} and the report's `sweepLosses`. Each half-step never raises it
 * (both solvers minimise the row's quadratic from where it was). A non-finite loss stops the fit with an error.
 *
 * **Cost.** Per sweep, with f factors: cg O((users + items)·cgSteps·f² + nnz·cgSteps·f), cholesky
 * O(nnz·f² + (users + items)·f³/6). Memory: (users + items)·f float64 factors while fitting, float32 after, plus the
 * feedback matrix twice (by user and by item). Measured on a 2-core AMD EPYC shared with other jobs, 64 factors:
 * ML-100K 0.3–0.6 s per sweep with cg, 1.0–1.5 s with cholesky; 10,000 items × 10,000 users (300k pairs) 1.5 s per
 * cg sweep; 50,000 items × 25,000 users (750k pairs) 4.6 s.
 *
 * **Defaults** (64 factors, α = 4, λ = 0.015 frequency-scaled, 15 sweeps of 3 CG steps) were chosen on ML-100K's
 * validation item (leave-one-out): sampled NDCG@10 0.438, on a plateau from α = 0.5 to 8 at λ = 0.007–0.02 (0.42–0.44);
 * plain regularization did as well at its best (α = 8, λ = 30: 0.435). Tune α and λ per data set.
 *
 * Factors start N(0, std²) from `FitOptions.seed` (same seed, same factors). Cold users and items (index ≥ numUsers,
 * numItems) score 0.
 *
 * @example
 * ```ts
 * const model = new IALS({ factors: 64, alpha: 4, lambda: 0.015, sweeps: 15 });
 * const { sweepLosses } = await model.fit(train, { seed: 1, log: console.log });
 * const top = await model.recommend(0, 10);
 * ```
 */
export class IALS extends BaseRecommender {
  /** The option schema (the registry and the `recsys` command read it). */
  static readonly options = IALS_OPTIONS;
  readonly name = 'ials';
  /** The resolved options. */
  readonly options: OptionValues<typeof IALS_OPTIONS>;
  private userFactors: Float32Array = new Float32Array(0);
  private itemFactors: Float32Array = new Float32Array(0);
  /** The factors as {@link EmbeddingScores} reads them, made on the first score after a fit or restore. */
  private scoring: EmbeddingScores | undefined;
  private losses: number[] = [];
  private seconds: number[] = [];

  constructor(options: IALSOptions = {}) {
    super();
    this.options = resolveOptions(IALS_OPTIONS, options, 'ials');
  }

  /** Restores a model saved with {@link BaseRecommender.save}. */
  static fromContents(contents: ModelDirContents): IALS {
    const model = new IALS(contents.config as IALSOptions);
    const { train } = contents;
    const f = model.options.factors;
    const users = contents.arrays.userFactors;
    const items = contents.arrays.itemFactors;
    if (!(users instanceof Float32Array) || users.length !== train.numUsers * f) {
      throw new Error(`ials: the saved userFactors array is missing or is not ${train.numUsers} × ${f}`);
    }
    if (!(items instanceof Float32Array) || items.length !== train.numItems * f) {
      throw new Error(`ials: the saved itemFactors array is missing or is not ${train.numItems} × ${f}`);
    }
    model.userFactors = users;
    model.itemFactors = items;
    model.dropScoring();
    model.restore(train);
    return model;
  }

  /** The objective after each sweep of the last fit (empty for a loaded model). */
  get sweepLosses(): readonly number[] {
    return this.losses;
  }

  /** The factors, row-major float32: users × factors and items × factors (copies). */
  factors(): { users: Float32Array; items: Float32Array } {
    return { users: this.userFactors.slice(), items: this.itemFactors.slice() };
  }

  protected override checkFit(train: Interactions, options: FitOptions): void {
    super.checkFit(train, options);
    const { seed } = options;
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
      throw new RangeError(`ials.fit: option "seed" must be an integer in [0, 2^32 − 1], got ${seed}`);
    }
  }

  override async fit(train: Interactions, options: FitOptions = {}): Promise<IALSFitReport> {
    const report = await super.fit(train, options);
    return { ...report, sweepLosses: [...this.losses], sweepSeconds: [...this.seconds] };
  }

  protected async fitModel(train: Interactions, options: FitOptions): Promise<void> {
    const { factors: f, alpha, lambda, regularization, sweeps, solver, cgSteps, std, feedback } = this.options;
    this.losses = [];
    this.seconds = [];
    const byUser = feedbackMatrix(train, feedback, 'ials'); // refuses negative values: confidence is 1 + alpha·r
    const byItem = transposeCsr(byUser);
    const random = new Random(options.seed ?? 42);
    const x = new Float64Array(train.numUsers * f);
    const y = new Float64Array(train.numItems * f);
    for (let k = 0; k < x.length; k++) x[k] = std * random.normal();
    for (let k = 0; k < y.length; k++) y[k] = std * random.normal();
    const userLambdas = rowLambdas(byUser, lambda, alpha, regularization);
    const itemLambdas = rowLambdas(byItem, lambda, alpha, regularization);
    const common = { alpha, solver, cgSteps } as const;
    for (let sweep = 1; sweep <= sweeps; sweep++) {
      const started = performance.now();
      solveRows(x, y, byUser, f, gramian(y, train.numItems, f), { ...common, lambdas: userLambdas, side: 'user' });
      const gramX = gramian(x, train.numUsers, f);
      solveRows(y, x, byItem, f, gramX, { ...common, lambdas: itemLambdas, side: 'item' });
      const loss = alsLoss(x, y, byItem, f, gramX, alpha, userLambdas, itemLambdas);
      if (!Number.isFinite(loss)) {
        throw new Error(
          `ials: the loss is ${loss} after sweep ${sweep}: the factors overflowed (alpha ${alpha}, lambda ` +
            `${lambda}); lower alpha or raise lambda`,
        );
      }
      this.losses.push(loss);
      const seconds = (performance.now() - started) / 1000;
      this.seconds.push(seconds);
      options.log?.(`ials: sweep ${sweep}/${sweeps} loss ${loss.toPrecision(7)} (${seconds.toFixed(2)} s)`);
      await new Promise((resolve) => setImmediate(resolve)); // let timers and signals run between sweeps
    }
    refuseCollapsedFactors(x, y, byUser, f, userLambdas, this.options);
    this.userFactors = Float32Array.from(x);
    this.itemFactors = Float32Array.from(y);
    this.dropScoring();
  }

  /** Forgets the scoring rows: the factors changed. */
  private dropScoring(): void {
    this.scoring?.dispose();
    this.scoring = undefined;
  }

  async score(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    if (!this.fitted) throw new Error('ials: the model is not fitted');
    if (!(users instanceof Int32Array) || !(items instanceof Int32Array)) {
      throw new TypeError(`${this.name}.score: users and items must be Int32Arrays of indices`);
    }
    if (users.length !== items.length) {
      throw new RangeError(`ials.score: ${users.length} users for ${items.length} items`);
    }
    await selectBackend();
    // x_u·y_i, cold ids 0: full ranking is one matmul of the users' factors against every item's.
    this.scoring ??= new EmbeddingScores(withColdRow(this.userFactors, this.options.factors),
      withColdRow(this.itemFactors, this.options.factors), this.options.factors); // prettier-ignore
    return this.scoring.score(users, items);
  }

  protected config() {
    return { ...this.options };
  }

  protected arrays() {
    return { userFactors: this.userFactors, itemFactors: this.itemFactors };
  }
}

/**
 * Throws when the factors shrank to (almost) zero: the model then predicts ≈ 0 even for the training pairs (target
 * 1), scores are lost in float32, and items tie — a model that ranks nothing, which would be reported as a result of
 * 0. The usual cause is frequency-scaled λ on a large catalogue: each row's penalty λ·(items + α·Σr) grows with the
 * number of items.
 */
function refuseCollapsedFactors(
  x: Float64Array,
  y: Float64Array,
  byUser: CsrMatrix,
  f: number,
  userLambdas: Float64Array,
  { lambda, regularization }: { lambda: number; regularization: 'frequency' | 'plain' },
): void {
  let largest = 0; // the largest prediction for a training pair
  for (let u = 0; u < byUser.rows; u++) {
    for (let k = byUser.offsets[u]!; k < byUser.offsets[u + 1]!; k++) {
      const i = byUser.indices[k]!;
      let s = 0;
      for (let d = 0; d < f; d++) s += x[u * f + d]! * y[i * f + d]!;
      largest = Math.max(largest, Math.abs(s));
    }
  }
  if (largest > 1e-6) return;
  const penalties = Float64Array.from(userLambdas).sort();
  const typical = penalties[penalties.length >> 1] ?? 0;
  const cause =
    regularization === 'frequency'
      ? `frequency-scaled λ ${lambda} penalises a typical user row by ${typical.toPrecision(3)} (λ · (items + ` +
        `α·Σr), with ${byUser.columns.toLocaleString('en-US')} items); lower λ in proportion to the catalogue, or ` +
        "use regularization 'plain' (λ about 10–30)"
      : `λ ${lambda} is too large for this data; lower it`;
  throw new Error(
    `ials: the factors collapsed to zero (the largest prediction for a training pair is ${largest.toPrecision(2)}, ` +
      `its target 1): every score would tie. ${cause[0]!.toUpperCase()}${cause.slice(1)}`,
  );
}

/** `rows` (row-major, `width` wide) followed by a row of zeros: what a cold id scores against. */
function withColdRow(rows: Float32Array, width: number): Float32Array {
  const out = new Float32Array(rows.length + width);
  out.set(rows);
  return out;
}
