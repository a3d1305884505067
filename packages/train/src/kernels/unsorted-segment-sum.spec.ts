import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  segmentSumInto,
  segmentSumShape,
  unsortedSegmentSumCpu,
  unsortedSegmentSumWasm,
} from './unsorted-segment-sum.js';

/** mulberry32: a small seeded generator, so failures reproduce. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reference: for each segment, scan every row (the definition, O(S·N·D)), accumulating in float32 or int32. */
function bruteForce(
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  numSegments: number,
  inner: number,
  dtype: 'float32' | 'int32',
): number[] {
  const out: number[] = [];
  for (let s = 0; s < numSegments; s++) {
    for (let k = 0; k < inner; k++) {
      let acc = 0;
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === s) acc = dtype === 'int32' ? (acc + x[i * inner + k]) | 0 : Math.fround(acc + x[i * inner + k]);
      }
      out.push(acc);
    }
  }
  return out;
}

interface Case {
  readonly xShape: number[];
  readonly idsShape: number[];
  readonly numSegments: number;
  readonly dtype: 'float32' | 'int32';
}

const CASES: Case[] = [
  { xShape: [7], idsShape: [7], numSegments: 3, dtype: 'float32' },
  { xShape: [50, 4], idsShape: [50], numSegments: 10, dtype: 'float32' }, // repeated ids
  { xShape: [40, 3, 5], idsShape: [40], numSegments: 60, dtype: 'float32' }, // more segments than rows
  { xShape: [6, 5, 3], idsShape: [6, 5], numSegments: 8, dtype: 'float32' }, // rank-2 ids
  { xShape: [64, 8], idsShape: [64], numSegments: 5, dtype: 'int32' },
  { xShape: [1, 1], idsShape: [1], numSegments: 1, dtype: 'float32' },
  { xShape: [0, 4], idsShape: [0], numSegments: 3, dtype: 'float32' }, // no rows: all zeros
  { xShape: [9, 0], idsShape: [9], numSegments: 2, dtype: 'float32' }, // empty rows
];

function randomInputs(c: Case, seed: number): { x: number[]; ids: number[] } {
  const rand = seeded(seed);
  const size = c.xShape.reduce((a, b) => a * b, 1);
  const rows = c.idsShape.reduce((a, b) => a * b, 1);
  const x = Array.from({ length: size }, () =>
    c.dtype === 'int32' ? Math.floor(rand() * 200) - 100 : (rand() - 0.5) * 10,
  );
  // About one id in six is out of range (negative or ≥ numSegments): TF skips those rows.
  const ids = Array.from({ length: rows }, () => Math.floor(rand() * (c.numSegments + 4)) - 2);
  return { x, ids };
}

describe('segmentSumShape', () => {
  it('puts numSegments in front of the dims past the rank of segmentIds', () => {
    expect(segmentSumShape([4096, 32], [4096], 100_000, 'float32')).toEqual({
      outShape: [100_000, 32],
      rows: 4096,
      inner: 32,
    });
    expect(segmentSumShape([6, 5, 3], [6, 5], 8, 'int32')).toEqual({ outShape: [8, 3], rows: 30, inner: 3 });
    expect(segmentSumShape([7], [7], 3, 'float32')).toEqual({ outShape: [3], rows: 7, inner: 1 });
  });

  it('rejects mismatched shapes, bad numSegments and unsupported dtypes', () => {
    expect(() => segmentSumShape([4, 2], [5], 3, 'float32')).toThrow(/prefix/);
    expect(() => segmentSumShape([4], [4, 1], 3, 'float32')).toThrow(/prefix/);
    expect(() => segmentSumShape([4], [4], -1, 'float32')).toThrow(/numSegments/);
    expect(() => segmentSumShape([4], [4], 2.5, 'float32')).toThrow(/numSegments/);
    expect(() => segmentSumShape([4], [4], 3, 'bool')).toThrow(/float32 or int32/);
  });
});

