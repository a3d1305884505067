import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, maxAbsDiff, useBackend } from '../test-support.js';
import { embeddingLookup } from './embedding-lookup.js';

const TABLE = [
  [1, 2],
  [3, 4],
  [5, 6],
];

describe.each(BACKENDS)('embeddingLookup on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('gathers rows for [batch] and [batch, 1] ids', () => {
    const table = tf.tensor2d(TABLE);
    const a = embeddingLookup(table, tf.tensor1d([2, 0], 'int32'));
    const b = embeddingLookup(table, tf.tensor2d([[2], [0]], [2, 1], 'int32'));
    expect(a.shape).toEqual([2, 2]);
    expect(a.arraySync()).toEqual([
      [5, 6],
      [1, 2],
    ]);
    expect(b.arraySync()).toEqual(a.arraySync());
  });

  it('returns zero vectors for out-of-range (cold) and negative ids, and accepts float ids', () => {
    const table = tf.tensor2d(TABLE);
    const out = embeddingLookup(table, tf.tensor1d([1, 3, 1000, -1, 2], 'int32'));
    expect(out.arraySync()).toEqual([
      [3, 4],
      [0, 0],
      [0, 0],
      [0, 0],
      [5, 6],
    ]);
    expect(embeddingLookup(table, tf.tensor1d([1, 7])).arraySync()).toEqual([
      [3, 4],
      [0, 0],
    ]);
  });

  it('gradient is a scatter-add of dy over the looked-up rows; cold ids contribute nothing', () => {
    const table = tf.tensor2d(TABLE);
    const ids = tf.tensor1d([1, 0, 1, 9], 'int32');
    const dy = tf.tensor2d([
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
    ]);
    const [g] = tf.grads((t) => embeddingLookup(t as tf.Tensor2D, ids))([table], dy);
    expect(g!.arraySync()).toEqual([
      [2, 20],
      [4, 40],
      [0, 0],
    ]);
  });

  it('leaks no tensors in a tidy gradient step', () => {
    const table = tf.tensor2d(TABLE);
    const ids = tf.tensor1d([1, 0, 5], 'int32');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((t) => embeddingLookup(t as tf.Tensor2D, ids))([table]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad shapes', () => {
    const table = tf.tensor2d(TABLE);
    expect(() => embeddingLookup(table, tf.zeros([2, 2], 'int32'))).toThrow(/ids/);
    const vector: tf.Tensor = tf.zeros([3]);
    expect(() => embeddingLookup(vector as tf.Tensor2D, tf.zeros([2], 'int32'))).toThrow(/table/);
  });
});

describe('embeddingLookup vs stock tf.gather (cpu)', () => {
  beforeAll(() => useBackend('cpu'));

  it('equals tf.gather and its gradient for in-range ids', () => {
    const table = tf.randomNormal([6, 3], 0, 1, 'float32', 5) as tf.Tensor2D;
    const ids = tf.tensor1d([5, 0, 5, 2, 3, 5], 'int32');
    const dy = tf.randomNormal([6, 3], 0, 1, 'float32', 6);
    expect(maxAbsDiff(embeddingLookup(table, ids), tf.gather(table, ids))).toBe(0);
    const [ours] = tf.grads((t) => embeddingLookup(t as tf.Tensor2D, ids))([table], dy);
    const [stock] = tf.grads((t) => tf.gather(t, ids))([table], dy);
    expect(maxAbsDiff(ours!, stock!)).toBeLessThan(1e-6);
  });
});
