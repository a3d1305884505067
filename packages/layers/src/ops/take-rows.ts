import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';

/**
 * Rows `index` of `x` (`[rows, d]` → `[index.length, d]`), zeros where an index is −1 (padding) or outside `x`;
 * recorded on `tape` when given, the gradient summed back into the rows it came from. A host-side gather: tfjs's wasm
 * GatherV2 and its gradient were measured at milliseconds per call for the 12,800 slots of a batch of histories.
 *
 * @example
 * ```ts
 * const slotScores = takeRows(entryScores, historyIndex, ctx.tape); // [n × T, 1] from [distinct, 1]
 * ```
 */
export function takeRows(x: tf.Tensor2D, index: Int32Array, tape?: Tape | null): tf.Tensor2D {
  if (x.rank !== 2) throw new Error(`takeRows: x must be [rows, d], got [${x.shape.join(', ')}]`);
  const [rows, d] = x.shape;
  const values = x.dataSync() as Float32Array;
  const out = new Float32Array(index.length * d);
  for (let k = 0; k < index.length; k++) {
    const r = index[k]!;
    if (r < 0 || r >= rows) continue;
    for (let j = 0; j < d; j++) out[k * d + j] = values[r * d + j]!;
  }
  const y = tf.tensor2d(out, [index.length, d]);
  tape?.record([x], y, (dy) => {
    const g = dy.dataSync() as Float32Array;
    const dx = new Float32Array(rows * d);
    for (let k = 0; k < index.length; k++) {
      const r = index[k]!;
      if (r < 0 || r >= rows) continue;
      for (let j = 0; j < d; j++) dx[r * d + j] += g[k * d + j]!;
    }
    return [tf.tensor2d(dx, [rows, d])];
  });
  return y;
}
