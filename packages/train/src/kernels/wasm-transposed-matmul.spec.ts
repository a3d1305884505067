import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
// tfjs's gradients (the fused matmul's uses the transpose flags this wraps).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFastTransposedMatMulOnWasm } from './wasm-transposed-matmul.js';

/** Values of `f` on `backend`, its tensors freed. */
async function on(backend: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => f().dataSync() as Float32Array);
}

const values = (shape: number[], seed: number): number[] =>
  Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, k) => Math.sin(seed * 7.3 + k * 1.7));

describe('useFastTransposedMatMulOnWasm', () => {
  let previous: string;
  beforeAll(async () => {
    await tf.ready();
    previous = tf.getBackend();
    expect(useFastTransposedMatMulOnWasm()).toBe(true);
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matMul(transposeA %s, transposeB %s) gives the cpu values, in 2-d and batched', async (ta, tb) => {
    for (const batch of [[], [3]]) {
      const aShape = [...batch, ...(ta ? [5, 4] : [4, 5])];
      const bShape = [...batch, ...(tb ? [6, 5] : [5, 6])];
      const f = () => tf.matMul(tf.tensor(values(aShape, 1), aShape), tf.tensor(values(bShape, 2), bShape), ta, tb);
      const wasm = await on('wasm', f);
      const cpu = await on('cpu', f);
      expect(Array.from(wasm)).toHaveLength(batch.length ? 3 * 24 : 24);
      wasm.forEach((v, k) => expect(v).toBeCloseTo(cpu[k]!, 5));
    }
  });

  it('keeps the fused matmul bias and activation, and its gradient (which uses the flags) matches cpu', async () => {
    const f = () => {
      const a = tf.tensor2d(values([7, 3], 3), [7, 3]);
      const b = tf.tensor2d(values([3, 4], 4), [3, 4]);
      const bias = tf.tensor1d(values([4], 5));
      const g = tf.grads((x: tf.Tensor, w: tf.Tensor) =>
        tf.sum(tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias, activation: 'relu' })),
      );
      const [da, db] = g([a, b]);
      // The forward with a flag too: the fused kernel's own transposeB.
      const y = tf.fused.matMul({ a, b: tf.transpose(b), bias, activation: 'relu', transposeB: true });
      return tf.concat([y, da!, db!].map((t) => tf.reshape(t, [-1])));
    };
    const wasm = await on('wasm', f);
    const cpu = await on('cpu', f);
    wasm.forEach((v, k) => expect(v).toBeCloseTo(cpu[k]!, 5));
  });

  it('leaks no tensor data on wasm and is idempotent', async () => {
    await tf.setBackend('wasm');
    const kernel = tf.getKernel(tf.BatchMatMul, 'wasm').kernelFunc;
    expect(useFastTransposedMatMulOnWasm()).toBe(true);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm').kernelFunc).toBe(kernel); // not wrapped twice
    const a = tf.ones([8, 3]);
    const b = tf.ones([8, 3]);
    const before = tf.memory().numBytes;
    const y = tf.matMul(a, b, false, true);
    expect(tf.memory().numBytes - before).toBe(8 * 8 * 4);
    expect(y.dataSync()[0]).toBe(3);
    tf.dispose([a, b, y]);
  });
});
