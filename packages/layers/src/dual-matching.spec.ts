import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTapeMatchesAutodiff } from '../../../test-utils/tape-gradients.js';
import { DUAL_DESIGNS, DualMatching } from './dual-matching.js';
import { BACKENDS, configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

const normal = (shape: [number, number], seed: number) => tf.randomNormal<tf.Rank.R2>(shape, 0, 1, 'float32', seed);
const widths = [4, 3, 2];
const levels = (batch: number, seed: number) => widths.map((w, l) => normal([batch, w], seed + l));
const dot = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b), 1, true);

describe.each(BACKENDS)('DualMatching on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('scores the designs of Figure 1: basic, multi-level, multi-level branching', () => {
    const u = levels(5, 10);
    const v = levels(5, 20);
    const basic = new DualMatching({ design: 'basic' }).forward(u, v);
    expect(maxAbsDiff(basic, dot(u[2]!, v[2]!))).toBeLessThan(1e-5);
    const multi = new DualMatching({ design: 'multilevel' }).forward(u, v);
    expect(maxAbsDiff(multi, tf.addN(u.map((h, l) => dot(h, v[l]!))))).toBeLessThan(1e-5);
    const branching = new DualMatching({ design: 'branching', seed: 3 });
    const scores = branching.forward(u, v);
    const w = branching.getWeights(); // user kernel/bias per level below the top, then the item ones
    expect(w.map((t) => t.shape)).toEqual([[4, 4], [4], [3, 3], [3], [4, 4], [4], [3, 3], [3]]);
    const branch = (h: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.tanh(tf.add(tf.matMul(h, k), b));
    const expected = tf.addN([
      dot(branch(u[0]!, w[0]!, w[1]!), branch(v[0]!, w[4]!, w[5]!)),
      dot(branch(u[1]!, w[2]!, w[3]!), branch(v[1]!, w[6]!, w[7]!)),
      dot(u[2]!, v[2]!),
    ]);
    expect(maxAbsDiff(scores, expected)).toBeLessThan(1e-5);
  });

  it.each(DUAL_DESIGNS)('%s: a block of users × items as one matmul of the matching embeddings', (design) => {
    const matching = new DualMatching({ design, seed: 4 });
    const u = levels(3, 30);
    const v = levels(4, 40);
    matching.forward(
      u.map((h) => tf.slice(h, [0, 0], [1, -1])),
      v.map((h) => tf.slice(h, [0, 0], [1, -1])),
    ); // builds
    const block = tf.matMul(matching.embed('user', u), matching.embed('item', v), false, true);
    expect(block.shape).toEqual([3, 4]);
    expect(matching.embed('user', u).shape).toEqual([3, matching.embeddingSize]);
    for (let i = 0; i < 3; i++) {
      const pairs = matching.forward(
        u.map((h) => tf.tile(tf.slice(h, [i, 0], [1, -1]), [4, 1])),
        v,
      );
      expect(maxAbsDiff(tf.reshape(pairs, [4]), tf.reshape(tf.slice(block, [i, 0], [1, 4]), [4]))).toBeLessThan(1e-5);
    }
  });

  it.each(DUAL_DESIGNS)('%s records its gradients on the tape as tfjs autodiff computes them', (design) => {
    const matching = new DualMatching({ design, seed: 5 });
    const u = levels(6, 50);
    const v = levels(6, 60);
    matching.forward(u, v);
    const weights = matching.trainableWeights.map((w) => w.read());
    expectTapeMatchesAutodiff(
      (xs, tape) => matching.forward(xs.slice(0, 3) as tf.Tensor2D[], xs.slice(3, 6) as tf.Tensor2D[], { tape }),
      (...xs) => matching.apply(xs.slice(0, 6)) as tf.Tensor,
      [...u, ...v, ...weights],
    );
  });
});

describe('DualMatching serialization and checks', () => {
  beforeAll(() => useBackend('cpu'));

  it('survives a config round trip and a save/load of a functional model', async () => {
    const copy = configRoundTrip(new DualMatching({ design: 'multilevel', branchActivation: 'relu', seed: 6 }));
    expect([copy.design, copy.branchActivation, copy.seed]).toEqual(['multilevel', 'relu', 6]);
    const inputs = [...widths, ...widths].map((w) => tfl.input({ shape: [w] }));
    const output = new DualMatching({ seed: 7 }).apply(inputs) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs, outputs: output });
    const loaded = await saveLoadRoundTrip(model);
    const x = [...levels(2, 70), ...levels(2, 80)];
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });

  it('refuses levels that do not align, an unknown design, and embed before it is built', () => {
    const matching = new DualMatching();
    expect(() => matching.embed('user', levels(2, 1))).toThrow('call forward (or apply) once before embed');
    expect(() => matching.forward(levels(2, 1), [normal([2, 4], 1), normal([2, 2], 2), normal([2, 2], 3)])).toThrow(
      'the user and item levels must align, got widths [4, 3, 2] and [4, 2, 2]',
    );
    expect(() => matching.forward(levels(2, 1), levels(3, 1))).toThrow('one batch size');
    expect(() => new DualMatching({ design: 'deep' as 'basic' })).toThrow("unknown design 'deep'");
    const built = new DualMatching({ design: 'branching' });
    built.forward(levels(2, 1), levels(2, 2));
    expect(() => built.embed('item', levels(2, 1).slice(1))).toThrow('expected item levels of widths [4, 3, 2]');
  });
});
