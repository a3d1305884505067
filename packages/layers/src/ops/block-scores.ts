import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';

/**
 * Every row of `a` `[n, d]` against every row of `b` `[m, d]`: the dot products `a·bᵀ` as `[n, m]` (a dual
 * mini-batch's block of scores, or a batch of users against the catalogue), recorded on `tape` when given:
 * `da = dy·b`, `db = dyᵀ·a`. The transposes are explicit: tfjs's transposed matmul is several times slower on wasm.
 *
 * @throws when the inputs are not `[n, d]` and `[m, d]` of one width.
 * @example
 * ```ts
 * const scores = blockScores(userEmbeddings, itemEmbeddings, ctx.tape); // [users, items]
 * ```
 */
export function blockScores(a: tf.Tensor2D, b: tf.Tensor2D, tape?: Tape | null): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[1]) {
    throw new Error(`blockScores: expects [n, d] and [m, d], got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
  const y = tf.tidy(() => tf.matMul(a, tf.transpose(b))) as tf.Tensor2D;
  tape?.record([a, b], y, (dy, needs) => [
    needs[0] ? tf.matMul(dy, b) : null,
    needs[1] ? tf.matMul(tf.transpose(dy), a) : null,
  ]);
  return y;
}
