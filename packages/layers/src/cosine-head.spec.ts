import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTapeMatchesAutodiff } from '../../../test-utils/tape-gradients.js';
import { CosineHead } from './cosine-head.js';
import { BACKENDS, configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

describe.each(BACKENDS)('CosineHead on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is the per-example cosine raised to μ (DMF eq. 8, 13)', () => {
    const head = new CosineHead();
    const p = tf.tensor2d([
      [1, 0],
      [1, 0],
      [0, 0],
      [3, 4],
    ]);
    const q = tf.tensor2d([
      [1, 1],
      [-1, 0],
      [1, 1],
      [6, 8],
    ]);
    const out = Array.from((head.apply([p, q]) as tf.Tensor).dataSync());
    [Math.SQRT1_2, 1e-6, 1e-6, 1].forEach((v, k) => expect(out[k]).toBeCloseTo(v, 6)); // a zero vector scores μ
  });

  it('scores a row from that row alone: the rest of the batch does not move it', () => {
    const head = new CosineHead();
    const p = tf.randomNormal([6, 4], 0, 1, 'float32', 1);
    const q = tf.randomNormal([6, 4], 0, 1, 'float32', 2);
    const full = (head.apply([p, q]) as tf.Tensor).dataSync();
    const first = (head.apply([tf.slice(p, [0, 0], [1, 4]), tf.slice(q, [0, 0], [1, 4])]) as tf.Tensor).dataSync();
    expect(first[0]).toBe(full[0]);
  });

  it('records its gradient on the tape as tfjs autodiff computes it (zero below μ)', () => {
    const head = new CosineHead({ floor: 0.1 });
    const p = tf.randomNormal([8, 3], 0, 1, 'float32', 3);
    const q = tf.randomNormal([8, 3], 0, 1, 'float32', 4);
    expectTapeMatchesAutodiff(
      ([a, b], tape) => head.forward(a as tf.Tensor2D, b as tf.Tensor2D, { tape }),
      (a, b) => head.apply([a!, b!]) as tf.Tensor,
      [p, q],
    );
  });
});

describe('CosineHead serialization', () => {
  beforeAll(() => useBackend('cpu'));

  it('survives a config round trip and a save/load, and refuses a floor outside [0, 1)', async () => {
    expect(configRoundTrip(new CosineHead({ floor: 0.01 })).floor).toBe(0.01);
    const [a, b] = [tfl.input({ shape: [3] }), tfl.input({ shape: [3] })];
    const model = tfl.model({ inputs: [a, b], outputs: new CosineHead().apply([a, b]) as tfl.SymbolicTensor });
    const loaded = await saveLoadRoundTrip(model);
    const x = [tf.randomNormal([4, 3], 0, 1, 'float32', 1), tf.randomNormal([4, 3], 0, 1, 'float32', 2)];
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
    expect(() => new CosineHead({ floor: 1 })).toThrow('floor must be in [0, 1)');
  });
});
