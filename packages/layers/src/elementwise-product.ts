import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Shape } from '@tensorflow/tfjs-layers';
import { type BaseLayerArgs, type ForwardOptions, type Kwargs, mergedPairShape, tensorPair } from './layer-utils.js';
import { multiply } from './ops/multiply.js';

/**
 * The element-wise product of two equally shaped inputs, `[a, b] → a ⊙ b`: GMF's user–item interaction (NCF).
 * No weights.
 *
 * @example
 * ```ts
 * const gmf = new ElementwiseProduct();
 * gmf.apply([tf.tensor2d([[1, 2]]), tf.tensor2d([[3, 4]])]); // [[3, 8]]
 * // symbolic: gmf.apply([userVec, itemVec]) with two SymbolicTensors [null, d]
 * ```
 */
export class ElementwiseProduct extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RecsysElementwiseProduct';

  constructor(args: BaseLayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return mergedPairShape(inputShape, 'ElementwiseProduct');
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const [a, b] = tensorPair(inputs, 'ElementwiseProduct');
    return this.forward(a, b);
  }

  /** `a ⊙ b`; records on `options.tape` when given (the training engine's path). */
  forward(a: tf.Tensor, b: tf.Tensor, options: ForwardOptions = {}): tf.Tensor {
    return multiply(a, b, options.tape);
  }
}
tf.serialization.registerClass(ElementwiseProduct);
