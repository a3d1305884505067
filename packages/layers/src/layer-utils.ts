import type { Tape } from './autodiff/tape.js';
import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The base arguments every tfjs-layers `Layer` accepts (`name`, `trainable`, `inputShape`, `dtype`, …).
 *
 * tfjs-layers does not export its `LayerArgs` interface from the package index, so it is derived here from the
 * `Layer` constructor.
 */
export type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

/** Keyword arguments of `Layer.call` (tfjs-layers' `Kwargs` is not exported either). */
export type Kwargs = Record<string, unknown>;

/**
 * Options of a recsys layer's `forward`: the eager path the training engine calls directly (no `apply` overhead).
 * `call()` goes through the same `forward` without a tape, so training and inference share one definition.
 */
export interface ForwardOptions {
  /** Records the layer's ops for the engine's backward pass. */
  tape?: Tape | null;
  /** Training mode (dropout on). */
  training?: boolean;
  /** Seed of this call's random ops (dropout masks); without one they draw from tfjs's unseeded generator. */
  seed?: number;
}

/**
 * Whether `shape` is a list of shapes (a multi-input layer's `inputShape`) rather than a single shape.
 *
 * @example
 * ```ts
 * isShapeList([[null, 4], [null, 4]]); // true
 * isShapeList([null, 4]); // false
 * ```
 */
export function isShapeList(shape: Shape | Shape[]): shape is Shape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

/** `shape` as a list of shapes: a single shape becomes a one-element list. */
export function toShapeList(shape: Shape | Shape[]): Shape[] {
  return isShapeList(shape) ? shape : [shape as Shape];
}

/** The tensors of a layer input as a list: a single tensor becomes a one-element list. */
export function toTensorList(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(inputs) ? inputs : [inputs];
}

/**
 * The single tensor of a one-input layer.
 *
 * @throws if `inputs` is a list whose length is not 1.
 */
export function singleTensor(inputs: tf.Tensor | tf.Tensor[], layer: string): tf.Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length !== 1) throw new Error(`${layer} expects exactly one input tensor, got ${inputs.length}`);
  return inputs[0];
}

/**
 * The single shape of a one-input layer.
 *
 * @throws if `shape` is a list of several shapes.
 */
export function singleShape(shape: Shape | Shape[], layer: string): Shape {
  const list = toShapeList(shape);
  if (list.length !== 1) throw new Error(`${layer} expects exactly one input, got ${list.length}`);
  return list[0];
}

/**
 * The size of the last axis of `shape`.
 *
 * @throws if `shape` is a scalar shape or its last axis is unknown (`null`).
 */
export function lastDim(shape: Shape, layer: string): number {
  const dim = shape[shape.length - 1];
  if (shape.length === 0 || dim == null) {
    throw new Error(`${layer} needs a known last axis, got input shape [${shape.join(', ')}]`);
  }
  return dim;
}

/**
 * Checks that `value` is a positive integer.
 *
 * @throws naming `what` if it is not.
 */
export function assertPositiveInt(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer, got ${value}`);
}

/**
 * Checks that `value` is a finite number ≥ 0.
 *
 * @throws naming `what` if it is not.
 */
export function assertNonNegative(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${what} must be a finite number >= 0, got ${value}`);
}

/**
 * A seed read back from a config: tfjs-layers serializes an absent value as `null`.
 *
 * @throws if `seed` is neither absent nor a finite number.
 */
export function normalizeSeed(seed: number | null | undefined): number | undefined {
  if (seed == null) return undefined;
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  return seed;
}

/**
 * The two tensors of a two-input layer (`[a, b]`), checked to have the same shape.
 *
 * @throws if `inputs` is not a list of two tensors of equal shape.
 */
export function tensorPair(inputs: tf.Tensor | tf.Tensor[], layer: string): [tf.Tensor, tf.Tensor] {
  if (!Array.isArray(inputs) || inputs.length !== 2) throw new Error(`${layer} expects a list of two input tensors`);
  const [a, b] = inputs as [tf.Tensor, tf.Tensor];
  if (a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`${layer} expects inputs of equal shape, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
  return [a, b];
}

/**
 * The shape shared by the two inputs of a two-input layer; an unknown (`null`) axis takes the other input's size.
 *
 * @throws if `inputShape` is not two shapes or they differ.
 */
export function mergedPairShape(inputShape: Shape | Shape[], layer: string): Shape {
  const list = toShapeList(inputShape);
  if (list.length !== 2) throw new Error(`${layer} expects two inputs, got ${list.length}`);
  const [a, b] = list as [Shape, Shape];
  const fail = () => new Error(`${layer} expects inputs of equal shape, got [${a.join(', ')}] and [${b.join(', ')}]`);
  if (a.length !== b.length) throw fail();
  return a.map((d, i) => {
    const e = b[i] ?? null;
    if (d !== null && e !== null && d !== e) throw fail();
    return d ?? e;
  });
}

/**
 * Builds `layer` (creates its weights) for inputs shaped like `inputs`, if it is not built yet, by applying it once to
 * zeros of batch size 1: the layers' eager `forward` calls it, so input widths are inferred from the first real call
 * (going through `apply` also gives the weights tfjs-layers' scoped names and marks the layer used, which `dispose()`
 * requires).
 *
 * @example
 * ```ts
 * forward(x: tf.Tensor2D, options: ForwardOptions = {}) {
 *   buildFor(this, [x]); // a no-op once built
 *   return dense(x, this.kernel.read() as tf.Tensor2D, null, 'linear', options.tape);
 * }
 * ```
 */
export function buildFor(layer: tfl.layers.Layer, inputs: readonly tf.Tensor[]): void {
  if (layer.built) return;
  tf.tidy(() => {
    const zeros = inputs.map((x) => tf.zeros([1, ...x.shape.slice(1)]));
    layer.apply(zeros.length === 1 ? zeros[0]! : zeros);
  });
}
