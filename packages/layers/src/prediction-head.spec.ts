import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { PredictionHead } from './prediction-head.js';
import { configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('PredictionHead', () => {
  beforeAll(() => useBackend('cpu'));

  it('concatenates its inputs and maps them to one sigmoid unit (or logits)', () => {
    const head = new PredictionHead();
    const a = tf.tensor2d([
      [1, 1],
      [0, 2],
    ]);
    const b = tf.tensor2d([[2], [-1]]);
    head.apply([a, b]);
    expect(head.kernel.shape).toEqual([3, 1]);
    expect(head.bias.shape).toEqual([1]);
    head.setKernelParts([new Float32Array([1, 2]), new Float32Array([3])], 0.5);
    // rows: 1 + 2 + 6 + 0.5 = 9.5; 0 + 4 − 3 + 0.5 = 1.5
    const logits = head.apply([a, b], { logits: true }) as tf.Tensor;
    expect(logits.shape).toEqual([2, 1]);
    expect(logits.arraySync()).toEqual([[9.5], [1.5]]);
    const p = (head.apply([a, b]) as tf.Tensor).dataSync();
    expect(p[0]).toBeCloseTo(sigmoid(9.5), 6);
    expect(p[1]).toBeCloseTo(sigmoid(1.5), 6);
  });

  it('accepts a single tensor', () => {
    const head = new PredictionHead({ seed: 1 });
    const out = head.apply(tf.ones([4, 3])) as tf.Tensor;
    expect(out.shape).toEqual([4, 1]);
    expect(head.kernel.shape).toEqual([3, 1]);
  });

  it('uses LeCun-uniform kernels and a zero bias by default', () => {
    const head = new PredictionHead({ seed: 5 });
    head.apply(tf.ones([1, 300]));
    const k = head.kernel.read().dataSync();
    const limit = Math.sqrt(3 / 300);
    expect(Math.max(...Array.from(k, Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...Array.from(k, Math.abs))).toBeGreaterThan(limit / 2);
    expect(head.bias.read().dataSync()[0]).toBe(0);
    expect(head.getConfig()['kernelInitializer']).toBe('lecunUniform');
  });

  it('setKernelParts checks the total length', () => {
    const head = new PredictionHead();
    head.apply([tf.ones([1, 2]), tf.ones([1, 2])]);
    expect(() => head.setKernelParts([new Float32Array(3)], 0)).toThrow(/3 values, kernel has 4/);
    const before = tf.memory().numTensors;
    head.setKernelParts([new Float32Array([1, 2]), new Float32Array([3, 4])], -1);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(head.kernel.read().dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(head.bias.read().dataSync())).toEqual([-1]);
  });

  it('computes output shapes for one or several inputs', () => {
    const head = new PredictionHead();
    expect(head.computeOutputShape([null, 8])).toEqual([null, 1]);
    expect(
      head.computeOutputShape([
        [null, 8],
        [null, 4],
      ]),
    ).toEqual([null, 1]);
    expect(() => head.computeOutputShape([null, 2, 8])).toThrow(/\[batch, d\]/);
  });

  it('round-trips its config', () => {
    const head = new PredictionHead({ seed: 8, name: 'fusion' });
    const copy = configRoundTrip(head);
    expect(copy).toBeInstanceOf(PredictionHead);
    expect(copy.getConfig()).toEqual(head.getConfig());
    head.apply(tf.ones([1, 4]));
    copy.apply(tf.ones([1, 4]));
    expect(maxAbsDiff(head.kernel.read(), copy.kernel.read())).toBe(0);
  });

  it('refuses a symbolic logits call option, which tfjs functional models would silently drop', () => {
    const head = new PredictionHead();
    expect(() => head.apply(tfl.input({ shape: [3] }), { logits: true })).toThrow(/logits/);
  });

  it('survives a save/load round trip; model.apply(x, { logits: true }) reaches the head', async () => {
    const a = tfl.input({ shape: [3] });
    const b = tfl.input({ shape: [2] });
    const head = new PredictionHead({ seed: 4 });
    const probs = head.apply([a, b]) as tfl.SymbolicTensor;
    expect(probs.shape).toEqual([null, 1]);
    head.setKernelParts([new Float32Array([3, 3, 3]), new Float32Array([3, 3])], 2);
    const model = tfl.model({ inputs: [a, b], outputs: probs });
    const loaded = await saveLoadRoundTrip(model);
    const x = [tf.randomNormal([4, 3], 0, 1, 'float32', 1), tf.randomNormal([4, 2], 0, 1, 'float32', 2)];
    const p0 = model.predict(x) as tf.Tensor;
    const p1 = loaded.predict(x) as tf.Tensor;
    expect(maxAbsDiff(p0, p1)).toBe(0);
    const z0 = model.apply(x, { logits: true }) as tf.Tensor;
    const z1 = loaded.apply(x, { logits: true }) as tf.Tensor;
    expect(maxAbsDiff(z0, z1)).toBe(0);
    expect(Math.max(...Array.from(z1.dataSync(), Math.abs))).toBeGreaterThan(1); // really logits
    expect(maxAbsDiff(tf.sigmoid(z1), p1)).toBeLessThan(1e-6);
  });

  it('outputs logits in a graph when constructed with { logits: true }, also after save/load', async () => {
    const a = tfl.input({ shape: [3] });
    const head = new PredictionHead({ logits: true, seed: 4 });
    const model = tfl.model({ inputs: a, outputs: head.apply(a) as tfl.SymbolicTensor });
    head.setKernelParts([new Float32Array([3, 3, 3])], 2);
    const loaded = await saveLoadRoundTrip(model);
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 1);
    const z = loaded.predict(x) as tf.Tensor;
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, z)).toBe(0);
    expect(Math.max(...Array.from(z.dataSync(), Math.abs))).toBeGreaterThan(1);
    const p = loaded.apply(x, { logits: false }) as tf.Tensor;
    expect(maxAbsDiff(tf.sigmoid(z), p)).toBeLessThan(1e-6);
  });
});
