import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { Tape } from '@recsys/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTapeMatchesAutodiff } from '../../../../test-utils/tape-gradients.js';
import { BprLoss } from './bpr-loss.js';
import { createLoss } from './create-loss.js';
import { LogLoss } from './log-loss.js';
import type { PointwiseLoss } from './loss.js';
import { NormalizedCrossEntropy } from './normalized-cross-entropy.js';
import { WeightedSquaredError } from './weighted-squared-error.js';

const col = (values: number[]) => tf.tensor2d(values, [values.length, 1]);

/** A pointwise loss as a tape op vs tfjs autodiff of the textbook mean loss (value and gradient). */
function check(
  loss: PointwiseLoss,
  output: number[],
  reference: (z: tf.Tensor) => tf.Tensor,
  targets: number[],
  weights?: number[],
) {
  expectTapeMatchesAutodiff(
    ([z], tape) => loss.apply(z!, Float32Array.from(targets), weights ? Float32Array.from(weights) : null, tape),
    (z) => reference(z!),
    [col(output)],
  );
}

describe.each(['cpu', 'wasm'])('losses on %s: tape ops equal autodiff of the textbook formula', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

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

  it('BPR on a positive and a negative score per pair', () => {
    const positive = col([1.5, -0.2, 3]);
    const negative = col([0.5, 0.1, 2.5]);
    expectTapeMatchesAutodiff(
      ([p, n], tape) => new BprLoss().apply(p!, n!, tape),
      (p, n) => tf.mean(tf.neg(tf.log(tf.sigmoid(tf.sub(p!, n!))))),
      [positive, negative],
    );
    expect(() => new BprLoss().apply(col([1, 2]), col([1, 2, 3]))).toThrow(/equal shape/);
  });

  it('weighted squared error', () => {
    const y = [1, 0, 0.5];
    const w = [1, 0.1, 2];
    check(
      new WeightedSquaredError(),
      [0.8, 0.3, -1],
      (p) => tf.mean(tf.mul(col(w), tf.square(tf.sub(p, col(y))))),
      y,
      w,
    );
  });

  it('normalized cross-entropy, clipped at μ (no gradient outside the clip range)', () => {
    const y = [1, 0.6, 0, 0.2];
    const loss = new NormalizedCrossEntropy({ mu: 1e-6 });
    check(
      loss,
      [0.9, 0.5, 0.1, 0.3],
      (p) => tf.mean(tf.neg(tf.add(tf.mul(col(y), tf.log(p)), tf.mul(tf.sub(1, col(y)), tf.log(tf.sub(1, p)))))),
      y,
    );
    const grad = loss.gradient(col([-0.5, 0.5, 0.2, 0.4]), col(y)).dataSync();
    expect(Math.abs(grad[0]!)).toBe(0); // a negative cosine is clipped to μ: no gradient
    expect(Number.isFinite(loss.value(Float32Array.of(-0.5), Float32Array.of(1)))).toBe(true);
  });

  it('a loss scaled after it (the incoming gradient multiplies the rule)', () => {
    const y = [1, 0];
    tf.tidy(() => {
      const z = col([0.3, -0.2]);
      const tape = new Tape();
      const value = new LogLoss().apply(z, Float32Array.from(y), null, tape);
      const [dz] = tape.gradients(value, tf.scalar(3), [z]);
      const reference = tf.grad((x: tf.Tensor) => tf.mul(tf.losses.sigmoidCrossEntropy(col(y), x), 3))(z);
      const a = dz!.dataSync();
      const b = reference.dataSync();
      for (let k = 0; k < a.length; k++) expect(a[k]).toBeCloseTo(b[k]!, 5);
    });
  });
});

describe('losses: inputs', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reject outputs and targets of different sizes, and outputs of more than one column', () => {
    const loss = new LogLoss();
    expect(() => loss.apply(col([1, 2]), Float32Array.of(1))).toThrow(/1 targets for 2 outputs/);
    expect(() => loss.apply(col([1, 2]), Float32Array.of(1, 0), Float32Array.of(1))).toThrow(/1 weights/);
    expect(() => loss.apply(tf.ones([2, 2]), Float32Array.of(1, 0))).toThrow(/one output per example/);
  });

  it('createLoss knows every loss and rejects others', () => {
    expect(createLoss('log').name).toBe('log');
    expect(createLoss('bpr').pairwise).toBe(true);
    expect(createLoss('squared').name).toBe('squared');
    expect(createLoss('nce').name).toBe('nce');
    expect(() => createLoss('hinge' as 'log')).toThrow(/unknown loss/);
  });
});

describe('losses: host-side values check lengths (they returned NaN)', () => {
  const a = Float32Array.of(0.1, 0.2, 0.3);
  const two = Float32Array.of(1, 0);
  it.each([new LogLoss(), new WeightedSquaredError(), new NormalizedCrossEntropy()] as PointwiseLoss[])(
    '$name: targets and weights must match the outputs',
    (loss) => {
      expect(() => loss.value(a, two)).toThrow(new RangeError(`${loss.name} loss: 2 targets for 3 outputs`));
      expect(() => loss.value(a, a, two)).toThrow(new RangeError(`${loss.name} loss: 2 weights for 3 outputs`));
      expect(Number.isFinite(loss.value(a, Float32Array.of(1, 0, 1), a))).toBe(true);
    },
  );
  it('BPR: as many positive as negative scores', () => {
    expect(() => new BprLoss().value(a, two)).toThrow('BPR loss: 3 positive scores for 2 negative scores');
    expect(Number.isFinite(new BprLoss().value(a, a))).toBe(true);
  });
});
