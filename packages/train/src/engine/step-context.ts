import * as tf from '@tensorflow/tfjs-core';
import type { SparseTable } from './sparse-table.js';

/** One embedding lookup of a step: which table, which ids, and the tensor of their rows. */
export interface Lookup {
  table: SparseTable;
  ids: Int32Array;
  tensor: tf.Tensor2D;
}

/**
 * What a model's forward pass asks for embeddings: {@link rows} gathers table rows host-side into a tensor. In a
 * training step the context records each lookup so the engine can route the rows' gradients back to the table; in
 * inference it records nothing.
 */
export class StepContext {
  /** Lookups made so far (training only). */
  readonly lookups: Lookup[] = [];

  constructor(
    /** Whether this is a training step (dropout on, lookups recorded). */
    readonly training: boolean,
  ) {}

  /** The rows of `ids` in `table` as a `[ids.length, dim]` tensor (cold ids → zeros). */
  rows(table: SparseTable, ids: Int32Array): tf.Tensor2D {
    const values = table.gather(ids, new Float32Array(ids.length * table.dim));
    const tensor = tf.tensor2d(values, [ids.length, table.dim]);
    if (this.training) this.lookups.push({ table, ids, tensor });
    return tensor;
  }
}
