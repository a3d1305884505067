import * as tf from '@tensorflow/tfjs-core';
import type { TrainableModel } from './trainable.js';

/** A copy of every parameter of a model, to restore the best epoch after early stopping. */
export interface Snapshot {
  tables: Float32Array[];
  dense: Float32Array[];
}

/** Copies the model's tables and dense weights. */
export function takeSnapshot(model: Pick<TrainableModel, 'tables' | 'denseWeights'>): Snapshot {
  return {
    tables: model.tables.map((t) => Float32Array.from(t.data)),
    dense: model.denseWeights().map(({ variable }) => Float32Array.from(variable.dataSync() as Float32Array)),
  };
}

/** Writes a snapshot back into the model's tables and dense weights. */
export function restoreSnapshot(model: Pick<TrainableModel, 'tables' | 'denseWeights'>, snapshot: Snapshot): void {
  model.tables.forEach((table, k) => table.data.set(snapshot.tables[k]!));
  model.denseWeights().forEach(({ variable }, k) => variable.assign(tf.tensor(snapshot.dense[k]!, variable.shape)));
}
