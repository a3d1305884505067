import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ElementwiseProduct } from './elementwise-product.js';
import { configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

describe('ElementwiseProduct', () => {
  beforeAll(() => useBackend('cpu'));

  it('multiplies two inputs element-wise', () => {
    const out = new ElementwiseProduct().apply([
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      tf.tensor2d([
        [5, 6],
        [-1, 0.5],
      ]),
    ]) as tf.Tensor;
    expect(out.shape).toEqual([2, 2]);
    expect(out.arraySync()).toEqual([
      [5, 12],
      [-3, 2],
    ]);
  });

  it('rejects anything but two inputs of equal shape', () => {
    const layer = new ElementwiseProduct();
    expect(() => layer.apply([tf.ones([2, 2]), tf.ones([2, 3])])).toThrow(/equal shape/);
    expect(() => layer.apply(tf.ones([2, 2]))).toThrow(/two input/);
    expect(
      layer.computeOutputShape([
        [null, 4],
        [null, 4],
      ]),
    ).toEqual([null, 4]);
    expect(() =>
      layer.computeOutputShape([
        [null, 4],
        [null, 3],
      ]),
    ).toThrow(/equal shape/);
  });

  it('round-trips its config', () => {
    const layer = new ElementwiseProduct({ name: 'gmf' });
    const copy = configRoundTrip(layer);
    expect(copy).toBeInstanceOf(ElementwiseProduct);
    expect(copy.getConfig()).toEqual(layer.getConfig());
    expect(layer.getClassName()).toBe('RecsysElementwiseProduct');
  });

  it('survives a save/load round trip inside a functional model', async () => {
    const a = tfl.input({ shape: [3] });
    const b = tfl.input({ shape: [3] });
    const out = new ElementwiseProduct().apply([a, b]) as tfl.SymbolicTensor;
    expect(out.shape).toEqual([null, 3]);
    const model = tfl.model({ inputs: [a, b], outputs: out });
    const loaded = await saveLoadRoundTrip(model);
    const x = [tf.randomNormal([4, 3], 0, 1, 'float32', 1), tf.randomNormal([4, 3], 0, 1, 'float32', 2)];
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });
});
