import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { halvingTower } from './halving-tower.js';
import { MLPTower } from './mlp-tower.js';
import { DENSE_ACTIVATIONS } from './ops/dense.js';
import { configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

describe('MLPTower', () => {
  beforeAll(() => useBackend('cpu'));

  it('computes a hand-made two-layer relu tower', () => {
    const tower = new MLPTower({ units: [2, 1] });
    tower.apply(tf.zeros([1, 2]));
    tower.setWeights([
      tf.tensor2d([
        [1, -1],
        [1, 1],
      ]),
      tf.tensor1d([0, -10]),
      tf.tensor2d([[2], [5]]),
      tf.tensor1d([1]),
    ]);
    // layer 0: [1, 2]·k0 + b0 = [3, -9] → relu [3, 0]; layer 1: 3·2 + 0·5 + 1 = 7.
    const out = tower.apply(tf.tensor2d([[1, 2]])) as tf.Tensor;
    expect(out.shape).toEqual([1, 1]);
    expect(out.arraySync()).toEqual([[7]]);
  });

  it('names its weights kernel_i / bias_i with the right shapes', () => {
    const tower = new MLPTower({ units: halvingTower(8) });
    tower.apply(tf.zeros([2, 32]));
    expect(tower.weights.map((w) => [w.originalName.split('/').pop(), w.shape])).toEqual([
      ['kernel_0', [32, 32]],
      ['bias_0', [32]],
      ['kernel_1', [32, 16]],
      ['bias_1', [16]],
      ['kernel_2', [16, 8]],
      ['bias_2', [8]],
    ]);
  });

  for (const activation of DENSE_ACTIVATIONS) {
    it(`matches a stack of tf.layers.dense (${activation})`, () => {
      const tower = new MLPTower({ units: [4, 3], activation, seed: 1 });
      const x = tf.randomNormal([5, 6], 0, 1, 'float32', 3);
      const ours = tower.apply(x) as tf.Tensor;
      const d0 = tfl.layers.dense({ units: 4, activation, weights: tower.getWeights().slice(0, 2) });
      const d1 = tfl.layers.dense({ units: 3, activation, weights: tower.getWeights().slice(2, 4) });
      const stock = d1.apply(d0.apply(x)) as tf.Tensor;
      expect(maxAbsDiff(ours, stock)).toBeLessThan(1e-6);
    });
  }

  it('applies dropout only in training', () => {
    const tower = new MLPTower({ units: [8], activation: 'linear', dropout: 0.5, seed: 4 });
    const x = tf.ones([16, 8]);
    const inference = tower.apply(x) as tf.Tensor;
    const explicit = tower.apply(x, { training: false }) as tf.Tensor;
    const training = tower.apply(x, { training: true }) as tf.Tensor;
    expect(maxAbsDiff(inference, explicit)).toBe(0);
    expect(maxAbsDiff(inference, training)).toBeGreaterThan(0);
    const noDropout = new MLPTower({ units: [8], activation: 'linear', seed: 4 });
    expect(maxAbsDiff(noDropout.apply(x, { training: true }) as tf.Tensor, inference)).toBe(0);
  });

  it('repeats its dropout masks for a given forward seed', () => {
    const tower = new MLPTower({ units: [8, 8], activation: 'linear', dropout: 0.5, seed: 4 });
    const x = tf.ones([16, 8]) as tf.Tensor2D;
    tower.apply(x); // builds the weights
    const run = (seed: number) => tower.forward(x, { training: true, seed });
    expect(maxAbsDiff(run(7), run(7))).toBe(0);
    expect(maxAbsDiff(run(7), run(8))).toBeGreaterThan(0);
  });

  it('lists L2 penalties for kernels when l2 > 0', () => {
    const plain = new MLPTower({ units: [3, 2] });
    plain.apply(tf.zeros([1, 4]));
    expect(plain.l2Penalties()).toEqual([]);
    const tower = new MLPTower({ units: [3, 2], l2: 0.01 });
    tower.apply(tf.zeros([1, 4]));
    const penalties = tower.l2Penalties();
    expect(penalties.map((p) => [p.weight.originalName.split('/').pop(), p.l2])).toEqual([
      ['kernel_0', 0.01],
      ['kernel_1', 0.01],
    ]);
    expect(tower.losses).toHaveLength(2);
  });

  it('seeds each layer reproducibly (and differently)', () => {
    const a = new MLPTower({ units: [4, 4], seed: 9 });
    const b = new MLPTower({ units: [4, 4], seed: 9 });
    a.apply(tf.zeros([1, 4]));
    b.apply(tf.zeros([1, 4]));
    const [ka0, , ka1] = a.getWeights();
    const [kb0] = b.getWeights();
    expect(maxAbsDiff(ka0!, kb0!)).toBe(0);
    expect(maxAbsDiff(ka0!, ka1!)).toBeGreaterThan(0);
  });

  it('builds itself on its first eager forward, with a seed set until then', () => {
    const a = new MLPTower({ units: [3] });
    a.seed = 5; // what a model does for a block without a seed
    const b = new MLPTower({ units: [3], seed: 5 });
    const y = a.forward(tf.ones([2, 6]) as tf.Tensor2D);
    b.apply(tf.zeros([1, 6]));
    expect(y.shape).toEqual([2, 3]);
    expect(a.built).toBe(true);
    expect(maxAbsDiff(a.getWeights()[0]!, b.getWeights()[0]!)).toBe(0);
    expect(a.getWeights()[0]!.shape).toEqual([6, 3]);
  });

  it('validates its config', () => {
    expect(() => new MLPTower({ units: [] })).toThrow(/units/);
    expect(() => new MLPTower({ units: [4, 0] })).toThrow(/units\[1\]/);
    expect(() => new MLPTower({ units: [4], dropout: 1 })).toThrow(/dropout/);
    expect(() => new MLPTower({ units: [4], l2: -0.1 })).toThrow(/l2/);
    expect(() => new MLPTower({ units: [4], activation: 'softmax' as 'relu' })).toThrow(/activation/);
  });

  it('round-trips its config', () => {
    const tower = new MLPTower({
      units: [8, 4],
      activation: 'tanh',
      dropout: 0.2,
      l2: 0.001,
      kernelInitializer: tfl.initializers.heNormal({ seed: 3 }),
      seed: 3,
    });
    const copy = configRoundTrip(tower);
    expect(copy).toBeInstanceOf(MLPTower);
    expect(copy.getConfig()).toEqual(tower.getConfig());
    tower.apply(tf.zeros([1, 5]));
    copy.apply(tf.zeros([1, 5]));
    tower.getWeights().forEach((w, i) => expect(maxAbsDiff(w, copy.getWeights()[i]!)).toBe(0));
  });

  it('works symbolically in tf.sequential and survives a save/load round trip in a functional model', async () => {
    const seq = tfl.sequential({ layers: [new MLPTower({ units: [6, 3], inputShape: [4] })] });
    expect(seq.outputs[0]!.shape).toEqual([null, 3]);
    const input = tfl.input({ shape: [4] });
    const out = new MLPTower({ units: [6, 3], dropout: 0.3, seed: 2 }).apply(input) as tfl.SymbolicTensor;
    expect(out.shape).toEqual([null, 3]);
    const model = tfl.model({ inputs: input, outputs: out });
    const loaded = await saveLoadRoundTrip(model);
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 8);
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });
});
