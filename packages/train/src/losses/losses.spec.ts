import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BprLoss } from './bpr-loss.js';
import { createLoss } from './create-loss.js';
import { LogLoss } from './log-loss.js';
import type { Loss } from './loss.js';
import { NormalizedCrossEntropy } from './normalized-cross-entropy.js';
import { WeightedSquaredError } from './weighted-squared-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const col = (values: number[]) => tf.tensor2d(values, [values.length, 1]);

/** The closed-form gradient vs stock autodiff of the reference (mean) loss, and host value vs reference. */
function check(
  loss: Loss,
  output: number[],
  reference: (z: tf.Tensor) => tf.Scalar,
  targets?: number[],
  weights?: number[],
) {
  const z = col(output);
  const y = targets ? col(targets) : null;
  const w = weights ? col(weights) : null;
  const ours = loss.gradient(z, y, w);
  const expected = tf.grad((x: tf.Tensor) => reference(x))(z);
  const a = ours.dataSync();
  const b = expected.dataSync();
  for (let k = 0; k < a.length; k++) expect(a[k]).toBeCloseTo(b[k], 5);
  const value = loss.value(
    Float32Array.from(output),
    targets ? Float32Array.from(targets) : null,
    weights ? Float32Array.from(weights) : null,
  );
  expect(value).toBeCloseTo(reference(z).dataSync()[0], 5);
}

describe('losses: custom gradients equal autodiff of the textbook formula', () => {
  it('log loss, with and without weights', () => {
    const y = [1, 0, 0, 1, 0];
    const logits = [2.5, -1, 0.3, -0.7, 40];
    check(new LogLoss(), logits, (z) => tf.losses.sigmoidCrossEntropy(col(y), z, undefined, 0, tf.Reduction.MEAN), y);
    const w = [1, 2, 0.5, 1, 0];
    check(
      new LogLoss(),
      logits,
      (z) =>
        tf.div(tf.sum(tf.mul(col(w), tf.losses.sigmoidCrossEntropy(col(y), z, undefined, 0, tf.Reduction.NONE))), 5),
      y,
      w,
    );
  });

  it('BPR on positives-then-negatives scores', () => {
    const scores = [1.5, -0.2, 3, 0.5, 0.1, 2.5];
    check(new BprLoss(), scores, (s) => {
      const [p, n] = tf.split(s, 2, 0);
      return tf.mean(tf.neg(tf.log(tf.sigmoid(tf.sub(p, n))))) as tf.Scalar;
    });
    expect(() => new BprLoss().gradient(col([1, 2, 3]))).toThrow(/even number/);
  });

  it('weighted squared error', () => {
    const y = [1, 0, 0.5];
    const w = [1, 0.1, 2];
    check(
      new WeightedSquaredError(),
      [0.8, 0.3, -1],
      (p) => tf.mean(tf.mul(col(w), tf.square(tf.sub(p, col(y))))) as tf.Scalar,
      y,
      w,
    );
  });

  it('normalized cross-entropy, clipped at μ (no gradient outside the clip range)', () => {
    const y = [1, 0.6, 0, 0.2];
    const loss = new NormalizedCrossEntropy({ mu: 1e-6 });
    const inside = [0.9, 0.5, 0.1, 0.3];
    check(
      loss,
      inside,
      (p) =>
        tf.mean(
          tf.neg(tf.add(tf.mul(col(y), tf.log(p)), tf.mul(tf.sub(1, col(y)), tf.log(tf.sub(1, p))))),
        ) as tf.Scalar,
      y,
    );
    const grad = loss.gradient(col([-0.5, 0.5, 0.2, 0.4]), col(y)).dataSync();
    expect(Math.abs(grad[0])).toBe(0); // a negative cosine is clipped to μ: no gradient
    expect(Number.isFinite(loss.value(Float32Array.of(-0.5), Float32Array.of(1)))).toBe(true);
  });

  it('createLoss knows every loss and rejects others', () => {
    expect(createLoss('log').name).toBe('log');
    expect(createLoss('bpr').pairwise).toBe(true);
    expect(createLoss('squared').name).toBe('squared');
    expect(createLoss('nce').name).toBe('nce');
    expect(() => createLoss('hinge' as 'log')).toThrow(/unknown loss/);
  });
});
