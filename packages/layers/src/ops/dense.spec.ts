import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, maxAbsDiff, useBackend } from '../test-support.js';
import { DENSE_ACTIVATIONS, type DenseActivation, dense, isDenseActivation } from './dense.js';

function stockActivation(z: tf.Tensor, activation: DenseActivation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return z;
    case 'relu':
      return tf.relu(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
  }
}

/** The same math through tfjs's stock ops and autodiff. */
function stockDense(x: tf.Tensor, k: tf.Tensor, b: tf.Tensor | null, activation: DenseActivation): tf.Tensor {
  const z = tf.matMul(x as tf.Tensor2D, k as tf.Tensor2D);
  return stockActivation(b === null ? z : tf.add(z, b), activation);
}

describe.each(BACKENDS)('dense on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  const x = () => tf.randomNormal([5, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
  const k = () => tf.randomNormal([4, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
  const b = () => tf.randomNormal([3], 0, 1, 'float32', 3) as tf.Tensor1D;
  const dy = () => tf.randomNormal([5, 3], 0, 1, 'float32', 4) as tf.Tensor2D;

  for (const activation of DENSE_ACTIVATIONS) {
    for (const withBias of [true, false]) {
      it(`${activation}${withBias ? '' : ' without bias'}: values and gradients equal stock autodiff`, () => {
        tf.tidy(() => {
          const inputs = withBias ? [x(), k(), b()] : [x(), k()];
          const ours = (...t: tf.Tensor[]) =>
            dense(t[0] as tf.Tensor2D, t[1] as tf.Tensor2D, (t[2] as tf.Tensor1D | undefined) ?? null, activation);
          const stock = (...t: tf.Tensor[]) => stockDense(t[0]!, t[1]!, t[2] ?? null, activation);
          expect(maxAbsDiff(ours(...inputs), stock(...inputs))).toBeLessThan(1e-5);
          const g = tf.grads(ours)(inputs, dy());
          const s = tf.grads(stock)(inputs, dy());
          expect(g).toHaveLength(inputs.length);
          g.forEach((gi, i) => {
            expect(gi.shape).toEqual(inputs[i]!.shape);
            expect(maxAbsDiff(gi, s[i]!)).toBeLessThan(1e-5);
          });
        });
      });
    }
  }

  it('computes a hand-made example', () => {
    const y = dense(
      tf.tensor2d([[1, 2]]),
      tf.tensor2d([
        [1, -1],
        [1, 1],
      ]),
      tf.tensor1d([0, -10]),
      'relu',
    );
    expect(y.shape).toEqual([1, 2]);
    expect(Array.from(y.dataSync())).toEqual([3, 0]);
  });

  it('leaks no tensors in a tidy gradient step', () => {
    const inputs = [x(), k(), b()];
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((a, w, c) => dense(a as tf.Tensor2D, w as tf.Tensor2D, c as tf.Tensor1D, 'relu'))(inputs);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(inputs);
  });
});

describe('dense validation', () => {
  beforeAll(() => useBackend('cpu'));

  it('rejects mismatched shapes and unknown activations', () => {
    const x = tf.ones([2, 3]) as tf.Tensor2D;
    expect(() => dense(x, tf.ones([4, 2]) as tf.Tensor2D, null, 'linear')).toThrow(/does not fit/);
    expect(() => dense(x, tf.ones([3, 2]) as tf.Tensor2D, tf.ones([3]) as tf.Tensor1D, 'linear')).toThrow(/bias/);
    const vector: tf.Tensor = tf.ones([3]);
    expect(() => dense(vector as tf.Tensor2D, tf.ones([3, 2]) as tf.Tensor2D, null, 'linear')).toThrow(/rank/);
    expect(() => dense(x, tf.ones([3, 2]) as tf.Tensor2D, null, 'elu' as DenseActivation)).toThrow(/activation/);
  });

  it('recognizes activations', () => {
    expect(isDenseActivation('tanh')).toBe(true);
    expect(isDenseActivation('softmax')).toBe(false);
  });
});
