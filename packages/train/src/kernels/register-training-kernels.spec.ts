import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerTrainingKernels } from './register-training-kernels.js';
import { unsortedSegmentSumCpu, unsortedSegmentSumWasm } from './unsorted-segment-sum.js';

/** d/dtable Σ(gather(table, indices, axis) · weights), computed on the current backend. */
function gatherGradient(table: tf.Tensor, indices: number[], weights: tf.Tensor, axis: number): number[] {
  const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d(indices, 'int32'), axis), weights)));
  return tf.tidy(() => Array.from(grad(table).dataSync()));
}

async function onBackend<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  expect(await tf.setBackend(name)).toBe(true);
  return run();
}

// Order matters in this file: the first test runs before registerTrainingKernels is ever called.
describe('registerTrainingKernels', () => {
  beforeAll(async () => {
    // wasm registers with a higher priority than cpu, and initialises asynchronously: pick a backend explicitly.
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is needed: stock wasm has no UnsortedSegmentSum, so the gradient of gather throws', async () => {
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')).toBeUndefined();
    const table = tf.ones([5, 2]);
    await onBackend('wasm', () => {
      expect(() => gatherGradient(table, [1, 3], tf.ones([2, 2]), 0)).toThrow(/UnsortedSegmentSum/);
    });
    table.dispose();
  });

  it('replaces the stock cpu kernel and adds the wasm one, without warnings, idempotently', () => {
    const stockCpu = tf.getKernel(tf.UnsortedSegmentSum, 'cpu');
    expect(stockCpu).toBeDefined();
    expect(stockCpu.kernelFunc).not.toBe(unsortedSegmentSumCpu);
    const warn = vi.spyOn(console, 'warn');
    registerTrainingKernels();
    registerTrainingKernels();
    expect(warn).not.toHaveBeenCalled();
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'cpu').kernelFunc).toBe(unsortedSegmentSumCpu);
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm').kernelFunc).toBe(unsortedSegmentSumWasm);
  });

  it('keeps a wasm UnsortedSegmentSum it did not register (a future native one)', () => {
    const native: tf.KernelFunc = () => {
      throw new Error('native');
    };
    tf.unregisterKernel(tf.UnsortedSegmentSum, 'wasm');
    tf.registerKernel({ kernelName: tf.UnsortedSegmentSum, backendName: 'wasm', kernelFunc: native });
    registerTrainingKernels();
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm').kernelFunc).toBe(native);
    tf.unregisterKernel(tf.UnsortedSegmentSum, 'wasm');
    registerTrainingKernels();
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm').kernelFunc).toBe(unsortedSegmentSumWasm);
  });

  it.each([
    { axis: 0, shape: [30, 4], indices: [0, 3, 3, 29, 7, 3, 0, 12, 12, 12, 5, 29] },
    { axis: 1, shape: [3, 20, 2], indices: [19, 0, 4, 4, 11, 19, 4] },
  ])('makes the gradient of gather work on wasm, equal to cpu (axis $axis)', async ({ axis, shape, indices }) => {
    registerTrainingKernels();
    const table = tf.randomUniform(shape, -1, 1, 'float32', 1);
    const outShape = [...shape];
    outShape[axis] = indices.length;
    const weights = tf.randomUniform(outShape, -1, 1, 'float32', 2);
    const onCpu = await onBackend('cpu', () => gatherGradient(table, indices, weights, axis));
    const onWasm = await onBackend('wasm', () => gatherGradient(table, indices, weights, axis));
    expect(onWasm).toHaveLength(onCpu.length);
    onWasm.forEach((v, i) => expect(v).toBeCloseTo(onCpu[i], 5));
    // Rows never gathered get a zero gradient; a row gathered twice gets both contributions.
    if (axis === 0) {
      const w = weights.arraySync() as number[][];
      expect(onWasm.slice(1 * 4, 2 * 4)).toEqual([0, 0, 0, 0]);
      const row3 = [1, 2, 5].reduce((acc, i) => acc.map((a, k) => a + w[i][k]), [0, 0, 0, 0]);
      onWasm.slice(3 * 4, 4 * 4).forEach((v, k) => expect(v).toBeCloseTo(row3[k], 5));
    }
    tf.dispose([table, weights]);
  });

  it.each(['cpu', 'wasm'])('lets a stock embedding + dense model train on %s', async (backendName) => {
    registerTrainingKernels();
    await onBackend(backendName, async () => {
      // Toy problem: ids 0–9 are positives, 10–19 negatives; the embedding must learn which is which.
      const vocabulary = 20;
      const model = tfl.sequential({
        layers: [
          tfl.layers.embedding({ inputDim: vocabulary, outputDim: 4, inputLength: 1 }),
          tfl.layers.flatten(),
          tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
      const ids = Array.from({ length: 2 * vocabulary }, (_, i) => i % vocabulary);
      const xs = tf.tensor2d(ids, [ids.length, 1]);
      const ys = tf.tensor2d(
        ids.map((id) => (id < 10 ? 1 : 0)),
        [ids.length, 1],
      );
      const embeddingBefore = model.layers[0].getWeights()[0].arraySync();
      const history = await model.fit(xs, ys, { epochs: 20, batchSize: ids.length, shuffle: false, verbose: 0 });
      const losses = history.history.loss.map(Number);
      expect(tf.getBackend()).toBe(backendName);
      expect(losses).toHaveLength(20);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[19]).toBeLessThan(0.5 * losses[0]);
      expect(model.layers[0].getWeights()[0].arraySync()).not.toEqual(embeddingBefore);
      tf.dispose([xs, ys]);
      model.dispose();
    });
  });
});
