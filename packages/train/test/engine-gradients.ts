import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../src/batches/batch.js';
import { SparseEngine } from '../src/engine/sparse-engine.js';
import { SGD } from '../src/optimizers/sgd.js';
import { restoreSnapshot, takeSnapshot } from '../src/trainer/snapshot.js';
import type { TrainableModel } from '../src/trainer/trainable.js';

/** What one engine step computed, by parameter name. */
export interface EngineGradients {
  loss: number;
  tables: Map<string, Float32Array>;
  dense: Map<string, Float32Array>;
}

/**
 * The gradients one engine step computes for `batch`, read off the parameters' change under SGD at rate 1 (a step
 * changes each value by minus its gradient); the model is restored afterwards. This checks the whole path: lookups,
 * the tape, row sums per table, bag scatters, and the dense updates.
 */
export function engineGradients<B extends Batch>(model: TrainableModel<B>, batch: B): EngineGradients {
  const before = takeSnapshot(model);
  const engine = new SparseEngine(model.tables, model.denseWeights(), new SGD({ learningRate: 1 }));
  const { loss } = engine.step((ctx) => model.loss(ctx, batch));
  const after = takeSnapshot(model);
  restoreSnapshot(model, before);
  const delta = (a: Float32Array, b: Float32Array) => a.map((v, k) => v - b[k]!);
  return {
    loss,
    tables: new Map(model.tables.map((t, k) => [t.name, delta(before.tables[k]!, after.tables[k]!)])),
    dense: new Map(model.denseWeights().map((w, k) => [w.name, delta(before.dense[k]!, after.dense[k]!)])),
  };
}

/**
 * tfjs autodiff of `loss` with respect to `params` (tables as variables, the model's own dense variables), by name:
 * the reference {@link engineGradients} must match.
 */
export function autodiffGradients(
  loss: () => tf.Scalar,
  params: Record<string, tf.Variable>,
): { loss: number; grads: Map<string, Float32Array> } {
  const names = Object.keys(params);
  const { value, grads } = tf.engine().gradients(loss, Object.values(params), undefined, true);
  const result = {
    loss: value.dataSync()[0]!,
    grads: new Map(
      names.map((name, k) => [name, Float32Array.from((grads[k]?.dataSync() as Float32Array | undefined) ?? [])]),
    ),
  };
  tf.dispose([value, ...grads.filter((g) => g !== undefined)]);
  return result;
}

/** Largest absolute difference of two arrays of equal length. */
export function maxDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k]! - b[k]!));
  return max;
}
