import * as tf from '@tensorflow/tfjs-core';
import { Tape } from '@recsys/layers';
import type { SparseTable } from './sparse-table.js';

/** One embedding lookup of a step: which table, which ids, and the tensor of their rows. */
export interface Lookup {
  table: SparseTable;
  ids: Int32Array;
  tensor: tf.Tensor2D;
}

/**
 * What a model's forward pass works with. {@link rows} gathers table rows host-side into a tensor; in a training step
 * the context also carries the {@link tape} the layers record on, and remembers each lookup so the engine can route
 * the rows' gradients back to their table. In inference there is no tape and nothing is recorded.
 *
 * @example
 * ```ts
 * forward(ctx, users, items) {
 *   const p = ctx.rows(userTable, users);
 *   const q = ctx.rows(itemTable, items);
 *   return head.forward([product.forward(p, q, ctx)], { ...ctx, logits: true });
 * }
 * ```
 */
export class StepContext {
  /** Lookups made so far (training only). */
  readonly lookups: Lookup[] = [];
  /** The tape layers record their ops on (training only). */
  readonly tape: Tape | null;

  constructor(
    /** Whether this is a training step (dropout on, ops and lookups recorded). */
    readonly training: boolean,
    /** Seed of the step's random ops (dropout): layers mix it with their own, so a seeded run repeats its masks. */
    readonly seed?: number,
  ) {
    this.tape = training ? new Tape() : null;
  }

  /** The rows of `ids` in `table` as a `[ids.length, dim]` tensor (cold ids → zeros). */
  rows(table: SparseTable, ids: Int32Array): tf.Tensor2D {
    const values = table.gather(ids, new Float32Array(ids.length * table.dim));
    const tensor = tf.tensor2d(values, [ids.length, table.dim]);
    if (this.training) this.lookups.push({ table, ids, tensor });
    return tensor;
  }
}
