import { describe, expect, it } from 'vitest';
import { checkSparseFeatures, type SparseFeatures } from './sparse-features.js';

const good = (): SparseFeatures => ({
  numRows: 2,
  numFeatures: 3,
  ptr: Int32Array.of(0, 2, 3),
  indices: Int32Array.of(0, 2, 1),
  values: Float32Array.of(1, 2, 3),
});

describe('checkSparseFeatures', () => {
  it('accepts well-formed CSR', () => {
    expect(() => checkSparseFeatures('f', 'x', good())).not.toThrow();
  });

  it('names the field and entry of each defect', () => {
    const bad = (patch: Partial<Record<keyof SparseFeatures, unknown>>) => () =>
      checkSparseFeatures('f', 'x', { ...good(), ...patch });
    expect(bad({ ptr: [0, 2, 3] })).toThrow('f: x.ptr must be an Int32Array, got an array of 3');
    expect(bad({ numRows: 3 })).toThrow('f: x.ptr has 3 offsets, numRows + 1 is 4');
    expect(bad({ numFeatures: -1 })).toThrow(/x.numFeatures must be an integer/);
    expect(bad({ ptr: Int32Array.of(0, 3, 2) })).toThrow(/runs from 0 to 2|falls at row 0/);
    expect(bad({ ptr: Int32Array.of(0, 3, 2), indices: Int32Array.of(0, 1), values: Float32Array.of(1, 1) })).toThrow(
      'f: x.ptr falls at row 1 (3 then 2)',
    );
    expect(bad({ indices: Int32Array.of(0, 3, 1) })).toThrow('f: x.indices[1] is 3, outside [0, numFeatures = 3)');
    expect(bad({ values: Float32Array.of(1, NaN, 3) })).toThrow('f: x.values[1] is NaN, not a finite number');
    expect(bad({ values: Float32Array.of(1, 2) })).toThrow('f: x.values has 2 entries, indices has 3');
    expect(() => checkSparseFeatures('f', 'x', null)).toThrow(TypeError);
  });
});
