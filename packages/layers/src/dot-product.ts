import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Shape } from '@tensorflow/tfjs-layers';
import { type BaseLayerArgs, type ForwardOptions, type Kwargs, mergedPairShape, tensorPair } from './layer-utils.js';
import { rowDot } from './ops/row-dot.js';

/**
 * The row-wise dot product of two `[batch, d]` inputs, `[a, b] → [batch, 1]` with `out[r] = Σ_k a[r,k]·b[r,k]`:
 * matrix factorization's score (BPR-MF, DualNet's per-level scores). No weights.
 *
 * @example
 * ```ts
 * const dot = new DotProduct();
 * dot.apply([tf.tensor2d([[1, 2], [0, 1]]), tf.tensor2d([[3, 4], [5, 6]])]); // [[11], [6]]
 * ```
 */
export class DotProduct extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysDotProduct';

  constructor(args: BaseLayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = mergedPairShape(inputShape, 'DotProduct');
    if (shape.length !== 2) throw new Error(`DotProduct expects [batch, d] inputs, got [${shape.join(', ')}]`);
    return [shape[0] ?? null, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor2D {
    const [a, b] = tensorPair(inputs, 'DotProduct');
    return tf.tidy(() => this.forward(a as tf.Tensor2D, b as tf.Tensor2D));
  }

  /**
   * Row-wise `a·b` as `[batch, 1]`; records on `options.tape` when given (the training engine's path). Only the
   * output survives the call.
   * @throws Error when a and b differ in shape or are not `[batch, d]`.
   */
  forward(a: tf.Tensor2D, b: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor2D {
    if (a.rank !== 2) throw new Error(`DotProduct expects [batch, d] inputs, got [${a.shape.join(', ')}]`);
    return rowDot(a, b, options.tape);
  }
}
tf.serialization.registerClass(DotProduct);
