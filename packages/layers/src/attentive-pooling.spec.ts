import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTapeMatchesAutodiff } from '../../../test-utils/tape-gradients.js';
import { AttentivePooling, type AttentivePoolingArgs } from './attentive-pooling.js';
import { differentiable } from './autodiff/differentiable.js';
import { Tape } from './autodiff/tape.js';
import { embeddingLookup } from './ops/embedding-lookup.js';
import { BACKENDS, configRoundTrip, maxAbsDiff, saveLoadRoundTrip, useBackend } from './test-support.js';

const normal = <R extends tf.Rank>(shape: number[], seed: number) =>
  tf.randomNormal(shape, 0, 1, 'float32', seed) as unknown as tf.Tensor<R>;
/** Three histories of length 4: 3 real entries, 1 real entry, none. */
const MASK = [
  [1, 1, 1, 0],
  [1, 0, 0, 0],
  [0, 0, 0, 0],
];

/** DELF eq. 9–11 (or the code's variant) computed directly on the real entries of each row. */
function reference(layer: AttentivePooling, rows: number[][][], mask: number[][]): number[][] {
  const w = layer.getWeights().map((t) => t.arraySync() as number[] | number[][]);
  return rows.map((row, r) => {
    const real = row.filter((_, j) => mask[r]![j] === 1);
    const dim = row[0]!.length;
    if (real.length === 0) return new Array<number>(dim).fill(0);
    let scores: number[];
    if (layer.scoring === 'none') scores = real.map(() => 0);
    else {
      const [kernel, bias, out, outBias] = w as [number[][], number[], number[][], number[]?];
      scores = real.map((y) => {
        const h = bias.map((b, a) => {
          const z = b + y.reduce((s, v, d) => s + v * kernel[d]![a]!, 0);
          return layer.scoring === 'context' ? Math.tanh(z) : Math.max(0, z);
        });
        return h.reduce((s, v, a) => s + v * out[a]![0]!, outBias ? outBias[0]! : 0);
      });
    }
    const e = scores.map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    const alpha = e.map((v) => (layer.normalization === 'softmax' ? v / total : v / Math.sqrt(total)));
    return Array.from({ length: dim }, (_, d) => real.reduce((s, y, j) => s + alpha[j]! * y[d]!, 0));
  });
}

const VARIANTS: AttentivePoolingArgs[] = [
  { scoring: 'context' },
  { scoring: 'mlp', normalization: 'sqrt', units: 5 },
  { scoring: 'none' },
  { scoring: 'none', normalization: 'sqrt' },
];

