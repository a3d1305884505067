import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Shape } from '@tensorflow/tfjs-layers';
import { type BaseLayerArgs, type Kwargs, mergedPairShape, tensorPair } from './layer-utils.js';

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
    return tf.mul(a, b);
  }
}
tf.serialization.registerClass(ElementwiseProduct);
