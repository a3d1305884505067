import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers' index registers the gradients of the core ops (tfjs-core alone registers none).
import '@tensorflow/tfjs-layers';

/**
 * Row lookup in an embedding table, differentiable on every backend, with cold ids mapped to zero vectors.
 *
 * - `ids` of shape `[batch]` or `[batch, 1]`: int32, or float holding integers (a float id such as 0.5 or NaN is
 *   refused: truncated, it would read row 0 instead of a zero vector).
 * - An id outside `[0, rows)` (a cold or padding id) has no learned row: its output is a zero vector and it
 *   contributes nothing to the gradient. It never throws (tfjs's `gather` throws on cpu and reads out of bounds on
 *   wasm).
 * - The gradient with respect to `table` is a single `tf.scatterND` (duplicate ids are summed), instead of tfjs's
 *   `gather` gradient (`UnsortedSegmentSum`: missing on wasm, O(rows · batch · dim) on cpu). It is still a dense
 *   `[rows, dim]` tensor: large tables should be trained host-side (see `RecsysEmbedding.getTable`).
 *
 * @param table - `[rows, dim]`.
 * @param ids - `[batch]` or `[batch, 1]`.
 * @returns `[batch, dim]`.
 * @throws if `table` is not rank 2, has no rows, or `ids` has another shape; RangeError on a non-integer float id.
 * @example
 * ```ts
 * const table = tf.tensor2d([[1, 2], [3, 4]]);
 * embeddingLookup(table, tf.tensor1d([1, 5], 'int32')); // [[3, 4], [0, 0]]
 * ```
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor2D {
  if (table.rank !== 2 || table.shape[0] < 1) {
    throw new Error(`embeddingLookup: table must be [rows >= 1, dim], got [${table.shape.join(', ')}]`);
  }
  if (!(ids.rank === 1 || (ids.rank === 2 && ids.shape[1] === 1))) {
    throw new Error(`embeddingLookup: ids must be [batch] or [batch, 1], got [${ids.shape.join(', ')}]`);
  }
  if (ids.dtype !== 'int32') checkIntegerIds(ids);
  const [rows, dim] = table.shape;
  return tf.tidy(() => {
    const flat = ids.rank === 1 ? ids : tf.reshape(ids, [-1]);
    const intIds = flat.dtype === 'int32' ? flat : tf.cast(flat, 'int32');
    // int32 bounds: a plain number would be a float32 scalar and upcast the result to float32. (tf.clipByValue does
    // not clip int32 tensors on wasm in tfjs 4.22.)
    const clipped = tf.minimum(tf.maximum(intIds, tf.scalar(0, 'int32')), tf.scalar(rows - 1, 'int32'));
    const mask = tf.reshape(tf.cast(tf.equal(clipped, intIds), 'float32'), [-1, 1]);
    const lookup = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const t = args[0] as tf.Tensor2D;
      const save = args[1] as tf.GradSaveFunc;
      save([clipped, mask]);
      return {
        value: tf.mul(tf.gather(t, clipped), mask) as tf.Tensor2D,
        gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
          const [c, m] = saved as [tf.Tensor1D, tf.Tensor2D];
          return tf.scatterND(tf.reshape(c, [-1, 1]), tf.mul(dy, m), [rows, dim]);
        },
      };
    });
    return lookup(table);
  });
}

/** Float ids must hold integers: reads them (float ids only; int32 ids skip this). */
function checkIntegerIds(ids: tf.Tensor): void {
  const values = ids.dataSync();
  for (let k = 0; k < values.length; k++) {
    const id = values[k] as number;
    if (!Number.isInteger(id)) {
      throw new RangeError(
        `embeddingLookup: id ${k} is ${id}, not an integer (a cold id should be an integer outside [0, rows))`,
      );
    }
  }
}
