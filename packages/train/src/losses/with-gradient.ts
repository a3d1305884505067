import * as tf from '@tensorflow/tfjs-core';

/** The function type `tf.customGrad` takes (not exported by tfjs-core's index). */
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/**
 * An identity op on `output` whose gradient is `gradient(output) ⊙ dy`: how each loss plugs its closed-form gradient
 * into tfjs autodiff without running a reduction in the forward pass.
 */
export function withGradient(output: tf.Tensor, gradient: (output: tf.Tensor) => tf.Tensor): tf.Tensor {
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: tf.clone(x),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(gradient(saved), dy),
    };
  }) as CustomGradientFunc);
  return op(output);
}