describe('segmentSumInto', () => {
  it('sums rows by id, skips out-of-range ids and overwrites stale output', () => {
    const out = Float32Array.of(9, 9, 9, 9);
    segmentSumInto(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), Int32Array.of(1, 1, 7, -1), 2, 2, out);
    expect(Array.from(out)).toEqual([0, 0, 4, 6]);
  });

  it('matches the brute force on random inputs', () => {
    for (const [n, c] of CASES.entries()) {
      const { x, ids } = randomInputs(c, 100 + n);
      const { rows, inner } = segmentSumShape(c.xShape, c.idsShape, c.numSegments, c.dtype);
      const out = c.dtype === 'int32' ? new Int32Array(c.numSegments * inner) : new Float32Array(c.numSegments * inner);
      const xs = c.dtype === 'int32' ? Int32Array.from(x) : Float32Array.from(x);
      segmentSumInto(xs, Int32Array.from(ids), c.numSegments, inner, out);
      expect(ids.length).toBe(rows);
      expect(Array.from(out)).toEqual(bruteForce(xs, ids, c.numSegments, inner, c.dtype));
    }
  });
});

describe.each(['cpu', 'wasm'])('UnsortedSegmentSum kernel on %s', (backendName) => {
  beforeAll(async () => {
    // Registered directly (register-training-kernels.spec.ts covers registerTrainingKernels itself).
    const kernelFunc = backendName === 'cpu' ? unsortedSegmentSumCpu : unsortedSegmentSumWasm;
    if (tf.getKernel(tf.UnsortedSegmentSum, backendName)?.kernelFunc !== kernelFunc) {
      if (tf.getKernel(tf.UnsortedSegmentSum, backendName) !== undefined) {
        tf.unregisterKernel(tf.UnsortedSegmentSum, backendName);
      }
      tf.registerKernel({ kernelName: tf.UnsortedSegmentSum, backendName, kernelFunc });
    }
    expect(await tf.setBackend(backendName)).toBe(true);
  });

  it.each(CASES.map((c, n) => [c.xShape.join('×'), c.idsShape.join('×'), c.dtype, n] as const))(
    'equals the brute force: x %s, ids %s, %s',
    (_x, _ids, _dtype, n) => {
      const c = CASES[n];
      const { x, ids } = randomInputs(c, 1 + n);
      const xs = c.dtype === 'int32' ? Int32Array.from(x) : Float32Array.from(x);
      // Through the engine rather than tf.unsortedSegmentSum, whose typing allows only 1-D segment ids.
      const result = tf.tidy(() => {
        const inputs = { x: tf.tensor(xs, c.xShape, c.dtype), segmentIds: tf.tensor(ids, c.idsShape, 'int32') };
        const out = tf.engine().runKernel(tf.UnsortedSegmentSum, inputs, { numSegments: c.numSegments });
        if (!(out instanceof tf.Tensor)) throw new Error('expected one output tensor');
        return out;
      });
      expect(tf.getBackend()).toBe(backendName);
      expect(result.shape).toEqual(segmentSumShape(c.xShape, c.idsShape, c.numSegments, c.dtype).outShape);
      expect(result.dtype).toBe(c.dtype);
      const { inner } = segmentSumShape(c.xShape, c.idsShape, c.numSegments, c.dtype);
      expect(Array.from(result.dataSync())).toEqual(bruteForce(xs, ids, c.numSegments, inner, c.dtype));
      result.dispose();
    },
  );

  it('leaks no tensors and leaves its inputs intact', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const ids = tf.tensor1d([2, 0, 2], 'int32');
    const before = tf.memory().numTensors;
    const out = tf.unsortedSegmentSum(x, ids, 3);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(out.arraySync()).toEqual([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
    expect(x.arraySync()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    tf.dispose([x, ids, out]);
  });

  it('zeroes reused memory: a second call over fresh output sees no stale sums', () => {
    for (let round = 0; round < 3; round++) {
      const out = tf.tidy(() => tf.unsortedSegmentSum(tf.ones([4, 3]), tf.tensor1d([0, 0, 1, 1], 'int32'), 3));
      expect(Array.from(out.dataSync())).toEqual([2, 2, 2, 2, 2, 2, 0, 0, 0]);
      out.dispose();
    }
  });
});
