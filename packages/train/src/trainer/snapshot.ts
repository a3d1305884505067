import * as tf from '@tensorflow/tfjs-core';
import type { TrainableModel } from './trainable.js';

/** A copy of every parameter of a model, to restore the best epoch after early stopping. */
export interface Snapshot {
  tables: Float32Array[];
  dense: Float32Array[];
}

/** Copies the model's tables and dense variables. */
export function takeSnapshot(model: TrainableModel): Snapshot {
  return {
    tables: model.tables.map((t) => Float32Array.from(t.data)),
    dense: model.denseVariables().map(({ variable }) => Float32Array.from(variable.dataSync() as Float32Array)),
  };
}

/** Writes a snapshot back into the model's tables and variables. */
export function restoreSnapshot(model: TrainableModel, snapshot: Snapshot): void {
  model.tables.forEach((table, k) => table.data.set(snapshot.tables[k]));
  model.denseVariables().forEach(({ variable }, k) => variable.assign(tf.tensor(snapshot.dense[k], variable.shape)));
}
