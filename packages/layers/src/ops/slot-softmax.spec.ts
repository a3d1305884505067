import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tape } from '../autodiff/tape.js';
import { useBackend } from '../test-support.js';
import { type SlotNormalization, slotSoftmax } from './slot-softmax.js';

// Three rows of four slots over three entries; the last row is all padding.
const INDEX = Int32Array.of(0, 2, 0, -1, 1, 2, -1, -1, -1, -1, -1, -1);
const MASK = [
  [1, 1, 1, 0],
  [1, 1, 0, 0],
  [0, 0, 0, 0],
];
const SCORES = [0.3, -1.2, 2.5];

/** The weights by the definition, in float64. */
function expected(scores: number[], normalization: SlotNormalization): number[] {
  return MASK.flatMap((row, b) => {
    const e = row.map((m, l) => (m > 0 ? Math.exp(scores[INDEX[b * 4 + l]!]!) : 0));
    const total = e.reduce((a, v) => a + v, 0);
    if (total === 0) return e;
    return e.map((v) => (normalization === 'softmax' ? v / total : v / Math.sqrt(total)));
  });
}

describe('slotSoftmax', () => {
  beforeAll(() => useBackend('cpu')); // host-side maths: the backend only holds the tensors

  for (const normalization of ['softmax', 'sqrt'] as const) {
    it(`gives each row's masked weights, zeros for an empty row, and their gradient (${normalization})`, () => {
      const scores = tf.tensor2d(SCORES, [3, 1]);
      const tape = new Tape();
      const alpha = slotSoftmax(scores, INDEX, tf.tensor2d(MASK), normalization, tape);
      const want = expected(SCORES, normalization);
      Array.from(alpha.dataSync()).forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 6));
      // The gradient of Σ g·α against central differences of the definition (entry 0 fills two slots of row 0).
      const g = [0.5, -1, 2, 3, 1.5, -0.5, 4, 1, 1, 1, 1, 1];
      const dScores = tape.gradients(alpha, tf.tensor2d(g, [3, 4]), [scores])[0]!.dataSync();
      const loss = (s: number[]) => expected(s, normalization).reduce((a, v, k) => a + v * g[k]!, 0);
      SCORES.forEach((_, j) => {
        const h = 1e-5;
        const up = SCORES.map((v, k) => (k === j ? v + h : v));
        const down = SCORES.map((v, k) => (k === j ? v - h : v));
        expect(dScores[j]).toBeCloseTo((loss(up) - loss(down)) / (2 * h), 4);
      });
    });
  }

  it('stays finite for scores whose exp overflows (each row shifted by its largest real score)', () => {
    const alpha = slotSoftmax(tf.tensor2d([900, 1000, 0], [3, 1]), INDEX, tf.tensor2d(MASK), 'softmax');
    expect(Array.from(alpha.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it('refuses an index that does not cover the mask, or scores of another shape', () => {
    const mask = tf.tensor2d(MASK);
    expect(() => slotSoftmax(tf.tensor2d(SCORES, [3, 1]), INDEX.subarray(1), mask, 'softmax')).toThrow(
      "index hold the mask's 3 × 4 values, got 11",
    );
    expect(() => slotSoftmax(tf.tensor2d(SCORES, [1, 3]), INDEX, mask, 'softmax')).toThrow('must be [entries, 1]');
  });
});
