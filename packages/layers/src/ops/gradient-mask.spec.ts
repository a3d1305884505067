import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tape } from '../autodiff/tape.js';
import { BACKENDS, useBackend } from '../test-support.js';
import { gradientMask } from './gradient-mask.js';
import { multiply } from './multiply.js';

describe.each(BACKENDS)('gradientMask on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('passes values through and the gradient of the selected rows only', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
      const w = tf.tensor2d([7, 8, 9, 10, 11, 12], [3, 2]);
      const tape = new Tape();
      const y = multiply(gradientMask(x, Float32Array.of(1, 0, 1), tape), w, tape);
      expect(Array.from(y.dataSync())).toEqual([7, 16, 27, 40, 55, 72]);
      const [dx] = tape.gradients(y, tf.onesLike(y), [x]);
      expect(Array.from(dx!.dataSync())).toEqual([7, 8, 0, 0, 11, 12]);
    });
  });

  it('is the input itself without a tape, and refuses a mask of another length', () => {
    const x = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(gradientMask(x, Float32Array.of(1, 0))).toBe(x);
    expect(() => gradientMask(x, Float32Array.of(1))).toThrow('gradientMask: 1 mask entries for a [2, 3] input');
    x.dispose();
  });
});
