import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTapeMatchesAutodiff } from '../../../test-utils/tape-gradients.js';
import { MLPTower } from './mlp-tower.js';
import { concatColumns } from './ops/concat-columns.js';
import { DELF_PAIRS, PairwiseTowers } from './pairwise-towers.js';
import { BACKENDS, configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe.each(BACKENDS)('PairwiseTowers on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is four independent towers over p⊕n, p⊕q, m⊕n, m⊕q (DELF eq. 15)', () => {
    const towers = new PairwiseTowers({ units: [6, 3], seed: 1 });
    const inputs = [0, 1, 2, 3].map((k) => normal([5, 4], 10 + k)); // p, q, m, n
    const outputs = towers.apply(inputs) as tf.Tensor[];
    expect(outputs.map((o) => o.shape)).toEqual([
      [5, 3],
      [5, 3],
      [5, 3],
      [5, 3],
    ]);
    const weights = towers.getWeights();
    DELF_PAIRS.forEach(([a, b], t) => {
      const tower = new MLPTower({ units: [6, 3] });
      tower.apply(tf.zeros([1, 8]));
      tower.setWeights(weights.slice(4 * t, 4 * t + 4));
      const expected = tower.apply(tf.concat([inputs[a]!, inputs[b]!], 1)) as tf.Tensor;
      expect(maxAbsDiff(outputs[t]!, expected)).toBeLessThan(1e-6);
    });
    expect(DELF_PAIRS).toEqual([
      [0, 3],
      [0, 1],
      [2, 3],
      [2, 1],
    ]);
  });

  it('records its gradients on the tape as tfjs autodiff computes them', () => {
    const towers = new PairwiseTowers({ units: [5, 2], seed: 2 });
    const inputs = [0, 1, 2, 3].map((k) => normal([4, 3], 20 + k));
    towers.apply(inputs);
    const weights = towers.trainableWeights.map((w) => w.read());
    expectTapeMatchesAutodiff(
      (xs, tape) => concatColumns(towers.forward(xs.slice(0, 4) as tf.Tensor2D[], { tape }), tape),
      (...xs) => tf.concat(towers.apply(xs.slice(0, 4)) as tf.Tensor[], 1),
      [...inputs, ...weights],
      { wrt: [0, 1, 2, 3] },
    );
  });
});

describe('PairwiseTowers serialization and checks', () => {
  beforeAll(() => useBackend('cpu'));

  it('survives a config round trip and a save/load of a functional model', async () => {
    const copy = configRoundTrip(new PairwiseTowers({ units: [8, 4], dropout: 0.2, l2: 0.01, seed: 3 }));
    expect([copy.units, copy.dropout, copy.l2, copy.seed]).toEqual([[8, 4], 0.2, 0.01, 3]);
    const inputs = [0, 1, 2, 3].map(() => tfl.input({ shape: [3] }));
    const outputs = new PairwiseTowers({ units: [4, 2], seed: 5 }).apply(inputs) as tfl.SymbolicTensor[];
    const model = tfl.model({ inputs, outputs });
    const loaded = await saveLoadRoundTrip(model);
    const x = [0, 1, 2, 3].map((k) => normal([2, 3], k));
    const a = model.predict(x) as tf.Tensor[];
    const b = loaded.predict(x) as tf.Tensor[];
    a.forEach((t, k) => expect(maxAbsDiff(t, b[k]!)).toBe(0));
  });

  it('refuses anything but four [batch, d] inputs of one batch size', () => {
    const towers = new PairwiseTowers({ units: [2] });
    expect(() => towers.forward([tf.zeros([2, 3]), tf.zeros([2, 3])])).toThrow('expects four inputs');
    expect(() => towers.forward([tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([3, 3])])).toThrow(
      'one batch size',
    );
    expect(() => new PairwiseTowers({ units: [] })).toThrow('non-empty array');
  });
});
