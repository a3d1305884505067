import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTapeMatchesAutodiff } from '../../../../test-utils/tape-gradients.js';
import { BACKENDS, maxAbsDiff, useBackend } from '../test-support.js';
import { blockScores } from './block-scores.js';

describe.each(BACKENDS)('blockScores on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is a·bᵀ, with the gradients tfjs autodiff computes', () => {
    const a = tf.randomNormal<tf.Rank.R2>([3, 4], 0, 1, 'float32', 1);
    const b = tf.randomNormal<tf.Rank.R2>([5, 4], 0, 1, 'float32', 2);
    expect(maxAbsDiff(blockScores(a, b), tf.matMul(a, b, false, true))).toBeLessThan(1e-5);
    expectTapeMatchesAutodiff(
      (xs, tape) => blockScores(xs[0] as tf.Tensor2D, xs[1] as tf.Tensor2D, tape),
      (x, y) => tf.matMul(x!, y!, false, true),
      [a, b],
    );
  });

  it('refuses inputs of different widths', () => {
    expect(() => blockScores(tf.zeros([2, 3]), tf.zeros([2, 4]))).toThrow(
      'expects [n, d] and [m, d], got [2, 3] and [2, 4]',
    );
  });
});