describe.each(BACKENDS)('AttentivePooling on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  for (const args of VARIANTS) {
    const name = `${args.scoring}/${args.normalization ?? 'softmax'}`;

    it(`computes the pooled history by its equations, padding never attended (${name})`, () => {
      const layer = new AttentivePooling({ ...args, seed: 3 });
      const rows = normal([3, 4, 6], 1);
      const mask = tf.tensor2d(MASK);
      const out = layer.apply([rows, mask]) as tf.Tensor;
      const expected = reference(layer, rows.arraySync() as number[][][], MASK);
      expect(maxAbsDiff(out, tf.tensor2d(expected))).toBeLessThan(1e-5);
      // The empty history pools to exact zeros.
      expect(Array.from(out.dataSync().slice(12, 18))).toEqual([0, 0, 0, 0, 0, 0]);
      // Padded slots may hold anything: the result does not move.
      const noisy = tf.where(tf.expandDims(tf.cast(mask, 'bool'), 2), rows, tf.mul(normal([3, 4, 6], 9), 1e3));
      expect(maxAbsDiff(layer.apply([noisy, mask]) as tf.Tensor, out)).toBeLessThan(1e-5);
    });

    it(`trains on the tape with tfjs's gradients, finite for an empty history (${name})`, () => {
      const layer = new AttentivePooling({ ...args, seed: 3 });
      const rows = normal<tf.Rank.R3>([3, 4, 6], 2);
      const mask = tf.tensor2d(MASK);
      layer.apply([rows, mask]);
      const weights = layer.trainableWeights.map((w) => w.read());
      const tape = new Tape();
      const out = layer.forward(rows, mask, { tape });
      const grads = tape.gradients(out, tf.onesLike(out), [rows, ...weights]);
      for (const g of grads) {
        expect(g).not.toBeNull();
        expect(Array.from(g!.dataSync()).every(Number.isFinite)).toBe(true);
      }
      // Padding gets no gradient.
      const dRows = grads[0]!.arraySync() as number[][][];
      expect(dRows[0]![3]!.every((v) => v === 0) && dRows[2]!.flat().every((v) => v === 0)).toBe(true);
    });

    it(`pool() over distinct entries equals forward() over the slots, values and gradients (${name})`, () => {
      const layer = new AttentivePooling({ ...args, seed: 5 });
      const entries = normal<tf.Rank.R2>([4, 6], 3); // the distinct entries
      const index = Int32Array.of(0, 2, 0, -1, 3, -1, -1, -1, -1, -1, -1, -1);
      const mask = tf.tensor2d(MASK);
      const slots = differentiable(
        (e: tf.Tensor) =>
          tf.reshape(embeddingLookup(e as tf.Tensor2D, tf.tensor1d(index, 'int32')), [3, 4, 6]) as tf.Tensor3D,
      );
      layer.apply([slots([entries]), mask]);
      const weights = layer.trainableWeights.map((w) => w.read());
      const run = (pooled: (tape: Tape) => tf.Tensor) => {
        const tape = new Tape();
        const out = pooled(tape);
        const dy = normal(out.shape, 8);
        return [out, ...tape.gradients(out, dy, [entries, ...weights]).map((g) => g ?? tf.zeros([1]))];
      };
      const viaPool = run((tape) => layer.pool(slots([entries], tape), mask, entries, index, { tape }));
      const viaForward = run((tape) => layer.forward(slots([entries], tape), mask, { tape }));
      viaPool.forEach((t, k) => expect(maxAbsDiff(t, viaForward[k]!)).toBeLessThan(1e-5));
    });
  }

  it('records the gradient tfjs autodiff gives for the paper equations (context, softmax)', () => {
    const layer = new AttentivePooling({ seed: 6 });
    const rows = normal([3, 4, 6], 4);
    const mask = tf.tensor2d(MASK);
    layer.apply([rows, mask]);
    const weights = layer.trainableWeights.map((w) => w.read());
    const equations = (r: tf.Tensor, k: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
      const h = tf.tanh(tf.add(tf.matMul(tf.reshape(r, [12, 6]), k as tf.Tensor2D), b));
      const scores = tf.reshape(tf.matMul(h, c as tf.Tensor2D), [3, 4]);
      const e = tf.mul(tf.exp(scores), mask);
      const alpha = tf.div(e, tf.add(tf.sum(e, 1, true), tf.sub(1, tf.max(mask, 1, true))));
      return tf.sum(tf.mul(tf.expandDims(alpha, 2), r), 1);
    };
    expectTapeMatchesAutodiff(
      ([r], tape) => layer.forward(r as tf.Tensor3D, mask, { tape }),
      (r) => equations(r!, weights[0]!, weights[1]!, weights[2]!),
      [rows],
    );
  });
});

describe('AttentivePooling serialization', () => {
  beforeAll(() => useBackend('cpu'));

  it('survives a config round trip and a save/load of a functional model', async () => {
    const layer = new AttentivePooling({ scoring: 'mlp', normalization: 'sqrt', units: 7, seed: 2 });
    const copy = configRoundTrip(layer);
    expect([copy.scoring, copy.normalization, copy.units, copy.seed]).toEqual(['mlp', 'sqrt', 7, 2]);
    const rows = tfl.input({ shape: [4, 6] });
    const mask = tfl.input({ shape: [4] });
    const model = tfl.model({
      inputs: [rows, mask],
      outputs: new AttentivePooling({ seed: 4 }).apply([rows, mask]) as tfl.SymbolicTensor,
    });
    const loaded = await saveLoadRoundTrip(model);
    const x = [normal([3, 4, 6], 1), tf.tensor2d(MASK)];
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });

  it('refuses an unknown scoring or normalization, and rows that do not match the mask', () => {
    expect(() => new AttentivePooling({ scoring: 'dot' as 'none' })).toThrow(
      "scoring must be 'context', 'mlp' or 'none'",
    );
    expect(() => new AttentivePooling({ normalization: 'l1' as 'sqrt' })).toThrow(
      "normalization must be 'softmax' or 'sqrt'",
    );
    expect(() => new AttentivePooling().forward(tf.zeros([2, 3, 4]), tf.zeros([2, 4]))).toThrow(
      'must be [n, length, d]',
    );
  });
});
