import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import { differentiable } from './autodiff/differentiable.js';
import type { Tape } from './autodiff/tape.js';
import { dense } from './ops/dense.js';
import { SCORE_FLOOR, slotSoftmax } from './ops/slot-softmax.js';
import { weightedRows } from './ops/weighted-rows.js';
import { type InitializerSpec, resolveInitializer, serializeInitializer } from './initializers.js';
import {
  type BaseLayerArgs,
  type ForwardOptions,
  type Kwargs,
  assertPositiveInt,
  buildFor,
  normalizeSeed,
  toShapeList,
  toTensorList,
} from './layer-utils.js';

/** How {@link AttentivePooling} scores a history entry. */
export type AttentionScoring = 'context' | 'mlp' | 'none';

/** How {@link AttentivePooling} turns scores into weights. */
export type AttentionNormalization = 'softmax' | 'sqrt';

/** Configuration of an {@link AttentivePooling}; `getConfig()` returns it and the constructor accepts it back. */
export interface AttentivePoolingArgs extends BaseLayerArgs {
  /**
   * Scores of the entries: `'context'` (DELF eq. 10–11: `h_j = tanh(W_a y_j + b_a)`, score `h_jᵀ h_a`), `'mlp'` (the
   * DELF authors' code: `relu(W_0 y_j + b_0)` → `W_1 · + b_1`, no context vector) or `'none'` (all equal: an average,
   * NSVD and DELF-na). Default `'context'`.
   */
  scoring?: AttentionScoring;
  /**
   * Weights from scores: `'softmax'` (`α_j = e^{s_j} / Σ_k e^{s_k}`, DELF eq. 11; with `scoring: 'none'`, the mean)
   * or `'sqrt'` (`α_j = e^{s_j} / √(Σ_k e^{s_k})`, the authors' code; with `scoring: 'none'`, NSVD's `1/√|R(u)|`).
   * Default `'softmax'`.
   */
  normalization?: AttentionNormalization;
  /** Width of the attention layer (`h_j`). Default: the entries' width (`'context'`) or 64 (`'mlp'`, the code's). */
  units?: number;
  /** Kernel initializer. Default `'glorotUniform'`; biases start at zero. */
  kernelInitializer?: InitializerSpec;
  /** Seed of a named kernel initializer. */
  seed?: number | null;
}

/**
 * Attentive NSVD pooling (DELF eq. 9–12): a variable-length history of embeddings `[n, length, d]` with its mask
 * `[n, length]` (1 = a real entry, 0 = padding) becomes one vector per row, `m = Σ_j α_j y_j`, `[n, d]`.
 *
 * - Padding is never attended: its weight is exactly 0, whatever its rows hold. An empty history gives a zero vector
 *   (not NaN).
 * - The same block builds DELF's item-based user embedding `m_u` (over a user's items) and its user-based item
 *   embedding `n_i` (over an item's users), each with its own weights.
 * - `scoring` / `normalization` select the paper's equations (default), the authors' code (`'mlp'` + `'sqrt'`) or a
 *   plain average (`'none'`, DELF-na; with `'sqrt'`, NSVD).
 * - Weights: `'context'` — `kernel` `[d, units]`, `bias` `[units]`, `context` `[units, 1]`; `'mlp'` — `kernel`,
 *   `bias`, `score_kernel` `[units, 1]`, `score_bias` `[1]`; `'none'` — none.
 *
 * Which history to pool (most recent T entries, the scored item left out in training) is the caller's choice: see
 * `RecentHistories` in `@recsys/train`.
 *
 * @example
 * ```ts
 * const pool = new AttentivePooling({ seed: 1 });
 * const m = pool.apply([historyRows, mask]) as tf.Tensor2D; // [n, d]
 * // in a model's forward pass, on the engine's tape:
 * const mu = pool.forward(ctx.rows(y, ids, [n, T]), paddingMask(ids, [n, T]), ctx);
 * ```
 */
