import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '@recsys/layers';

/**
 * A loss over one output per example (log loss, squared error, normalized cross-entropy): the mean over the batch of
 * `weight · ℓ(output, target)`. It knows nothing of how a batch is laid out: a model hands it outputs and targets.
 *
 * - {@link apply} is the op a training step records: a scalar whose value is computed host-side (exact, no reduction
 *   on the hot path) and whose backward rule is the closed-form {@link gradient}.
 * - {@link gradient} and {@link value} are that rule and that value, usable on their own.
 */
export interface PointwiseLoss {
  /** Name, as in options. */
  readonly name: LossName;
  readonly pairwise: false;
  /**
   * The mean loss of `output` (`[n, 1]`) against `targets` (n values), weighted by `weights` (n values) when given,
   * recorded on `tape` when given.
   */
  apply(output: tf.Tensor, targets: Float32Array, weights?: Float32Array | null, tape?: Tape | null): tf.Scalar;
  /** d(mean loss)/d(output), `[n, 1]`, times `dLoss` (a scalar tensor; default, or the engine's unit seed: 1). */
  gradient(output: tf.Tensor, targets: tf.Tensor, weights?: tf.Tensor | null, dLoss?: tf.Tensor): tf.Tensor;
  /** Mean loss over the batch, computed on the host. */
  value(output: Float32Array, targets: Float32Array, weights?: Float32Array | null): number;
}

/**
 * A loss over pairs of scores, a positive's and a negative's for the same user (BPR): the mean over pairs of
 * `ℓ(s⁺, s⁻)`. Same split as {@link PointwiseLoss}: {@link apply} records it, {@link gradient} is its rule.
 */
export interface PairwiseLoss {
  /** Name, as in options. */
  readonly name: LossName;
  readonly pairwise: true;
  /** The mean loss of the pairs (`positive[k]`, `negative[k]`), both `[n, 1]`, recorded on `tape` when given. */
  apply(positive: tf.Tensor, negative: tf.Tensor, tape?: Tape | null): tf.Scalar;
  /** d(mean loss)/d(positive) and d(mean loss)/d(negative), times `dLoss` (default 1). */
  gradient(positive: tf.Tensor, negative: tf.Tensor, dLoss?: tf.Tensor): [tf.Tensor, tf.Tensor];
  /** Mean loss over the pairs, computed on the host. */
  value(positive: Float32Array, negative: Float32Array): number;
}

/** A training loss. */
export type Loss = PointwiseLoss | PairwiseLoss;

/** The losses recsys trains with. */
export type LossName = 'log' | 'bpr' | 'squared' | 'nce' | 'ce';

/** Every {@link LossName}. */
export const LOSS_NAMES: readonly LossName[] = ['log', 'bpr', 'squared', 'nce', 'ce'];

/**
 * Shared body of the pointwise losses' `apply`: checks the sizes, computes the value on the host and records the
 * closed-form gradient (scaled by the incoming gradient of the scalar) on the tape.
 */
/**
 * Checks the host-side arrays of a pointwise loss's `value`: as many targets (and weights) as outputs. A shorter array
 * reads `undefined` past its end and the mean turns NaN.
 */
export function checkPointwiseLengths(
  name: string,
  output: ArrayLike<number>,
  targets: ArrayLike<number>,
  weights: ArrayLike<number> | null | undefined,
): void {
  if (targets.length !== output.length) {
    throw new RangeError(`${name} loss: ${targets.length} targets for ${output.length} outputs`);
  }
  if (weights && weights.length !== output.length) {
    throw new RangeError(`${name} loss: ${weights.length} weights for ${output.length} outputs`);
  }
}

export function applyPointwise(
  loss: PointwiseLoss,
  output: tf.Tensor,
  targets: Float32Array,
  weights: Float32Array | null | undefined,
  tape: Tape | null | undefined,
): tf.Scalar {
  const n = output.shape[0] ?? 0;
  if (output.size !== n || (output.rank !== 2 && output.rank !== 1)) {
    throw new Error(`${loss.name} loss: expects one output per example ([n, 1]), got [${output.shape.join(', ')}]`);
  }
  if (targets.length !== n) throw new Error(`${loss.name} loss: ${targets.length} targets for ${n} outputs`);
  if (weights && weights.length !== n) throw new Error(`${loss.name} loss: ${weights.length} weights for ${n} outputs`);
  const value = tf.scalar(loss.value(output.dataSync() as Float32Array, targets, weights));
  tape?.record([output], value, (dy) => [
    loss.gradient(output, tf.tensor(targets, output.shape), weights ? tf.tensor(weights, output.shape) : null, dy),
  ]);
  return value;
}
