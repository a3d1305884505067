import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { recordWithAutodiff } from './differentiable.js';
import type { Tape } from './tape.js';

/**
 * Applies any tfjs-layers layer (a stock `tf.layers.dense`, a user's own layer) eagerly and records it on `tape`, with
 * tfjs's autodiff as its backward rule: the inputs and the layer's trainable weights get gradients. The layer is built
 * on its first call.
 *
 * The backward pass re-runs the layer, so it must be deterministic: a stock `dropout` layer in training mode draws a new
 * mask and gives wrong gradients (use recsys's `dropout` op or `MLPTower`'s seeded dropout instead).
 *
 * @param kwargs - call options handed to `layer.apply` (e.g. `{ training: true }`).
 * @example
 * ```ts
 * const projection = tf.layers.dense({ units: 8, activation: 'tanh' });
 * const h = applyOnTape(projection, x, ctx.tape); // trains like any recsys block
 * ```
 */
export function applyOnTape(
  layer: tfl.layers.Layer,
  inputs: tf.Tensor | tf.Tensor[],
  tape?: Tape | null,
  kwargs: Record<string, unknown> = {},
): tf.Tensor {
  const call = () => {
    const y = layer.apply(inputs, kwargs);
    if (Array.isArray(y)) throw new Error(`applyOnTape: ${layer.name} returns several tensors; only one is supported`);
    return y as tf.Tensor;
  };
  const output = call();
  if (!tape) return output;
  const weights = layer.trainableWeights.map((w) => w.read());
  return recordWithAutodiff(tape, [...(Array.isArray(inputs) ? inputs : [inputs]), ...weights], output, call);
}
