import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import { differentiable } from './autodiff/differentiable.js';
import { type InitializerSpec, resolveInitializer, serializeInitializer } from './initializers.js';
import {
  type BaseLayerArgs,
  type ForwardOptions,
  type Kwargs,
  assertPositiveInt,
  buildFor,
  lastDim,
  normalizeSeed,
  toShapeList,
  toTensorList,
} from './layer-utils.js';
import { concatColumns } from './ops/concat-columns.js';
import { type DenseActivation, dense, isDenseActivation } from './ops/dense.js';

/** How a {@link FusionHead} combines its inputs. */
export type Fusion = 'concat' | 'mlp' | 'empirical';

/** Configuration of a {@link FusionHead}; `getConfig()` returns it and the constructor accepts it back. */
export interface FusionHeadArgs extends BaseLayerArgs {
  /**
   * `'concat'` (NCF's head: `ŷ = W_p[h¹ ⊕ … ⊕ hᵏ] + b`), `'mlp'` (DELF eq. 16–17, 20: `h_f = δ_f(W_f[h¹ ⊕ … ⊕ hᵏ] +
   * b_f)`, `ŷ = W_p h_f + b`) or `'empirical'` (DELF eq. 18–19: four inputs weighted by interaction counts). Default
   * `'mlp'`.
   */
  fusion?: Fusion;
  /** Width of the fused representation `h_f` (`'mlp'`). Default: the first input's width. */
  units?: number;
  /** δ_f (`'mlp'`). Default `'relu'`. */
  activation?: DenseActivation;
  /** Output logits instead of probabilities. Default `false`. */
  logits?: boolean;
  /** Kernel initializer. Default `'lecunUniform'` (as NCF's head); biases start at zero. */
  kernelInitializer?: InitializerSpec;
  /** Seed of a named kernel initializer. */
  seed?: number | null;
}

/**
 * The prediction layer over several deep representations, one interface for three fusions: NCF's concatenation,
 * DELF's MLP fusion and DELF's empirical fusion. Output `[batch, 1]`: a probability, or a logit with `logits: true`.
 *
 * - `'concat'` and `'mlp'` take any number of `[batch, d_k]` inputs.
 * - `'empirical'` takes the four pairwise representations `[h¹, h², h³, h⁴]` (of `p⊕n`, `p⊕q`, `m⊕n`, `m⊕q`, one
 *   width) and a fifth input `[batch, 2]` holding each example's `(α, β)` (see {@link empiricalFusionWeights}):
 *   `h_f = α(1−β)h¹ + αβh² + (1−α)(1−β)h³ + (1−α)βh⁴`, then `ŷ = W_p h_f + b`. Users (items) with many interactions
 *   lean on their primitive embedding, sparse ones on their NSVD embedding. The weights get no gradient.
 * - Weights: `fuse_kernel`, `fuse_bias` (`'mlp'` only), then `kernel` `[·, 1]` and `bias` `[1]`.
 *
 * @example
 * ```ts
 * const head = new FusionHead({ fusion: 'mlp', logits: true, seed: 5 });
 * const logit = head.apply([h1, h2, h3, h4]) as tf.Tensor2D; // [batch, 1]
 * const ef = new FusionHead({ fusion: 'empirical' });
 * const alphaBeta = tf.tensor2d(empiricalFusionWeights(userCounts, itemCounts, 10, 10), [batch, 2]);
 * const p = ef.apply([h1, h2, h3, h4, alphaBeta]) as tf.Tensor2D;
 * ```
 */
