import { Random, type SparseFeatures } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { featureBags, withInputNoise } from './feature-bags.js';

// Row 0: features {1: 2, 3: 1}; row 1: empty; row 2: {0: 5}.
const features: SparseFeatures = {
  numRows: 3,
  numFeatures: 4,
  ptr: Int32Array.of(0, 2, 2, 3),
  indices: Int32Array.of(1, 3, 0),
  values: Float32Array.of(2, 1, 5),
};

describe('featureBags', () => {
  it('makes a bag of each asked row, in order, repeats and cold rows included', () => {
    const bag = featureBags(features, Int32Array.of(2, 0, 1, 7, 0));
    expect(Array.from(bag.offsets)).toEqual([0, 1, 3, 3, 3, 5]);
    expect(Array.from(bag.ids)).toEqual([0, 1, 3, 1, 3]);
    expect(Array.from(bag.weights!)).toEqual([5, 2, 1, 2, 1]);
  });
});

describe('withInputNoise', () => {
  const bag = featureBags(
    features,
    Int32Array.from({ length: 2000 }, (_, k) => (k % 2 === 0 ? 0 : 2)),
  );

  it('drops about the given fraction of entries, keeps the rest with their weights, repeatably', () => {
    const noisy = withInputNoise(bag, 0.25, new Random(1));
    const kept = noisy.ids.length / bag.ids.length;
    expect(kept).toBeGreaterThan(0.7);
    expect(kept).toBeLessThan(0.8);
    expect(noisy.offsets.length).toBe(bag.offsets.length);
    for (let b = 0; b < 2000; b++) {
      for (let k = noisy.offsets[b]!; k < noisy.offsets[b + 1]!; k++) {
        const weight = { 1: 2, 3: 1, 0: 5 }[noisy.ids[k]! as 0 | 1 | 3];
        expect(noisy.weights![k]).toBe(weight);
        expect(b % 2 === 0 ? [1, 3] : [0]).toContain(noisy.ids[k]);
      }
    }
    expect(withInputNoise(bag, 0.25, new Random(1))).toEqual(noisy);
    expect(withInputNoise(bag, 0, new Random(1))).toBe(bag);
    expect(() => withInputNoise(bag, 1, new Random(1))).toThrow('input noise must be in [0, 1), got 1');
  });
});
