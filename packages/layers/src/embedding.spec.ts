import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecsysEmbedding } from './embedding.js';
import { configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

/** A built 4 × 2 embedding whose row r is [r, 10·r]. */
function tableLayer(): RecsysEmbedding {
  const layer = new RecsysEmbedding({ inputDim: 4, outputDim: 2 });
  layer.apply(tf.tensor1d([0], 'int32'));
  layer.setTable(new Float32Array([0, 0, 1, 10, 2, 20, 3, 30]));
  return layer;
}

describe('RecsysEmbedding', () => {
  beforeAll(() => useBackend('cpu'));

  it('looks up rows for [batch] and [batch, 1] ids; cold ids give zero vectors', () => {
    const layer = tableLayer();
    const out = layer.apply(tf.tensor1d([3, 1, 4, 99, -2], 'int32')) as tf.Tensor;
    expect(out.shape).toEqual([5, 2]);
    expect(out.arraySync()).toEqual([
      [3, 30],
      [1, 10],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const col = layer.apply(tf.tensor2d([[2], [0]], [2, 1], 'int32')) as tf.Tensor;
    expect(col.arraySync()).toEqual([
      [2, 20],
      [0, 0],
    ]);
  });

  it('has one weight named embeddings, initialized N(0, 0.01) and seedable', () => {
    const a = new RecsysEmbedding({ inputDim: 200, outputDim: 16, seed: 11 });
    const b = new RecsysEmbedding({ inputDim: 200, outputDim: 16, seed: 11 });
    const c = new RecsysEmbedding({ inputDim: 200, outputDim: 16, seed: 12 });
    for (const l of [a, b, c]) l.apply(tf.tensor1d([0], 'int32'));
    expect(a.weights.map((w) => w.originalName.split('/').pop())).toEqual(['embeddings']);
    expect(a.embeddings.shape).toEqual([200, 16]);
    expect(maxAbsDiff(a.embeddings.read(), b.embeddings.read())).toBe(0);
    expect(maxAbsDiff(a.embeddings.read(), c.embeddings.read())).toBeGreaterThan(0);
    const { mean, variance } = tf.moments(a.embeddings.read());
    expect(Math.abs(mean.dataSync()[0]!)).toBeLessThan(0.002);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(0.01, 2);
  });

  it('getTable returns a copy; setTable writes a copy', () => {
    const layer = tableLayer();
    const table = layer.getTable();
    expect(Array.from(table)).toEqual([0, 0, 1, 10, 2, 20, 3, 30]);
    table[2] = 123;
    expect(layer.getTable()[2]).toBe(1);
    const values = new Float32Array(8).fill(5);
    layer.setTable(values);
    values.fill(7);
    expect(Array.from(layer.getTable())).toEqual(new Array(8).fill(5));
    expect((layer.apply(tf.tensor1d([2], 'int32')) as tf.Tensor).arraySync()).toEqual([[5, 5]]);
    expect(() => layer.setTable(new Float32Array(3))).toThrow(/expected 8 values/);
  });

  it('leaks no tensors through setTable', () => {
    const layer = tableLayer();
    const before = tf.memory().numTensors;
    layer.setTable(new Float32Array(8));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('requires a build before table access', () => {
    const layer = new RecsysEmbedding({ inputDim: 3, outputDim: 2 });
    expect(() => layer.getTable()).toThrow(/not built/);
  });

  it('exposes l2 and attaches a Keras L2 regularizer when l2 > 0', () => {
    expect(new RecsysEmbedding({ inputDim: 3, outputDim: 2 }).l2).toBe(0);
    const layer = new RecsysEmbedding({ inputDim: 4, outputDim: 2, l2: 0.5 });
    layer.apply(tf.tensor1d([0], 'int32'));
    layer.setTable(new Float32Array([0, 0, 1, 10, 2, 20, 3, 30]));
    expect(layer.l2).toBe(0.5);
    expect(layer.losses).toHaveLength(1);
    const penalty = (layer.losses[0]!() as tf.Tensor).dataSync()[0]!;
    expect(penalty).toBeCloseTo(0.5 * (1 + 100 + 4 + 400 + 9 + 900), 3);
  });

  it('validates its config', () => {
    expect(() => new RecsysEmbedding({ inputDim: 0, outputDim: 2 })).toThrow(/inputDim/);
    expect(() => new RecsysEmbedding({ inputDim: 2, outputDim: 1.5 })).toThrow(/outputDim/);
    expect(() => new RecsysEmbedding({ inputDim: 2, outputDim: 2, l2: -1 })).toThrow(/l2/);
  });

  it('round-trips its config', () => {
    const layer = new RecsysEmbedding({ inputDim: 7, outputDim: 3, seed: 5, l2: 0.01, name: 'users' });
    const copy = configRoundTrip(layer);
    expect(copy).toBeInstanceOf(RecsysEmbedding);
    expect(copy.getConfig()).toEqual(layer.getConfig());
    expect(layer.getConfig()).toMatchObject({ inputDim: 7, outputDim: 3, seed: 5, l2: 0.01, name: 'users' });
    layer.apply(tf.tensor1d([0], 'int32'));
    copy.apply(tf.tensor1d([0], 'int32'));
    expect(maxAbsDiff(layer.embeddings.read(), copy.embeddings.read())).toBe(0);
  });

  it('computes symbolic output shapes and works in tf.sequential', () => {
    const layer = new RecsysEmbedding({ inputDim: 5, outputDim: 3 });
    expect(layer.computeOutputShape([null])).toEqual([null, 3]);
    expect(layer.computeOutputShape([null, 1])).toEqual([null, 3]);
    expect(() => layer.computeOutputShape([null, 2])).toThrow(/\[batch\]/);
    const model = tfl.sequential({ layers: [new RecsysEmbedding({ inputDim: 5, outputDim: 3, inputShape: [1] })] });
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    expect((model.predict(tf.tensor2d([[1], [9]])) as tf.Tensor).shape).toEqual([2, 3]);
  });

  it('survives a save/load round trip inside a functional model', async () => {
    // shape [1], not []: model.predict expands rank-1 inputs to [batch, 1].
    const ids = tfl.input({ shape: [1], dtype: 'int32' });
    const out = new RecsysEmbedding({ inputDim: 6, outputDim: 4, seed: 2 }).apply(ids) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: ids, outputs: out });
    const loaded = await saveLoadRoundTrip(model);
    const x = tf.tensor2d([[0], [5], [3], [17]], [4, 1], 'int32');
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
    expect(loaded.layers[1]).toBeInstanceOf(RecsysEmbedding);
  });
});