export class FusionHead extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysFusionHead';

  /** How the inputs are combined. */
  readonly fusion: Fusion;
  /** Width of `h_f` if set (`'mlp'`; else the first input's). */
  readonly units: number | undefined;
  /** δ_f of the MLP fusion. */
  readonly activation: DenseActivation;
  /** Whether the head outputs logits. */
  readonly logits: boolean;
  /**
   * Seed of a named kernel initializer, if any. Read when the weights are created, so it may be set until then: a
   * recsys model gives a block without one a seed derived from the block's name.
   */
  seed: number | undefined;
  private readonly kernelInitializer: InitializerSpec;
  private fuse: [LayerVariable, LayerVariable] | null = null;
  private out: [LayerVariable, LayerVariable] | null = null;

  constructor(args: FusionHeadArgs = {}) {
    super(args);
    const fusion = args.fusion ?? 'mlp';
    if (!['concat', 'mlp', 'empirical'].includes(fusion)) {
      throw new Error(`FusionHead: fusion must be 'concat', 'mlp' or 'empirical', got '${String(fusion)}'`);
    }
    if (args.units !== undefined) assertPositiveInt(args.units, 'FusionHead units');
    const activation = args.activation ?? 'relu';
    if (!isDenseActivation(activation)) throw new Error(`FusionHead: unknown activation '${String(activation)}'`);
    this.fusion = fusion;
    this.units = args.units;
    this.activation = activation;
    this.logits = args.logits ?? false;
    if (typeof this.logits !== 'boolean') throw new Error('FusionHead logits must be a boolean');
    this.seed = normalizeSeed(args.seed);
    this.kernelInitializer = args.kernelInitializer ?? 'lecunUniform';
  }

  override build(inputShape: Shape | Shape[]): void {
    const widths = this.representationShapes(inputShape).map((s) => lastDim(s, 'FusionHead'));
    const total = widths.reduce((a, b) => a + b, 0);
    const seed = (k: number) => (this.seed === undefined ? undefined : this.seed + k);
    const zeros = tfl.initializers.zeros();
    let width = this.fusion === 'concat' ? total : widths[0]!;
    this.fuse = null;
    if (this.fusion === 'mlp') {
      width = this.units ?? widths[0]!;
      this.fuse = [
        this.addWeight('fuse_kernel', [total, width], 'float32', resolveInitializer('glorotUniform', seed(1))),
        this.addWeight('fuse_bias', [width], 'float32', zeros),
      ];
    }
    this.out = [
      this.addWeight('kernel', [width, 1], 'float32', resolveInitializer(this.kernelInitializer, seed(0))),
      this.addWeight('bias', [1], 'float32', zeros),
    ];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.representationShapes(inputShape);
    return [shapes.find((s) => s[0] != null)?.[0] ?? null, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor2D {
    const logits = typeof kwargs['logits'] === 'boolean' ? kwargs['logits'] : this.logits;
    return tf.tidy(() => this.forward(toTensorList(inputs) as tf.Tensor2D[], { logits }));
  }

  /**
   * The head on its inputs (for `'empirical'`: the four representations, then the `[batch, 2]` weights); records on
   * `options.tape` when given. Builds the layer on its first call.
   */
  forward(inputs: tf.Tensor2D[], options: ForwardOptions & { logits?: boolean } = {}): tf.Tensor2D {
    this.representationShapes(inputs.map((x) => x.shape));
    buildFor(this, inputs);
    const activation = (options.logits ?? this.logits) ? 'linear' : 'sigmoid';
    const tape = options.tape;
    const run = (): tf.Tensor2D => {
      let h: tf.Tensor2D;
      if (this.fusion === 'empirical') {
        h = weightedSum(inputs, tape);
      } else {
        h = concatColumns(inputs, tape);
        if (this.fuse) {
          h = dense(h, this.fuse[0].read() as tf.Tensor2D, this.fuse[1].read() as tf.Tensor1D, this.activation, tape);
        }
      }
      return dense(h, this.out![0].read() as tf.Tensor2D, this.out![1].read() as tf.Tensor1D, activation, tape);
    };
    return tape ? run() : tf.tidy(run);
  }

  /** The representations' shapes (for `'empirical'`, checked: four of one width, then `[batch, 2]` weights). */
  private representationShapes(inputShape: Shape | Shape[]): Shape[] {
    const shapes = toShapeList(inputShape);
    if (shapes.length === 0) throw new Error('FusionHead expects at least one input');
    for (const s of shapes) {
      if (s.length !== 2) throw new Error(`FusionHead expects [batch, d] inputs, got [${s.join(', ')}]`);
    }
    if (this.fusion !== 'empirical') return shapes;
    const widths = shapes.map((s) => s[1]);
    if (shapes.length !== 5 || widths[4] !== 2 || new Set(widths.slice(0, 4)).size !== 1) {
      throw new Error(
        `FusionHead (empirical) expects four representations of one width and a [batch, 2] (α, β) input, got ` +
          shapes.map((s) => `[${s.join(', ')}]`).join(', '),
      );
    }
    return shapes.slice(0, 4);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const own: tf.serialization.ConfigDict = {
      fusion: this.fusion,
      units: this.units ?? null,
      activation: this.activation,
      logits: this.logits,
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
tf.serialization.registerClass(FusionHead);

/** DELF eq. 19 on `[h¹, h², h³, h⁴, (α, β)]`; the weights get no gradient. */
const weightedSum = (inputs: tf.Tensor2D[], tape: ForwardOptions['tape']): tf.Tensor2D => {
  const [h1, h2, h3, h4, ab] = inputs as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const weights = tf.tidy(() => {
    const [a, b] = tf.split(ab, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const notA = tf.sub(1, a);
    const notB = tf.sub(1, b);
    return tf.concat([tf.mul(a, notB), tf.mul(a, b), tf.mul(notA, notB), tf.mul(notA, b)], 1) as tf.Tensor2D;
  });
  const sum = differentiable((x1: tf.Tensor, x2: tf.Tensor, x3: tf.Tensor, x4: tf.Tensor, w: tf.Tensor) => {
    const [w1, w2, w3, w4] = tf.split(w, 4, 1);
    return tf.addN([tf.mul(x1, w1!), tf.mul(x2, w2!), tf.mul(x3, w3!), tf.mul(x4, w4!)]);
  })([h1, h2, h3, h4, weights], tape) as tf.Tensor2D;
  if (!tape) weights.dispose();
  return sum;
};

/**
 * DELF eq. 18: each example's `(α, β)` for the empirical fusion, row-major `[n, 2]`: `α = min(√|R(u)| / λ_u, 1)`,
 * `β = min(√|R(i)| / λ_i, 1)` from the user's and the item's interaction counts.
 *
 * @throws RangeError when the counts differ in length, a count is negative, or a λ is not positive.
 * @example
 * ```ts
 * empiricalFusionWeights(Int32Array.of(4, 400), Int32Array.of(1, 100), 10, 5); // α 0.2, 1; β 0.2, 1
 * ```
 */
export function empiricalFusionWeights(
  userCounts: ArrayLike<number>,
  itemCounts: ArrayLike<number>,
  lambdaUser: number,
  lambdaItem: number,
): Float32Array {
  if (userCounts.length !== itemCounts.length) {
    throw new RangeError(
      `empiricalFusionWeights: ${userCounts.length} user counts for ${itemCounts.length} item counts`,
    );
  }
  for (const [name, lambda] of [
    ['lambdaUser', lambdaUser],
    ['lambdaItem', lambdaItem],
  ] as const) {
    if (!(lambda > 0 && Number.isFinite(lambda)))
      throw new RangeError(`empiricalFusionWeights: ${name} must be > 0, got ${lambda}`);
  }
  const out = new Float32Array(userCounts.length * 2);
  for (let k = 0; k < userCounts.length; k++) {
    const u = userCounts[k]!;
    const i = itemCounts[k]!;
    if (!(u >= 0 && i >= 0)) throw new RangeError(`empiricalFusionWeights: counts must be ≥ 0, got ${u}, ${i} at ${k}`);
    out[2 * k] = Math.min(Math.sqrt(u) / lambdaUser, 1);
    out[2 * k + 1] = Math.min(Math.sqrt(i) / lambdaItem, 1);
  }
  return out;
}
