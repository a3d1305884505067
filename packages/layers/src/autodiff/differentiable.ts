import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers' index registers the gradients of the core ops (tfjs-core alone registers none).
import '@tensorflow/tfjs-layers';
import type { Tape } from './tape.js';

/** A function of tensors that tfjs can differentiate (built from tfjs ops that have registered gradients). */
export type TensorFunction<I extends tf.Tensor[] = tf.Tensor[], O extends tf.Tensor = tf.Tensor> = (...inputs: I) => O;

/** A {@link TensorFunction} that records itself on a tape when given one. */
export type TapedFunction<I extends tf.Tensor[] = tf.Tensor[], O extends tf.Tensor = tf.Tensor> = (
  inputs: I,
  tape?: Tape | null,
) => O;

/**
 * Makes any differentiable tfjs function a tape op: the forward pass runs `f` as it is, and the backward rule is tfjs's
 * own gradient of `f` (a vector–Jacobian product that re-runs `f` under tfjs autodiff, for the inputs that need a
 * gradient only). This is how an op without a hand-written rule joins the training engine's tape: a masked softmax, a
 * reshape, a sum over an axis, `A·Bᵀ`, a stock tfjs-layers layer.
 *
 * The price of generality is one extra forward pass of `f` and tfjs's tape bookkeeping in the backward pass; ops on the
 * hot path of a model get a hand-written rule (see `dense`, `multiply`) once a benchmark shows it pays.
 *
 * Every tensor `f` differentiates must be an input: a tensor it merely closes over (a weight read inside) gets no
 * gradient. Non-float inputs (ids, masks) are fine; they get none.
 *
 * @param f - the function; it must return a tensor.
 * @returns `(inputs, tape?) => f(...inputs)`, recorded on `tape` when given.
 * @example
 * ```ts
 * const maskedSoftmax = differentiable((scores: tf.Tensor2D, mask: tf.Tensor2D) =>
 *   tf.softmax(tf.add(scores, tf.mul(tf.sub(1, mask), -1e9))),
 * );
 * const weights = maskedSoftmax([scores, mask], ctx.tape); // [batch, length]
 * ```
 */
export function differentiable<I extends tf.Tensor[], O extends tf.Tensor>(
  f: TensorFunction<I, O>,
): TapedFunction<I, O> {
  return (inputs, tape) => {
    const y = f(...inputs);
    if (!(y instanceof tf.Tensor)) throw new Error('differentiable: the function must return a tensor');
    return tape ? recordWithAutodiff(tape, inputs, y, () => f(...inputs)) : y;
  };
}

/**
 * Records `output = f()` on `tape` as an op of `inputs` whose backward rule is tfjs's autodiff of `f` (re-run for the
 * inputs that need a gradient). `f` must compute `output` from `inputs` deterministically. Returns the recorded output:
 * `output` itself, or a copy when `f` handed an input back (the tape needs a new tensor). For ops whose output is known
 * only after running them (a layer that builds itself on its first call); {@link differentiable} is the usual way.
 *
 * @example
 * ```ts
 * const y = layer.apply(x) as tf.Tensor; // builds the layer: its weights exist only now
 * const recorded = recordWithAutodiff(tape, [x, ...weights], y, () => layer.apply(x) as tf.Tensor);
 * ```
 */
export function recordWithAutodiff<O extends tf.Tensor>(
  tape: Tape,
  inputs: readonly tf.Tensor[],
  output: O,
  f: () => tf.Tensor,
): O {
  const y = inputs.includes(output) ? (tf.clone(output) as O) : output;
  tape.record(inputs, y, (dy, needs) => {
    const wanted = inputs.filter((_, k) => needs[k]);
    const { value, grads } = tf.engine().gradients(f, wanted, dy, true);
    value.dispose();
    let j = 0;
    return inputs.map((_, k) => (needs[k] ? (grads[j++] ?? null) : null));
  });
  return y;
}
