import type * as tf from '@tensorflow/tfjs-core';

/**
 * Refuses operands of different shapes: tfjs would broadcast `[1, d]` against `[n, d]`, and a hand-written rule would
 * then hand the `[1, d]` operand an `[n, d]` gradient.
 */
export function checkSameShape(op: string, a: tf.Tensor, b: tf.Tensor): void {
  if (a.rank !== b.rank || a.shape.some((d, k) => d !== b.shape[k])) {
    throw new Error(`${op}: a and b must have equal shapes, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
}
