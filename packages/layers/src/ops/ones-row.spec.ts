import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../test-support.js';
import { columnSums, EXACT_SIZES } from './ones-row.js';

describe('columnSums', () => {
  beforeAll(() => useBackend('cpu'));

  it('sums columns, and keeps a bounded number of ones rows however many sizes it meets', () => {
    expect(Array.from(columnSums(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2])).dataSync())).toEqual([9, 12]);
    const before = tf.memory().numTensors;
    // A new row count every call, as a dense layer over a batch's distinct entries sees.
    for (let n = 1; n <= 3 * EXACT_SIZES; n++) {
      const sums = tf.tidy(() => columnSums(tf.fill([n, 2], 2) as tf.Tensor2D));
      expect(Array.from(sums.dataSync())).toEqual([2 * n, 2 * n]);
      sums.dispose();
    }
    // The first sizes' rows, and one longest row: not a tensor per size.
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(EXACT_SIZES + 1);
  });
});
