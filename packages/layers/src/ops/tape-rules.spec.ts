import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTapeMatchesAutodiff } from '../../../../test-utils/tape-gradients.js';
import { applyOnTape } from '../autodiff/apply-on-tape.js';
import { differentiable } from '../autodiff/differentiable.js';
import { Tape } from '../autodiff/tape.js';
import { BACKENDS, useBackend } from '../test-support.js';
import { concatColumns } from './concat-columns.js';
import { DENSE_ACTIVATIONS, dense } from './dense.js';
import { dropout } from './dropout.js';
import { multiply } from './multiply.js';
import { rowDot } from './row-dot.js';
import { splitRows } from './split-rows.js';
import { weightedRows } from './weighted-rows.js';
import { takeRows } from './take-rows.js';
import { embeddingLookup } from './embedding-lookup.js';

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

// Every op with a hand-written backward rule, checked against tfjs autodiff of the same maths on both backends; and the
// generic path (differentiable, applyOnTape) on the shapes the papers' models need.
describe.each(BACKENDS)('tape rules equal tfjs autodiff on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  for (const activation of DENSE_ACTIVATIONS) {
    it(`dense (${activation}), with and without bias`, () => {
      const [x, k, b] = [normal([5, 4], 1), normal([4, 3], 2), normal([3], 3)];
      const act = (z: tf.Tensor) =>
        activation === 'relu'
          ? tf.relu(z)
          : activation === 'sigmoid'
            ? tf.sigmoid(z)
            : activation === 'tanh'
              ? tf.tanh(z)
              : z;
      expectTapeMatchesAutodiff(
        ([a, w, c], tape) => dense(a as tf.Tensor2D, w as tf.Tensor2D, c as tf.Tensor1D, activation, tape),
        (a, w, c) => act(tf.add(tf.matMul(a as tf.Tensor2D, w as tf.Tensor2D), c!)),
        [x, k, b],
      );
      expectTapeMatchesAutodiff(
        ([a, w], tape) => dense(a as tf.Tensor2D, w as tf.Tensor2D, null, activation, tape),
        (a, w) => act(tf.matMul(a as tf.Tensor2D, w as tf.Tensor2D)),
        [x, k],
      );
    });
  }

  it('weightedRows (attention pooling: Σ_l α[b, l] · rows[b, l])', () => {
    const alpha = tf.mul(normal([4, 5], 1), tf.tensor2d([1, 1, 1, 0, 0], [1, 5])); // padding weights are 0
    expectTapeMatchesAutodiff(
      ([a, r], tape) => weightedRows(a as tf.Tensor2D, r as tf.Tensor3D, tape),
      (a, r) => tf.sum(tf.mul(tf.expandDims(a!, 2), r!), 1),
      [alpha, normal([4, 5, 3], 2)],
    );
    expect(() => weightedRows(tf.zeros([4, 4]), tf.zeros([4, 5, 3]))).toThrow('must be the [n, length] of rows');
  });

  it('takeRows (a host-side gather; −1 and out-of-range read zeros; repeated rows sum their gradients)', () => {
    const index = Int32Array.of(2, 0, -1, 2, 7, 1);
    expectTapeMatchesAutodiff(
      ([x], tape) => takeRows(x as tf.Tensor2D, index, tape),
      (x) => embeddingLookup(x as tf.Tensor2D, tf.tensor1d(index, 'int32')),
      [normal([3, 2], 1)],
    );
  });

  it('multiply and rowDot', () => {
    const [a, b] = [normal([4, 3], 1), normal([4, 3], 2)];
    expectTapeMatchesAutodiff(([x, y], tape) => multiply(x!, y!, tape), tf.mul, [a, b]);
    expectTapeMatchesAutodiff(
      ([x, y], tape) => rowDot(x as tf.Tensor2D, y as tf.Tensor2D, tape),
      (x, y) => tf.sum(tf.mul(x!, y!), 1, true),
      [a, b],
    );
    // The same tensor on both sides: its two gradients are summed.
    expectTapeMatchesAutodiff(
      ([x], tape) => multiply(x!, x!, tape),
      (x) => tf.square(x!),
      [a],
    );
  });

  it('concatColumns and splitRows (both parts used, or one)', () => {
    const [a, b] = [normal([4, 2], 1), normal([4, 3], 2)];
    expectTapeMatchesAutodiff(
      ([x, y], tape) => concatColumns([x as tf.Tensor2D, y as tf.Tensor2D], tape),
      (x, y) => tf.concat([x!, y!], 1),
      [a, b],
    );
    const c = normal([6, 3], 3);
    expectTapeMatchesAutodiff(
      ([x], tape) => {
        const [p, n] = splitRows(x!, [3, 3], tape);
        return rowDot(p as tf.Tensor2D, n as tf.Tensor2D, tape);
      },
      (x) => {
        const [p, n] = tf.split(x!, [3, 3], 0);
        return tf.sum(tf.mul(p!, n!), 1, true);
      },
      [c],
    );
    expectTapeMatchesAutodiff(
      ([x], tape) => {
        const [, rest] = splitRows(x!, [2, 4], tape);
        return multiply(rest!, rest!, tape);
      },
      (x) => tf.square(tf.split(x!, [2, 4], 0)[1]!),
      [c],
    );
  });

  it('dropout with a seed (the reference draws the same mask)', () => {
    const x = normal([8, 5], 1);
    const keep = 0.7;
    expectTapeMatchesAutodiff(
      ([a], tape) => dropout(a!, 1 - keep, tape, 99),
      (a) => tf.mul(a!, tf.div(tf.floor(tf.add(tf.randomUniform(a!.shape, 0, 1, 'float32', 99), keep)), keep)),
      [x],
    );
  });

  it('the generic path: a masked softmax attention over padded histories [batch, length, dim]', () => {
    // DELF eq. 9–11: h = tanh(W·y + b), α = softmax over the real entries of hᵀh_a, m = Σ α·y.
    const [batch, length, dim, hidden] = [3, 4, 5, 6];
    const rows = normal([batch, length, dim], 1);
    const mask = tf.tensor2d(
      [
        [1, 1, 1, 0],
        [1, 0, 0, 0],
        [1, 1, 1, 1],
      ],
      [batch, length],
    );
    const [w, b, context] = [normal([dim, hidden], 2), normal([hidden], 3), normal([hidden, 1], 4)];
    const attend = (y: tf.Tensor, m: tf.Tensor, wa: tf.Tensor, ba: tf.Tensor, ha: tf.Tensor) => {
      const flat = tf.reshape(y, [batch * length, dim]);
      const h = tf.tanh(tf.add(tf.matMul(flat as tf.Tensor2D, wa as tf.Tensor2D), ba));
      const scores = tf.reshape(tf.matMul(h, ha as tf.Tensor2D), [batch, length]);
      const alpha = tf.softmax(tf.add(scores, tf.mul(tf.sub(1, m), -1e9)));
      return tf.sum(tf.mul(tf.expandDims(alpha, 2), y), 1);
    };
    const taped = differentiable(attend);
    expectTapeMatchesAutodiff(
      ([y, m, wa, ba, ha], tape) => taped([y!, m!, wa!, ba!, ha!], tape),
      attend,
      [rows, mask, w, b, context],
      { wrt: [0, 2, 3, 4] },
    );
  });

  it('the generic path: a block of scores A·Bᵀ between hand-written ops', () => {
    const [a, b, k] = [normal([3, 4], 1), normal([5, 4], 2), normal([4, 4], 3)];
    const blockScores = differentiable((x: tf.Tensor, y: tf.Tensor) =>
      tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, false, true),
    );
    expectTapeMatchesAutodiff(
      ([x, y, w], tape) => {
        const u = dense(x as tf.Tensor2D, w as tf.Tensor2D, null, 'tanh', tape);
        return blockScores([u, y!], tape);
      },
      (x, y, w) => tf.matMul(tf.tanh(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D)), y as tf.Tensor2D, false, true),
      [a, b, k],
    );
  });

  it('applyOnTape: a stock tfjs-layers layer trains its inputs and its own weights', () => {
    const layer = tfl.layers.dense({ units: 3, activation: 'tanh', kernelInitializer: 'glorotNormal' });
    const x = normal([4, 5], 1);
    layer.apply(x); // build
    const [kernel, bias] = layer.trainableWeights.map((v) => v.read());
    expectTapeMatchesAutodiff(
      ([input], tape) => applyOnTape(layer, input!, tape),
      (input, k, b) => tf.tanh(tf.add(tf.matMul(input as tf.Tensor2D, k as tf.Tensor2D), b!)),
      [x, kernel!, bias!],
    );
  });

  it('a differentiable function that returns an input is recorded on a copy', () => {
    const x = normal([2, 2], 1);
    tf.tidy(() => {
      const tape = new Tape();
      const y = differentiable((a: tf.Tensor) => a)([x], tape);
      expect(y).not.toBe(x);
      expect(tape.produced(y)).toBe(true);
      const [dx] = tape.gradients(y, tf.onesLike(y), [x]);
      expect(Array.from(dx!.dataSync())).toEqual([1, 1, 1, 1]);
    });
  });
});
