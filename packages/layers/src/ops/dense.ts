import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers' index registers the gradients of the core ops (tfjs-core alone registers none).
import '@tensorflow/tfjs-layers';
import type { Tape } from '../autodiff/tape.js';
import { columnSums } from './ones-row.js';

/** The activations {@link dense} supports. */
export type DenseActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/** Every {@link DenseActivation}, for validation. */
export const DENSE_ACTIVATIONS: readonly DenseActivation[] = ['linear', 'relu', 'sigmoid', 'tanh'];

/** Whether `value` is a {@link DenseActivation}. */
export function isDenseActivation(value: unknown): value is DenseActivation {
  return typeof value === 'string' && (DENSE_ACTIVATIONS as readonly string[]).includes(value);
}

type DenseFn = (...inputs: tf.Tensor[]) => tf.Tensor2D;

/** act'(z)·dy from the saved output y = act(z). */
function activationGrad(dy: tf.Tensor2D, y: tf.Tensor, activation: DenseActivation): tf.Tensor2D {
  switch (activation) {
    case 'linear':
      return dy;
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'tanh':
      return tf.mul(dy, tf.sub(1, tf.square(y)));
  }
}

function forward(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | undefined,
  activation: DenseActivation,
): tf.Tensor2D {
  // tf.fused.matMul has no tanh: fuse the bias only and apply tanh after.
  const fused = activation === 'tanh' ? 'linear' : activation;
  const z = tf.fused.matMul({ a: x, b: kernel, bias, activation: fused }) as tf.Tensor2D;
  return activation === 'tanh' ? tf.tanh(z) : z;
}

function makeDense(activation: DenseActivation, withBias: boolean): DenseFn {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor2D;
    const kernel = args[1] as tf.Tensor2D;
    const bias = withBias ? (args[2] as tf.Tensor1D) : undefined;
    const save = args[withBias ? 3 : 2] as tf.GradSaveFunc;
    const y = forward(x, kernel, bias, activation);
    save(activation === 'linear' ? [x, kernel] : [x, kernel, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ks, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D | undefined];
        const dz = ys === undefined ? dy : activationGrad(dy, ys, activation);
        // Plain matmuls against explicit transposes: transposed matmuls are several times slower on wasm.
        const dx = tf.matMul(dz, tf.transpose(ks));
        const dk = tf.matMul(tf.transpose(xs), dz);
        return withBias ? [dx, dk, columnSums(dz)] : [dx, dk];
      },
    };
  }) as DenseFn;
}

const DENSE_FNS = new Map<string, DenseFn>();

function denseFn(activation: DenseActivation, withBias: boolean): DenseFn {
  const key = `${activation}:${withBias}`;
  let fn = DENSE_FNS.get(key);
  if (fn === undefined) {
    fn = makeDense(activation, withBias);
    DENSE_FNS.set(key, fn);
  }
  return fn;
}

/**
 * A fully connected layer as one differentiable op: `y = act(x·kernel + bias)`.
 *
 * The forward pass is one `tf.fused.matMul` (bias and activation fused; `tanh` is applied after). The gradient is
 * hand-written with `tf.customGrad` so it avoids tfjs's transposed-matmul gradient, which is several times slower on
 * the wasm backend:
 * `dz = dy ⊙ act'(y)`, `dx = dz·transpose(kernel)`, `dkernel = transpose(x)·dz`, `dbias = onesᵀ·dz`.
 *
 * With a {@link Tape} (the recsys training engine), the op records that rule on the tape instead of registering a
 * tfjs custom gradient: no saved-tensor clones, and the forward matmul stays fused.
 * The values equal tfjs's stock autodiff of the same math.
 *
 * @param x - Inputs, `[batch, in]`.
 * @param kernel - Weights, `[in, out]`. Pass the tensor (e.g. `variable.read()`), not a variable read inside a
 *   closure: only explicit inputs of a custom-gradient op receive gradients.
 * @param bias - `[out]`, or `null` for none.
 * @param activation - `'linear'`, `'relu'`, `'sigmoid'` or `'tanh'`.
 * @returns `[batch, out]`.
 * @throws if the shapes do not fit together or the activation is unknown.
 * @example
 * ```ts
 * const y = dense(tf.ones([2, 3]), tf.ones([3, 4]), tf.zeros([4]), 'relu'); // [2, 4], all 3
 * ```
 */
export function dense(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | null,
  activation: DenseActivation,
  tape?: Tape | null,
): tf.Tensor2D {
  if (!isDenseActivation(activation)) throw new Error(`dense: unknown activation '${String(activation)}'`);
  if (x.rank !== 2 || kernel.rank !== 2) {
    throw new Error(`dense: x and kernel must be rank 2, got [${x.shape.join(', ')}] and [${kernel.shape.join(', ')}]`);
  }
  if (x.shape[1] !== kernel.shape[0]) {
    throw new Error(`dense: x [${x.shape.join(', ')}] does not fit kernel [${kernel.shape.join(', ')}]`);
  }
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== kernel.shape[1])) {
    throw new Error(`dense: bias [${bias.shape.join(', ')}] does not fit kernel [${kernel.shape.join(', ')}]`);
  }
  if (tape) return denseOnTape(x, kernel, bias, activation, tape);
  return bias === null ? denseFn(activation, false)(x, kernel) : denseFn(activation, true)(x, kernel, bias);
}

function denseOnTape(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | null,
  activation: DenseActivation,
  tape: Tape,
): tf.Tensor2D {
  const y = forward(x, kernel, bias ?? undefined, activation);
  const inputs = bias ? [x, kernel, bias] : [x, kernel];
  tape.record(inputs, y, (dy, needs) => {
    const dz = activation === 'linear' ? (dy as tf.Tensor2D) : activationGrad(dy as tf.Tensor2D, y, activation);
    return [
      needs[0] ? tf.matMul(dz, tf.transpose(kernel)) : null,
      needs[1] ? tf.matMul(tf.transpose(x), dz) : null,
      bias && needs[2] ? columnSums(dz) : null,
    ];
  });
  return y;
}
