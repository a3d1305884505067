import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';

/**
 * Each row's weighted sum of its entries, `out[b] = Σ_l alpha[b, l] · rows[b, l]`: `[n, length]` weights and
 * `[n, length, d]` rows give `[n, d]` (attention pooling's last step). Recorded on `tape` when given:
 * `dalpha[b, l] = dout[b] · rows[b, l]`, `drows[b, l] = alpha[b, l] · dout[b]`.
 *
 * Computed host-side, forward and backward: tfjs's wasm kernels for these shapes (a batched matmul of 1-row matrices
 * and its transposed gradients, or a broadcast product summed over the middle axis) were measured at 10–1000 ms a call
 * for 256 × 50 × 32 here, against about a millisecond for the plain loops.
 *
 * @throws Error naming both shapes when `alpha` is not `[n, length]` of `rows`' `[n, length, d]`.
 * @example
 * ```ts
 * const m = weightedRows(alpha, historyRows, ctx.tape); // [n, d]
 * ```
 */
export function weightedRows(alpha: tf.Tensor2D, rows: tf.Tensor3D, tape?: Tape | null): tf.Tensor2D {
  if (rows.rank !== 3 || alpha.rank !== 2 || alpha.shape[0] !== rows.shape[0] || alpha.shape[1] !== rows.shape[1]) {
    throw new Error(
      `weightedRows: alpha [${alpha.shape.join(', ')}] must be the [n, length] of rows [${rows.shape.join(', ')}]`,
    );
  }
  const [n, length, d] = rows.shape;
  const a = alpha.dataSync() as Float32Array;
  const r = rows.dataSync() as Float32Array;
  const out = new Float32Array(n * d);
  for (let b = 0; b < n; b++) {
    const o = b * d;
    for (let l = 0; l < length; l++) {
      const w = a[b * length + l]!;
      if (w === 0) continue; // padding
      const base = (b * length + l) * d;
      for (let k = 0; k < d; k++) out[o + k] += w * r[base + k]!;
    }
  }
  const y = tf.tensor2d(out, [n, d]);
  tape?.record([alpha, rows], y, (dy, needs) => {
    const g = dy.dataSync() as Float32Array;
    let dAlpha: tf.Tensor | null = null;
    let dRows: tf.Tensor | null = null;
    if (needs[0]) {
      const da = new Float32Array(n * length);
      for (let b = 0; b < n; b++) {
        for (let l = 0; l < length; l++) {
          const base = (b * length + l) * d;
          let s = 0;
          for (let k = 0; k < d; k++) s += g[b * d + k]! * r[base + k]!;
          da[b * length + l] = s;
        }
      }
      dAlpha = tf.tensor2d(da, [n, length]);
    }
    if (needs[1]) {
      const dr = new Float32Array(n * length * d);
      for (let b = 0; b < n; b++) {
        for (let l = 0; l < length; l++) {
          const w = a[b * length + l]!;
          if (w === 0) continue;
          const base = (b * length + l) * d;
          for (let k = 0; k < d; k++) dr[base + k] = w * g[b * d + k]!;
        }
      }
      dRows = tf.tensor3d(dr, [n, length, d]);
    }
    return [dAlpha, dRows];
  });
  return y;
}
