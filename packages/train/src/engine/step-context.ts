import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { applyOnTape, differentiable, Tape, type ForwardOptions } from '@recsys/layers';
import { bagSize, type Bag } from './bag.js';
import type { SparseTable } from './sparse-table.js';

/** One embedding lookup of a training step: which table, which ids (or bag), and the tensor of its rows. */
export type Lookup =
  | { kind: 'rows'; table: SparseTable; ids: Int32Array; tensor: tf.Tensor }
  | { kind: 'bag'; table: SparseTable; bag: Bag; tensor: tf.Tensor2D };

/**
 * What a model's forward pass works with, in training and in scoring alike.
 *
 * - {@link rows} and {@link bag} read host-side {@link SparseTable}s into tensors; in a training step the context
 *   remembers each lookup, so the engine can route the rows' gradients back into their table, sparsely.
 * - {@link tape} is where ops record their backward rules (`dense(x, k, b, act, ctx.tape)`, `layer.forward(x, ctx)`);
 *   {@link op} records any differentiable tfjs function and {@link layer} any tfjs-layers layer. It is `null` when
 *   scoring: nothing is recorded.
 * - {@link training} switches dropout on; {@link seed} makes each step's random masks repeatable.
 *
 * A plain `tf.*` call on a trainable path is not recorded and cuts the graph; the engine then stops with an error
 * naming the table or weight that got no gradient.
 *
 * @example
 * ```ts
 * forward(ctx: StepContext, { users, items }: Pairs) {
 *   const p = ctx.rows(this.users, users);
 *   const q = ctx.rows(this.items, items);
 *   return this.head.forward([this.tower.forward(concatColumns([p, q], ctx.tape), ctx)], ctx);
 * }
 * ```
 */
export class StepContext implements ForwardOptions {
  /** Lookups made so far (training only). */
  readonly lookups: Lookup[] = [];
  /** The tape layers record their ops on (training only). */
  readonly tape: Tape | null;

  /**
   * Milliseconds spent gathering rows and bags host-side in this context (with `timeHost`; 0 otherwise): what a
   * {@link StepProfile} reports as host lookups.
   */
  hostMs = 0;

  constructor(
    /** Whether this is a training step (dropout on, ops and lookups recorded). */
    readonly training: boolean,
    /** Seed of the step's random ops (dropout): layers mix it with their own, so a seeded run repeats its masks. */
    readonly seed?: number,
    /** Time the host-side lookups into {@link hostMs} (the engine does when profiling). */
    private readonly timeHost = false,
  ) {
    this.tape = training ? new Tape() : null;
  }

  /**
   * The rows of `ids` in `table`: `[ids.length, dim]`, or `[n, length, dim]` when `shape` is `[n, length]` (padded
   * histories; see {@link paddingMask}). Ids outside the table (cold, or padding −1) read zeros and are not trained.
   */
  rows(table: SparseTable, ids: Int32Array): tf.Tensor2D;
  rows(table: SparseTable, ids: Int32Array, shape: readonly [number, number]): tf.Tensor3D;
  rows(table: SparseTable, ids: Int32Array, shape?: readonly [number, number]): tf.Tensor {
    if (shape && shape[0] * shape[1] !== ids.length) {
      throw new Error(`rows(${table.name}): shape [${shape.join(', ')}] does not hold ${ids.length} ids`);
    }
    const start = this.timeHost ? performance.now() : 0;
    const values = table.gather(ids, new Float32Array(ids.length * table.dim));
    const tensor = shape
      ? tf.tensor3d(values, [shape[0], shape[1], table.dim])
      : tf.tensor2d(values, [ids.length, table.dim]);
    if (this.timeHost) this.hostMs += performance.now() - start;
    if (this.training && table.trainable) this.lookups.push({ kind: 'rows', table, ids, tensor });
    return tensor;
  }

  /**
   * Each example's weighted sum of `table` rows (see {@link Bag}), `[examples, dim]`, computed host-side; in training
   * its gradient is scattered into the rows of the bag, never materialised as a `[nnz, dim]` tensor.
   */
  bag(table: SparseTable, bag: Bag): tf.Tensor2D {
    const n = bagSize(bag, `bag(${table.name})`);
    const start = this.timeHost ? performance.now() : 0;
    const tensor = tf.tensor2d(table.bagSum(bag, new Float32Array(n * table.dim)), [n, table.dim]);
    if (this.timeHost) this.hostMs += performance.now() - start;
    if (this.training && table.trainable) this.lookups.push({ kind: 'bag', table, bag, tensor });
    return tensor;
  }

