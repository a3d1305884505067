import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { DotProduct } from './dot-product.js';
import { configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

describe('DotProduct', () => {
  beforeAll(() => useBackend('cpu'));

  it('computes row-wise dot products as [batch, 1]', () => {
    const out = new DotProduct().apply([
      tf.tensor2d([
        [1, 2],
        [0, 1],
      ]),
      tf.tensor2d([
        [3, 4],
        [5, 6],
      ]),
    ]) as tf.Tensor;
    expect(out.shape).toEqual([2, 1]);
    expect(out.arraySync()).toEqual([[11], [6]]);
  });

  it('has gradients b and a', () => {
    const a = tf.tensor2d([[1, 2]]);
    const b = tf.tensor2d([[3, 4]]);
    const layer = new DotProduct();
    const [ga, gb] = tf.grads((x, y) => layer.apply([x, y]) as tf.Tensor)([a, b]);
    expect(ga!.arraySync()).toEqual([[3, 4]]);
    expect(gb!.arraySync()).toEqual([[1, 2]]);
  });

  it('validates shapes', () => {
    const layer = new DotProduct();
    expect(
      layer.computeOutputShape([
        [null, 8],
        [null, 8],
      ]),
    ).toEqual([null, 1]);
    expect(() =>
      layer.computeOutputShape([
        [null, 2, 8],
        [null, 2, 8],
      ]),
    ).toThrow(/\[batch, d\]/);
    expect(() => layer.apply([tf.ones([2, 2]), tf.ones([2, 3])])).toThrow(/equal shape/);
  });

  it('round-trips its config', () => {
    const layer = new DotProduct({ name: 'mf' });
    const copy = configRoundTrip(layer);
    expect(copy).toBeInstanceOf(DotProduct);
    expect(copy.getConfig()).toEqual(layer.getConfig());
  });

  it('survives a save/load round trip inside a functional model', async () => {
    const a = tfl.input({ shape: [5] });
    const b = tfl.input({ shape: [5] });
    const out = new DotProduct().apply([a, b]) as tfl.SymbolicTensor;
    expect(out.shape).toEqual([null, 1]);
    const model = tfl.model({ inputs: [a, b], outputs: out });
    const loaded = await saveLoadRoundTrip(model);
    const x = [tf.randomNormal([3, 5], 0, 1, 'float32', 1), tf.randomNormal([3, 5], 0, 1, 'float32', 2)];
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });
});
