import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tape } from './autodiff/tape.js';
import { DotProduct } from './dot-product.js';
import { MLPTower } from './mlp-tower.js';
import { dropout } from './ops/dropout.js';
import { embeddingLookup } from './ops/embedding-lookup.js';
import { multiply } from './ops/multiply.js';
import { columnSums } from './ops/ones-row.js';
import { rowDot } from './ops/row-dot.js';
import { PredictionHead } from './prediction-head.js';
import { BACKENDS, useBackend } from './test-support.js';

/** Tensors left behind by `f` outside any tf.tidy, once its output is disposed. */
function leaked(f: () => tf.Tensor): number {
  const before = tf.memory().numTensors;
  f().dispose();
  return tf.memory().numTensors - before;
}

describe.each(BACKENDS)('eager calls outside tf.tidy leave only their output (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  it('MLPTower.forward, with and without training dropout (leaked 3 and 11 for [4, 4, 4, 2])', () => {
    const tower = new MLPTower({ units: [4, 4, 4, 2], dropout: 0.5, seed: 1 });
    const x = tf.ones([3, 5]) as tf.Tensor2D;
    tower.forward(x).dispose(); // builds the weights (they stay, as weights do)
    expect(leaked(() => tower.forward(x))).toBe(0);
    expect(leaked(() => tower.forward(x, { training: true, seed: 3 }))).toBe(0);
    x.dispose();
  });

  it('dropout (leaked 4), PredictionHead.forward on 2 inputs, DotProduct.forward, rowDot, columnSums (1 each)', () => {
    const a = tf.ones([3, 4]) as tf.Tensor2D;
    const b = tf.ones([3, 4]) as tf.Tensor2D;
    const head = new PredictionHead({ seed: 1 });
    head.forward([a, b]).dispose();
    expect(leaked(() => dropout(a, 0.5, null, 1))).toBe(0);
    expect(leaked(() => head.forward([a, b]))).toBe(0);
    expect(leaked(() => new DotProduct().forward(a, b))).toBe(0);
    expect(leaked(() => rowDot(a, b))).toBe(0);
    columnSums(a).dispose(); // the first call caches a [1, 3] row of ones, kept on purpose
    expect(leaked(() => columnSums(a))).toBe(0);
    a.dispose();
    b.dispose();
  });

  it('on a tape the intermediates stay alive for the backward pass, and its gradients are right', () => {
    const tower = new MLPTower({ units: [4, 2], dropout: 0.5, seed: 1 });
    const head = new PredictionHead({ seed: 2 });
    tf.tidy(() => {
      const x = tf.ones([3, 5]) as tf.Tensor2D;
      const tape = new Tape();
      const h = tower.forward(x, { tape, training: true, seed: 4 });
      const y = head.forward([h, h], { tape, logits: true });
      const [dx] = tape.gradients(y, tf.onesLike(y), [x]);
      expect(dx!.shape).toEqual([3, 5]);
      expect(Array.from(dx!.dataSync()).every(Number.isFinite)).toBe(true);
      // The same on tfjs's autodiff (no tape): equal gradients prove nothing the backward needed was disposed.
      const expected = tf.grad((input: tf.Tensor) => {
        const hh = tower.forward(input as tf.Tensor2D, { training: true, seed: 4 });
        return head.forward([hh, hh], { logits: true });
      })(x);
      expect(Array.from(dx!.dataSync())).toEqual(Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 5)));
    });
  });
});

describe('shape and id checks', () => {
  beforeAll(() => useBackend('cpu'));

  it('multiply and rowDot refuse broadcasting (the [1, 3] operand got a [2, 3] gradient)', () => {
    const a = tf.ones([1, 3]);
    const b = tf.ones([2, 3]);
    expect(() => multiply(a, b)).toThrow('multiply: a and b must have equal shapes, got [1, 3] and [2, 3]');
    expect(() => rowDot(a as tf.Tensor2D, b as tf.Tensor2D, new Tape())).toThrow(
      'rowDot: a and b must have equal shapes, got [1, 3] and [2, 3]',
    );
    expect(() => multiply(tf.ones([3]), tf.ones([1, 3]))).toThrow(/got \[3\] and \[1, 3\]/);
  });

  it('embeddingLookup refuses non-integer float ids (NaN and −0.9 read row 0), accepts integer-valued ones', () => {
    const table = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(() => embeddingLookup(table, tf.tensor1d([NaN, -0.9]))).toThrow(
      /embeddingLookup: id 0 is NaN, not an integer/,
    );
    expect(() => embeddingLookup(table, tf.tensor1d([1, -0.9]))).toThrow(/id 1 is -0.89/);
    expect(embeddingLookup(table, tf.tensor1d([1, -1, 5])).arraySync()).toEqual([
      [3, 4],
      [0, 0],
      [0, 0],
    ]);
  });
});
