import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Shape } from '@tensorflow/tfjs-layers';
import { differentiable } from './autodiff/differentiable.js';
import {
  type BaseLayerArgs,
  type ForwardOptions,
  type Kwargs,
  buildFor,
  mergedPairShape,
  tensorPair,
} from './layer-utils.js';

/** Configuration of a {@link CosineHead}; `getConfig()` returns it and the constructor accepts it back. */
export interface CosineHeadArgs extends BaseLayerArgs {
  /** μ: outputs below it are raised to it (DMF eq. 13), so a cross-entropy never takes log(≤ 0). Default 1e-6. */
  floor?: number;
}

// Added under the square roots: a zero vector (a dead ReLU tower) scores 0, not NaN, and has a finite gradient.
const EPSILON = 1e-12;

/**
 * DMF's prediction (eq. 8 and 13): the cosine of a user's and an item's latent vectors, computed per example (row
 * `r` of the output depends on row `r` of the inputs only, never on the rest of the batch), raised to a floor:
 * `ŷ = max(μ, pᵀq / (‖p‖‖q‖))`, `[p, q] → [batch, 1]`. No weights.
 *
 * An output at the floor has no gradient (as with the paper's clip); a zero vector scores 0 (then μ).
 *
 * @example
 * ```ts
 * const head = new CosineHead(); // μ = 1e-6
 * head.apply([tf.tensor2d([[1, 0]]), tf.tensor2d([[1, 1]])]); // [[0.7071]]
 * head.apply([tf.tensor2d([[1, 0]]), tf.tensor2d([[-1, 0]])]); // [[1e-6]]
 * ```
 */
export class CosineHead extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysCosineHead';

  /** μ. */
  readonly floor: number;

  constructor(args: CosineHeadArgs = {}) {
    super(args);
    const floor = args.floor ?? 1e-6;
    if (!(floor >= 0 && floor < 1)) throw new Error(`CosineHead floor must be in [0, 1), got ${floor}`);
    this.floor = floor;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = mergedPairShape(inputShape, 'CosineHead');
    if (shape.length !== 2) throw new Error(`CosineHead expects [batch, d] inputs, got [${shape.join(', ')}]`);
    return [shape[0] ?? null, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor2D {
    const [p, q] = tensorPair(inputs, 'CosineHead');
    return tf.tidy(() => this.forward(p as tf.Tensor2D, q as tf.Tensor2D));
  }

  /**
   * `max(μ, cos(p_r, q_r))` per row, `[batch, 1]`; records on `options.tape` when given.
   * @throws when `p` and `q` are not `[batch, d]` of one shape.
   */
  forward(p: tf.Tensor2D, q: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor2D {
    if (p.rank !== 2 || p.shape[0] !== q.shape[0] || p.shape[1] !== q.shape[1]) {
      throw new Error(
        `${this.name}: inputs must be [batch, d] of one shape, got [${p.shape.join(', ')}] and [${q.shape.join(', ')}]`,
      );
    }
    buildFor(this, [p, q]);
    const floor = this.floor;
    const cosine = differentiable((a: tf.Tensor, b: tf.Tensor) => {
      const dot = tf.sum(tf.mul(a, b), 1, true);
      const norms = tf.mul(
        tf.sqrt(tf.add(tf.sum(tf.square(a), 1, true), EPSILON)),
        tf.sqrt(tf.add(tf.sum(tf.square(b), 1, true), EPSILON)),
      );
      return tf.maximum(tf.div(dot, norms), floor) as tf.Tensor2D;
    });
    if (!options.tape) return tf.tidy(() => cosine([p, q]) as tf.Tensor2D);
    return cosine([p, q], options.tape) as tf.Tensor2D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { floor: this.floor, ...super.getConfig() };
  }
}
tf.serialization.registerClass(CosineHead);