export class AttentivePooling extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysAttentivePooling';

  /** How entries are scored. */
  readonly scoring: AttentionScoring;
  /** How scores become weights. */
  readonly normalization: AttentionNormalization;
  /** Width of the attention layer, if set (else inferred when built). */
  readonly units: number | undefined;
  /**
   * Seed of a named kernel initializer, if any. Read when the weights are created, so it may be set until then: a
   * recsys model gives a block without one a seed derived from the block's name.
   */
  seed: number | undefined;
  private readonly kernelInitializer: InitializerSpec;
  private params: LayerVariable[] = [];

  constructor(args: AttentivePoolingArgs = {}) {
    super(args);
    const scoring = args.scoring ?? 'context';
    if (!['context', 'mlp', 'none'].includes(scoring)) {
      throw new Error(`AttentivePooling: scoring must be 'context', 'mlp' or 'none', got '${String(scoring)}'`);
    }
    const normalization = args.normalization ?? 'softmax';
    if (!['softmax', 'sqrt'].includes(normalization)) {
      throw new Error(`AttentivePooling: normalization must be 'softmax' or 'sqrt', got '${String(normalization)}'`);
    }
    if (args.units !== undefined) assertPositiveInt(args.units, 'AttentivePooling units');
    this.scoring = scoring;
    this.normalization = normalization;
    this.units = args.units;
    this.seed = normalizeSeed(args.seed);
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
  }

  override build(inputShape: Shape | Shape[]): void {
    const [rows] = toShapeList(inputShape);
    const dim = rows?.[2];
    if (rows?.length !== 3 || typeof dim !== 'number') {
      throw new Error(
        `AttentivePooling expects [rows [n, length, d], mask [n, length]], got ${JSON.stringify(inputShape)}`,
      );
    }
    const seed = (k: number) => (this.seed === undefined ? undefined : this.seed + k);
    const zeros = tfl.initializers.zeros();
    if (this.scoring === 'context') {
      const units = this.units ?? dim;
      this.params = [
        this.addWeight('kernel', [dim, units], 'float32', resolveInitializer(this.kernelInitializer, seed(0))),
        this.addWeight('bias', [units], 'float32', zeros),
        this.addWeight('context', [units, 1], 'float32', resolveInitializer(this.kernelInitializer, seed(1))),
      ];
    } else if (this.scoring === 'mlp') {
      const units = this.units ?? 64;
      this.params = [
        this.addWeight('kernel', [dim, units], 'float32', resolveInitializer(this.kernelInitializer, seed(0))),
        this.addWeight('bias', [units], 'float32', zeros),
        this.addWeight('score_kernel', [units, 1], 'float32', resolveInitializer(this.kernelInitializer, seed(1))),
        this.addWeight('score_bias', [1], 'float32', zeros),
      ];
    } else {
      this.params = [];
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = toShapeList(inputShape);
    const [rows, mask] = shapes;
    if (shapes.length !== 2 || rows?.length !== 3 || mask?.length !== 2) {
      throw new Error(
        `AttentivePooling expects [rows [n, length, d], mask [n, length]], got ${JSON.stringify(inputShape)}`,
      );
    }
    return [rows[0] ?? null, rows[2] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor2D {
    const list = toTensorList(inputs);
    if (list.length !== 2) throw new Error(`${this.name} expects two inputs (rows, mask), got ${list.length}`);
    return tf.tidy(() => this.forward(list[0] as tf.Tensor3D, list[1] as tf.Tensor2D));
  }

  /**
   * The pooled history `[n, d]` of `rows` `[n, length, d]` under `mask` `[n, length]`; records on `options.tape` when
   * given (tfjs's gradient of the attention weights, {@link weightedRows}'s of the sum). Without a tape only the output
   * survives the call. Builds the layer on its first call.
   *
   * @throws naming both shapes when `rows` and `mask` disagree.
   */
  forward(rows: tf.Tensor3D, mask: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor2D {
    if (rows.rank !== 3 || mask.rank !== 2 || rows.shape[0] !== mask.shape[0] || rows.shape[1] !== mask.shape[1]) {
      throw new Error(
        `${this.name}: rows [${rows.shape.join(', ')}] and mask [${mask.shape.join(', ')}] must be [n, length, d] and [n, length]`,
      );
    }
    buildFor(this, [rows, mask]);
    if (this.scoring === 'none') {
      // Weights from the mask alone: nothing to differentiate but the rows, which weightedRows does.
      if (!options.tape) return tf.tidy(() => weightedRows(attentionWeights(null, mask, this.normalization), rows));
      return weightedRows(attentionWeights(null, mask, this.normalization), rows, options.tape);
    }
    const weights = this.params.map((w) => w.read());
    const weigh = differentiable((r: tf.Tensor, m: tf.Tensor, ...w: tf.Tensor[]) =>
      historyWeights(r as tf.Tensor3D, m as tf.Tensor2D, w, this.scoring, this.normalization),
    );
    if (!options.tape) return tf.tidy(() => weightedRows(weigh([rows, mask, ...weights]) as tf.Tensor2D, rows));
    return weightedRows(weigh([rows, mask, ...weights], options.tape) as tf.Tensor2D, rows, options.tape);
  }

  /**
   * The same pooling, with the scores computed once per distinct history entry: `entries` `[distinct, d]` holds each
   * distinct entry's embedding and `index` (`n × length` values) each slot's row in it (−1 for padding). Scores
   * depend on an entry alone, and a batch's histories repeat popular items many times over, so this does the
   * attention layer's matmuls and tanh on `distinct` rows instead of `n × length`. `rows` are the slots' embeddings
   * as in {@link forward}. Records on `options.tape` when given.
   *
   * @example
   * ```ts
   * const { ids, index } = distinctIds(historyIds, true); // −1 padding stays −1
   * const m = pool.pool(ctx.rows(y, historyIds, [n, T]), paddingMask(historyIds, [n, T]), ctx.rows(y, ids), index, ctx);
   * ```
   */
  pool(
    rows: tf.Tensor3D,
    mask: tf.Tensor2D,
    entries: tf.Tensor2D,
    index: Int32Array,
    options: ForwardOptions = {},
  ): tf.Tensor2D {
    if (rows.rank !== 3 || rows.shape[0] !== mask.shape[0] || rows.shape[1] !== mask.shape[1]) {
      throw new Error(
        `${this.name}.pool: rows [${rows.shape.join(', ')}] do not match mask [${mask.shape.join(', ')}]`,
      );
    }
    if (this.scoring === 'none') return this.forward(rows, mask, options);
    if (!options.tape) return tf.tidy(() => weightedRows(this.attention(mask, entries, index), rows));
    return weightedRows(this.attention(mask, entries, index, options), rows, options.tape);
  }

  /**
   * The attention weights α `[n, length]` alone (what {@link pool} sums the rows with), from the distinct entries'
   * embeddings: for a caller that sums the rows itself, e.g. straight from a host-side table
   * (`ctx.weightedRows(table, ids, shape, α)` in `@recsys/train`), so no `[n, length, d]` tensor is ever built.
   * With `scoring: 'none'` the weights come from the mask alone (a constant, off the tape). Records on
   * `options.tape` when given.
   *
   * @throws when `entries` is not `[distinct, d]` or `index` does not hold the mask's `n × length` values.
   */
  attention(mask: tf.Tensor2D, entries: tf.Tensor2D, index: Int32Array, options: ForwardOptions = {}): tf.Tensor2D {
    const [n, length] = mask.shape;
    if (entries.rank !== 2 || index.length !== n * length) {
      throw new Error(
        `${this.name}.attention: entries [${entries.shape.join(', ')}] must be [distinct, d] and index hold ` +
          `${n} × ${length} values (the mask's shape), got ${index.length}`,
      );
    }
    // Built through apply (not build()): tfjs-layers counts an applied layer as used, and refuses to dispose it otherwise.
    if (!this.built) tf.tidy(() => buildFor(this, [tf.zeros([1, 1, entries.shape[1]]), tf.zeros([1, 1])]));
    if (this.scoring === 'none') return tf.tidy(() => attentionWeights(null, mask, this.normalization));
    const weights = this.params.map((w) => w.read());
    const tape = options.tape;
    // Each distinct entry's score through dense ops on the tape, then the slots' masked softmax as one host-side op:
    // tfjs's autodiff of the same maths re-ran the forward pass and cost dozens of small kernels a step.
    const run = (): tf.Tensor2D =>
      slotSoftmax(entryScoresOnTape(entries, weights, this.scoring, tape), index, mask, this.normalization, tape);
    return tape ? run() : tf.tidy(run);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const own: tf.serialization.ConfigDict = {
      scoring: this.scoring,
      normalization: this.normalization,
      units: this.units ?? null,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      seed: this.seed ?? null,
    };
    return { ...own, ...super.getConfig() };
  }

  /** Restores a layer from its config (`units: null` means inferred). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({ ...config, units: config['units'] ?? undefined });
  }
}
tf.serialization.registerClass(AttentivePooling);

/** The weights α `[n, length]` of padded history rows, in tfjs ops (differentiated by tfjs when recorded). */
function historyWeights(
  rows: tf.Tensor3D,
  mask: tf.Tensor2D,
  weights: tf.Tensor[],
  scoring: AttentionScoring,
  normalization: AttentionNormalization,
): tf.Tensor2D {
  const [n, length, dim] = rows.shape;
  const scores =
    scoring === 'none'
      ? null
      : (tf.reshape(entryScores(tf.reshape(rows, [n * length, dim]), weights, scoring), [n, length]) as tf.Tensor2D);
  return attentionWeights(scores, mask, normalization);
}

/** Each entry's score `[entries, 1]`: `h_aᵀ tanh(W_a y + b_a)` (context) or `W_1 relu(W_0 y + b_0) + b_1` (mlp). */
function entryScores(flat: tf.Tensor2D, weights: tf.Tensor[], scoring: AttentionScoring): tf.Tensor2D {
  const [kernel, bias, scoreKernel, scoreBias] = weights as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D?];
  const hidden = tf.fused.matMul({ a: flat, b: kernel, bias, activation: scoring === 'context' ? 'linear' : 'relu' });
  const h = scoring === 'context' ? tf.tanh(hidden) : hidden;
  return (
    scoreBias ? tf.fused.matMul({ a: h, b: scoreKernel, bias: scoreBias }) : tf.matMul(h, scoreKernel)
  ) as tf.Tensor2D;
}

/** {@link entryScores} as dense ops recorded on `tape` (when given) with their hand-written gradients. */
function entryScoresOnTape(
  entries: tf.Tensor2D,
  weights: tf.Tensor[],
  scoring: AttentionScoring,
  tape: Tape | null | undefined,
): tf.Tensor2D {
  const [kernel, bias, scoreKernel, scoreBias] = weights as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D?];
  const h = dense(entries, kernel, bias, scoring === 'context' ? 'tanh' : 'relu', tape);
  return dense(h, scoreKernel, scoreBias ?? null, 'linear', tape);
}

/** The weights α `[n, length]` of scores under a mask (scores `null`: all equal). */
function attentionWeights(
  scores: tf.Tensor2D | null,
  mask: tf.Tensor2D,
  normalization: AttentionNormalization,
  top: tf.Tensor2D | null = scores && maskedTop(scores, mask),
): tf.Tensor2D {
  let e: tf.Tensor2D; // unnormalised weights, 0 on padding
  let scale: tf.Tensor2D | null = null; // e^{top/2} for the 'sqrt' normalisation (see below)
  if (scores === null || top === null) {
    e = mask;
  } else {
    // A stable masked softmax: subtract each row's largest real score; padding goes through exp(0) and is zeroed by
    // the mask, so a large padding score can never overflow into inf · 0 = NaN.
    const real = tf.greater(mask, 0);
    e = tf.mul(tf.exp(tf.where(real, tf.sub(scores, top), tf.zerosLike(scores))), mask) as tf.Tensor2D;
    // e^{s}/√Σe^{s} = e^{s−top}·e^{top/2}/√Σe^{s−top}: the code's normalisation is not shift-invariant.
    if (normalization === 'sqrt') scale = tf.exp(tf.mul(top, 0.5)) as tf.Tensor2D;
  }
  const total = tf.sum(e, 1, true);
  // An empty row has total 0 and e 0: dividing it by 1 keeps its weights (and its vector) exactly zero. The swap
  // comes before the sqrt, so no gradient ever passes through sqrt(0) or a tiny denominator (0 · ∞ = NaN).
  // (The test reads the mask, not the total: tfjs has no gradient for a comparison on the differentiated path.)
  const safe = tf.add(total, tf.sub(1, tf.max(mask, 1, true)));
  const denominator = normalization === 'softmax' ? safe : tf.sqrt(safe);
  const alpha = tf.div(e, denominator) as tf.Tensor2D;
  return scale ? (tf.mul(alpha, scale) as tf.Tensor2D) : alpha;
}

/**
 * Each row's largest real score `[n, 1]` (at least {@link SCORE_FLOOR}, so an empty row's stays finite). The weights do
 * not depend on it (it cancels), so it may be computed off the tape and passed in as a constant: tfjs's gradient of a
 * max builds an equality mask, measured at milliseconds per step on wasm.
 */
function maskedTop(scores: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  const floor = tf.fill(scores.shape, SCORE_FLOOR);
  return tf.max(tf.where(tf.greater(mask, 0), tf.maximum(scores, SCORE_FLOOR), floor), 1, true) as tf.Tensor2D;
}