  /**
   * Each row's weighted sum of table rows, `out[b] = Σ_l weights[b, l] · table[ids[b · length + l]]`, `[n, dim]` for
   * `ids` of `shape` `[n, length]` (padding −1 adds nothing): attention pooling straight from a host-side table, with
   * the weights on the tape. The table's rows get their gradient sparsely (as a {@link bag}'s), the weights theirs
   * (`dweights[b, l] = dout[b] · table[ids[b, l]]`); no `[n, length, dim]` tensor is built.
   *
   * @example
   * ```ts
   * const alpha = pooling.attention(mask, ctx.rows(items, distinct.ids), distinct.index, ctx); // [n, T]
   * const m = ctx.weightedRows(items, historyIds, [n, T], alpha); // [n, dim]
   * ```
   */
  weightedRows(
    table: SparseTable,
    ids: Int32Array,
    shape: readonly [number, number],
    weights: tf.Tensor2D,
  ): tf.Tensor2D {
    const [n, length] = shape;
    if (n * length !== ids.length || weights.shape[0] !== n || weights.shape[1] !== length) {
      throw new Error(
        `weightedRows(${table.name}): shape [${shape.join(', ')}], ${ids.length} ids and weights ` +
          `[${weights.shape.join(', ')}] do not agree`,
      );
    }
    const offsets = Int32Array.from({ length: n + 1 }, (_, b) => b * length);
    const w = Float32Array.from(weights.dataSync() as Float32Array);
    const y = this.bag(table, { offsets, ids, weights: w });
    if (this.tape) {
      const { data, dim, rows } = table; // unchanged until the step's update, after the backward pass
      this.tape.record([weights], y, (dy) => {
        const g = dy.dataSync() as Float32Array;
        const dw = new Float32Array(n * length);
        // Four partial sums per dot product: independent additions the CPU overlaps (about 1.5× the plain loop at
        // 256 × 50 × 32, measured here).
        const wide = dim - (dim % 4);
        for (let b = 0; b < n; b++) {
          const o = b * dim;
          for (let l = 0; l < length; l++) {
            const id = ids[b * length + l]!;
            if (id < 0 || id >= rows) continue;
            const base = id * dim;
            let s0 = 0,
              s1 = 0,
              s2 = 0,
              s3 = 0,
              d = 0;
            for (; d < wide; d += 4) {
              s0 += g[o + d]! * data[base + d]!;
              s1 += g[o + d + 1]! * data[base + d + 1]!;
              s2 += g[o + d + 2]! * data[base + d + 2]!;
              s3 += g[o + d + 3]! * data[base + d + 3]!;
            }
            for (; d < dim; d++) s0 += g[o + d]! * data[base + d]!;
            dw[b * length + l] = s0 + s1 + s2 + s3;
          }
        }
        return [tf.tensor2d(dw, [n, length])];
      });
    }
    return y;
  }

  /**
   * `f(...inputs)`, recorded on the tape with tfjs's own gradient of `f` as its backward rule (see `differentiable`
   * in `@recsys/layers`): the way to use any tfjs op in a forward pass. `f` must be deterministic.
   */
  op<I extends tf.Tensor[], O extends tf.Tensor>(f: (...inputs: I) => O, ...inputs: I): O {
    return differentiable(f)(inputs, this.tape);
  }

  /**
   * Applies a tfjs-layers layer (a stock one or your own) on the tape: its inputs and trainable weights get tfjs's
   * gradients (see `applyOnTape` in `@recsys/layers`). Recsys layers have a faster `forward(x, ctx)`.
   */
  layer(layer: tfl.layers.Layer, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown> = {}): tf.Tensor {
    return applyOnTape(layer, inputs, this.tape, { training: this.training, ...kwargs });
  }
}

/**
 * The mask of padded id sequences, `[n, length]`: 1 where an id is real (≥ 0), 0 for the padding id −1. Use it with
 * `ctx.rows(table, ids, [n, length])` to keep padding out of an attention softmax or an average.
 *
 * @example
 * ```ts
 * const history = ctx.rows(items, historyIds, [batch, 50]); // [batch, 50, dim]
 * const mask = paddingMask(historyIds, [batch, 50]); // [batch, 50]
 * ```
 */
export function paddingMask(ids: Int32Array, shape: readonly [number, number]): tf.Tensor2D {
  if (shape[0] * shape[1] !== ids.length) {
    throw new Error(`paddingMask: shape [${shape.join(', ')}] does not hold ${ids.length} ids`);
  }
  const mask = new Float32Array(ids.length);
  for (let k = 0; k < ids.length; k++) mask[k] = ids[k]! >= 0 ? 1 : 0;
  return tf.tensor2d(mask, [shape[0], shape[1]]);
}
