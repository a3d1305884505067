import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tape } from './autodiff/tape.js';
import { MultiBranchMLP } from './multi-branch-mlp.js';
import { BACKENDS, configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe.each(BACKENDS)('MultiBranchMLP on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('one relu MLP per branch over the same input, concatenated and fused (eq. 2–4)', () => {
    const layer = new MultiBranchMLP({ branches: 3, units: [6, 4], fusionUnits: 5, seed: 1 });
    const x = normal([7, 8], 2);
    const out = layer.apply(x) as tf.Tensor;
    expect(out.shape).toEqual([7, 5]);
    const w = layer.getWeights(); // per branch: kernel_0, bias_0, kernel_1, bias_1; then the fusion's
    expect(w).toHaveLength(3 * 4 + 2);
    const branch = (b: number) => {
      const [k0, b0, k1, b1] = w.slice(4 * b, 4 * b + 4);
      return tf.relu(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, k0!), b0!)), k1!), b1!));
    };
    const expected = tf.relu(tf.add(tf.matMul(tf.concat([0, 1, 2].map(branch), 1), w[12]!), w[13]!));
    expect(maxAbsDiff(out, expected)).toBeLessThan(1e-5);
  });

  it('trains a branch only on the rows its gradient mask selects; every row still gets every value', () => {
    const layer = new MultiBranchMLP({ branches: 2, units: [4], seed: 3 });
    const x = normal([4, 6], 4);
    layer.apply(x); // build
    const weights = layer.trainableWeights.map((w) => w.read());
    const gradients = (masks: (Float32Array | undefined)[]) =>
      tf.tidy(() => {
        const tape = new Tape();
        const y = layer.forward(x, { tape, gradientMasks: masks });
        const values = Array.from(y.dataSync());
        const grads = tape.gradients(y, tf.onesLike(y), [x, ...weights]);
        return { values, grads: grads.map((g) => (g ? Array.from(g.dataSync()) : null)) };
      });
    const all = gradients([undefined, undefined]);
    const none = gradients([undefined, new Float32Array(4)]);
    const some = gradients([undefined, Float32Array.of(1, 0, 0, 1)]);
    expect(none.values).toEqual(all.values);
    expect(some.values).toEqual(all.values);
    // Branch 1's kernel and bias (weights 2, 3): no gradient from a batch without its behaviour.
    const zero = (g: number[] | null) => g === null || g.every((v) => v === 0);
    expect(zero(none.grads[1 + 2]) && zero(none.grads[1 + 3])).toBe(true);
    expect(zero(all.grads[1 + 2])).toBe(false);
    // Branch 0 (the target's) trains on every row either way.
    expect(none.grads[1]).toEqual(all.grads[1]);
    // The input's gradient on a masked row comes from the target branch only; on a selected row, from both.
    const row = (g: number[] | null, r: number) => g!.slice(6 * r, 6 * r + 6);
    expect(row(some.grads[0]!, 1)).toEqual(row(none.grads[0]!, 1));
    expect(row(some.grads[0]!, 0)).toEqual(row(all.grads[0]!, 0));
    expect(() => layer.forward(x, { gradientMasks: [undefined] })).toThrow('1 gradient masks for 2 branches');
  });

  it('round-trips its config and survives a save/load round trip in a functional model', async () => {
    const layer = new MultiBranchMLP({
      branches: 4,
      units: [8, 4],
      activation: 'tanh',
      dropout: 0.1,
      l2: 1e-3,
      seed: 5,
    });
    const copy = configRoundTrip(layer);
    expect(copy).toBeInstanceOf(MultiBranchMLP);
    expect(copy.getConfig()).toEqual(layer.getConfig());
    expect(layer.l2Penalties()).toEqual([]); // weights exist once built
    layer.apply(tf.zeros([1, 6]));
    expect(layer.l2Penalties()).toHaveLength(4 * 2 + 1);
    const input = tfl.input({ shape: [6] });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const loaded = await saveLoadRoundTrip(model);
    const x = normal([3, 6], 6);
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });

  it('refuses bad arguments, naming them', () => {
    expect(() => new MultiBranchMLP({ branches: 0, units: [4] })).toThrow('MultiBranchMLP branches must be a positive');
    expect(() => new MultiBranchMLP({ branches: 2, units: [] })).toThrow('MultiBranchMLP units must be a non-empty');
    expect(() => new MultiBranchMLP({ branches: 2, units: [4], fusionUnits: 1.5 })).toThrow('fusionUnits');
  });
});
