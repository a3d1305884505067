import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DotProduct } from '../dot-product.js';
import { ElementwiseProduct } from '../elementwise-product.js';
import { MLPTower } from '../mlp-tower.js';
import { PredictionHead } from '../prediction-head.js';
import { BACKENDS, useBackend } from '../test-support.js';
import { Tape } from './tape.js';

/** Random [n, d] values from a fixed seed. */
const rand = (n: number, d: number, seed: number) => tf.randomNormal([n, d], 0, 1, 'float32', seed) as tf.Tensor2D;

describe.each(BACKENDS)('layers on the engine tape (%s): gradients equal tfjs autodiff', (backend) => {
  beforeAll(() => useBackend(backend));

  it('a NeuMF-shaped graph: product, concat, tower (relu, tanh), head; and a dot product', () => {
    const product = new ElementwiseProduct({});
    const relu = new MLPTower({ units: [6, 3], seed: 1 });
    const tanh = new MLPTower({ units: [4], activation: 'tanh', seed: 2 });
    const head = new PredictionHead({ seed: 3 });
    const dot = new DotProduct({});
    tf.tidy(() => {
      const [p, q, u, v] = [rand(5, 4, 1), rand(5, 4, 2), rand(5, 4, 3), rand(5, 4, 4)];
      // Build the layers once.
      head.apply([
        product.apply([p, q]) as tf.Tensor,
        relu.apply(tanh.apply(tf.concat([u, v], 1)) as tf.Tensor) as tf.Tensor,
      ]);
      const weights = [relu, tanh, head].flatMap((l) => l.trainableWeights.map((w) => w.read()));
      const inputs = [p, q, u, v];
      const graph = (tape: Tape | null, [a, b, c, d]: tf.Tensor2D[]) => {
        const g = product.forward(a, b, { tape }) as tf.Tensor2D;
        const m = relu.forward(tanh.forward(tf.concat([c, d], 1), { tape }), { tape });
        const z = head.forward([g, m], { tape, logits: true });
        return tf.add(z, dot.forward(a, d, { tape })) as tf.Tensor2D;
      };
      // The same graph on our tape (the plain tfjs concat and add get their rules recorded by hand).
      const tape = new Tape();
      const recorded = (t: Tape, xs: tf.Tensor2D[]) => {
        const [a, b, c, d] = xs;
        const g = product.forward(a, b, { tape: t }) as tf.Tensor2D;
        const cd = tf.concat([c, d], 1);
        t.record([c, d], cd, (dy) => tf.split(dy, [4, 4], 1));
        const m = relu.forward(tanh.forward(cd, { tape: t }), { tape: t });
        const z = head.forward([g, m], { tape: t, logits: true });
        const s = dot.forward(a, d, { tape: t });
        const out = tf.add(z, s);
        t.record([z, s], out, (dy) => [dy, dy]);
        return out;
      };
      const out = recorded(tape, inputs);
      const ours = tape.gradients(out, tf.onesLike(out), [...inputs, ...weights]);
      const reference = tf.grads((...xs: tf.Tensor[]) => tf.sum(graph(null, xs.slice(0, 4) as tf.Tensor2D[])))([
        ...inputs,
        ...weights,
      ]);
      ours.forEach((g, k) => {
        expect(g).not.toBeNull();
        const a = g!.dataSync();
        const b = reference[k].dataSync();
        for (let j = 0; j < a.length; j++) expect(a[j]).toBeCloseTo(b[j], 4);
      });
    });
  });
});
