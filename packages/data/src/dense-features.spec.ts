import { describe, expect, it } from 'vitest';
import { denseFeatures } from './dense-features.js';
import { checkSparseFeatures } from './sparse-features.js';

describe('denseFeatures', () => {
  it('stores every entry, zeros included, row by row', () => {
    const features = denseFeatures([0.5, 0, 2, -1, 0, 3], 2, 3);
    expect(features).toMatchObject({ numRows: 2, numFeatures: 3 });
    expect(Array.from(features.ptr)).toEqual([0, 3, 6]);
    expect(Array.from(features.indices)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(features.values)).toEqual([0.5, 0, 2, -1, 0, 3]);
    expect(() => checkSparseFeatures('test', 'features', features)).not.toThrow();
  });

  it('copies the values', () => {
    const values = Float32Array.of(1, 2);
    const features = denseFeatures(values, 1, 2);
    values[0] = 9;
    expect(features.values[0]).toBe(1);
  });

  it('handles empty shapes', () => {
    expect(denseFeatures([], 0, 4).ptr).toEqual(Int32Array.of(0));
    expect(Array.from(denseFeatures([], 3, 0).ptr)).toEqual([0, 0, 0, 0]);
  });

  it('refuses bad shapes and values, naming them', () => {
    expect(() => denseFeatures([1, 2, 3], 2, 2)).toThrow('denseFeatures: values has 3 entries, rows × dim = 2 × 2 = 4');
    expect(() => denseFeatures([1], 1.5, 1)).toThrow(/denseFeatures: rows must be a non-negative integer, got 1.5/);
    expect(() => denseFeatures([1], 1, -1)).toThrow(/dim must be a non-negative integer/);
    expect(() => denseFeatures([1, NaN], 1, 2)).toThrow(/values\[1\] \(row 0, column 1\) is NaN/);
    expect(() => denseFeatures([1, 1e39], 2, 1)).toThrow(/row 1, column 0\) is 1e\+39, not a finite float32/);
    expect(() => denseFeatures('12' as never, 1, 2)).toThrow(TypeError);
  });
});
