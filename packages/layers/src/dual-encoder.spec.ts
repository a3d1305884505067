import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTapeMatchesAutodiff } from '../../../test-utils/tape-gradients.js';
import { DualEncoder } from './dual-encoder.js';
import { concatColumns } from './ops/concat-columns.js';
import { BACKENDS, configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

const normal = (shape: number[], seed: number) =>
  tf.randomNormal<tf.Rank.R2>(shape as [number, number], 0, 1, 'float32', seed);

describe.each(BACKENDS)('DualEncoder on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('returns every level: h₁ = tanh(z₁ + b₁), h_{l+1} = tanh(h_l·W + b)', () => {
    const encoder = new DualEncoder({ units: [4, 3, 2], seed: 1 });
    const z = normal([5, 4], 2);
    encoder.apply(z);
    const [b0, k1, b1, k2, b2] = encoder.getWeights();
    expect([b0, b1, b2].every((b) => b!.dataSync().every((v) => v === 0))).toBe(true); // biases start at zero
    encoder.setWeights([normal([4], 3), k1!, normal([3], 4), k2!, normal([2], 5)]);
    const [w0, , w1, , w2] = encoder.getWeights();
    const levels = encoder.apply(z) as tf.Tensor[];
    expect(levels.map((h) => h.shape)).toEqual([
      [5, 4],
      [5, 3],
      [5, 2],
    ]);
    const h1 = tf.tanh(tf.add(z, w0!));
    const h2 = tf.tanh(tf.add(tf.matMul(h1, k1!), w1!));
    const h3 = tf.tanh(tf.add(tf.matMul(h2, k2!), w2!));
    [h1, h2, h3].forEach((h, l) => expect(maxAbsDiff(levels[l]!, h)).toBeLessThan(1e-5));
    expect(encoder.getWeights().map((w) => w.shape)).toEqual([[4], [4, 3], [3], [3, 2], [2]]);
  });

  it('records its gradients on the tape as tfjs autodiff computes them', () => {
    const encoder = new DualEncoder({ units: [4, 3, 2], seed: 2 });
    const z = normal([6, 4], 7);
    encoder.apply(z);
    const weights = encoder.trainableWeights.map((w) => w.read());
    expectTapeMatchesAutodiff(
      (xs, tape) => concatColumns(encoder.forward(xs[0] as tf.Tensor2D, { tape }), tape),
      (...xs) => tf.concat(encoder.apply(xs[0]!) as tf.Tensor[], 1),
      [z, ...weights],
    );
  });

  it('drops inputs of the levels after the first in training only, with repeatable seeded masks', () => {
    const encoder = new DualEncoder({ units: [8, 8], dropout: 0.5, seed: 3 });
    const z = normal([4, 8], 9);
    const plain = encoder.forward(z);
    const a = encoder.forward(z, { training: true, seed: 11 });
    const b = encoder.forward(z, { training: true, seed: 11 });
    expect(maxAbsDiff(a[0]!, plain[0]!)).toBe(0); // the first level has no dropout
    expect(maxAbsDiff(a[1]!, plain[1]!)).toBeGreaterThan(0);
    expect(maxAbsDiff(a[1]!, b[1]!)).toBe(0);
  });
});

describe('DualEncoder serialization and checks', () => {
  beforeAll(() => useBackend('cpu'));

  it('survives a config round trip and a save/load of a functional model', async () => {
    const copy = configRoundTrip(new DualEncoder({ units: [6, 3], dropout: 0.1, l2: 0.01, seed: 4 }));
    expect([copy.units, copy.activation, copy.dropout, copy.l2, copy.seed]).toEqual([[6, 3], 'tanh', 0.1, 0.01, 4]);
    const input = tfl.input({ shape: [6] });
    const outputs = new DualEncoder({ units: [6, 3], seed: 5 }).apply(input) as tfl.SymbolicTensor[];
    const model = tfl.model({ inputs: input, outputs });
    const loaded = await saveLoadRoundTrip(model);
    const z = normal([2, 6], 1);
    const a = model.predict(z) as tf.Tensor[];
    const b = loaded.predict(z) as tf.Tensor[];
    a.forEach((t, k) => expect(maxAbsDiff(t, b[k]!)).toBe(0));
  });

  it('refuses an input whose width is not the first level, and bad units', () => {
    expect(() => new DualEncoder({ units: [4, 2] }).forward(tf.zeros([2, 3]))).toThrow(
      'the first level has 4 units, its input 3 columns',
    );
    expect(() => new DualEncoder({ units: [] })).toThrow('non-empty array');
    expect(() => new DualEncoder({ units: [4], activation: 'gelu' as 'tanh' })).toThrow("unknown activation 'gelu'");
  });
});
