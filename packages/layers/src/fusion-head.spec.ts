import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTapeMatchesAutodiff } from '../../../test-utils/tape-gradients.js';
import { empiricalFusionWeights, FusionHead } from './fusion-head.js';
import { BACKENDS, configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe.each(BACKENDS)('FusionHead on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('mlp: h_f = relu(W_f[h¹ ⊕ … ⊕ h⁴] + b_f), ŷ = W_p h_f + b (DELF eq. 16–17, 20)', () => {
    const head = new FusionHead({ fusion: 'mlp', units: 3, logits: true, seed: 1 });
    const hs = [0, 1, 2, 3].map((k) => normal([5, 2], k));
    const out = head.apply(hs) as tf.Tensor;
    const [wf, bf, wp, bp] = head.getWeights();
    const expected = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(tf.concat(hs, 1), wf!), bf!)), wp!), bp!);
    expect(out.shape).toEqual([5, 1]);
    expect(maxAbsDiff(out, expected)).toBeLessThan(1e-5);
    expect(maxAbsDiff(head.apply(hs, { logits: false }) as tf.Tensor, tf.sigmoid(expected))).toBeLessThan(1e-6);
  });

  it('empirical: α(1−β)h¹ + αβh² + (1−α)(1−β)h³ + (1−α)βh⁴ (DELF eq. 19)', () => {
    const head = new FusionHead({ fusion: 'empirical', logits: true, seed: 2 });
    const hs = [0, 1, 2, 3].map((k) => normal([2, 3], k));
    const ab = tf.tensor2d([
      [1, 1],
      [0.25, 0.5],
    ]);
    const out = head.apply([...hs, ab]) as tf.Tensor;
    const [wp, bp] = head.getWeights();
    const h = hs.map((x) => x.arraySync() as number[][]);
    const fused = [0, 1].map((r) => {
      const [a, b] = r === 0 ? [1, 1] : [0.25, 0.5];
      const w = [a * (1 - b), a * b, (1 - a) * (1 - b), (1 - a) * b];
      return [0, 1, 2].map((d) => w.reduce((s, wj, j) => s + wj * h[j]![r]![d]!, 0));
    });
    const expected = tf.add(tf.matMul(tf.tensor2d(fused), wp!), bp!);
    expect(maxAbsDiff(out, expected)).toBeLessThan(1e-5);
    // α = β = 1 is NCF: only h² (p⊕q) counts.
    const ncf = tf.add(tf.matMul(tf.slice(hs[1]!, [0, 0], [1, 3]), wp!), bp!);
    expect(maxAbsDiff(tf.slice(out, [0, 0], [1, 1]), ncf)).toBeLessThan(1e-5);
  });

  for (const fusion of ['concat', 'mlp', 'empirical'] as const) {
    it(`records its gradients on the tape as tfjs autodiff computes them (${fusion})`, () => {
      const head = new FusionHead({ fusion, logits: true, seed: 3 });
      const hs = [0, 1, 2, 3].map((k) => normal([4, 3], 30 + k));
      const inputs = fusion === 'empirical' ? [...hs, tf.tensor2d([0.1, 0.9, 1, 0, 0.5, 0.5, 0, 1], [4, 2])] : hs;
      head.apply(inputs);
      expectTapeMatchesAutodiff(
        (xs, tape) => head.forward(xs as tf.Tensor2D[], { tape }),
        (...xs) => head.apply(xs) as tf.Tensor,
        inputs,
        { wrt: [0, 1, 2, 3] },
      );
    });
  }
});

describe('FusionHead serialization and checks', () => {
  beforeAll(() => useBackend('cpu'));

  it('survives a config round trip and a save/load of a functional model', async () => {
    const copy = configRoundTrip(new FusionHead({ fusion: 'empirical', logits: true, seed: 4 }));
    expect([copy.fusion, copy.logits, copy.units, copy.seed]).toEqual(['empirical', true, undefined, 4]);
    const inputs = [0, 1, 2, 3].map(() => tfl.input({ shape: [3] }));
    const model = tfl.model({
      inputs,
      outputs: new FusionHead({ units: 2, seed: 5 }).apply(inputs) as tfl.SymbolicTensor,
    });
    const loaded = await saveLoadRoundTrip(model);
    const x = [0, 1, 2, 3].map((k) => normal([2, 3], k));
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });

  it('refuses empirical inputs that are not four representations of one width and (α, β)', () => {
    const head = new FusionHead({ fusion: 'empirical' });
    expect(() => head.forward([tf.zeros([2, 3]), tf.zeros([2, 3])])).toThrow('four representations of one width');
    expect(() => new FusionHead({ fusion: 'sum' as 'mlp' })).toThrow("fusion must be 'concat', 'mlp' or 'empirical'");
  });

  it('empiricalFusionWeights: α = min(√|R(u)|/λ_u, 1), β = min(√|R(i)|/λ_i, 1) (DELF eq. 18)', () => {
    // Row-major (α, β) per example: √4/10, √1/5; then √400/10 and √100/5, both capped at 1.
    expect(Array.from(empiricalFusionWeights(Int32Array.of(4, 400), Int32Array.of(1, 100), 10, 5))).toEqual(
      [0.2, 0.2, 1, 1].map(Math.fround),
    );
    expect(() => empiricalFusionWeights([1], [1, 2], 1, 1)).toThrow('1 user counts for 2 item counts');
    expect(() => empiricalFusionWeights([1], [1], 0, 1)).toThrow('lambdaUser must be > 0');
  });
});
