import { describe, expect, it } from 'vitest';
import { dtypeOf, firstNonFinite, fromLittleEndianBytes, littleEndianBytes } from './stored-array.js';

describe('stored arrays', () => {
  it('round-trip float32 and int32 values through little-endian bytes', () => {
    const floats = Float32Array.of(1.5, -2, 0, 3e38);
    const ints = Int32Array.of(0, -1, 2 ** 31 - 1, -(2 ** 31));
    expect(fromLittleEndianBytes(littleEndianBytes(floats), 'float32')).toEqual(floats);
    expect(fromLittleEndianBytes(littleEndianBytes(ints), 'int32')).toEqual(ints);
    expect([dtypeOf(floats), dtypeOf(ints)]).toEqual(['float32', 'int32']);
    expect([...littleEndianBytes(Int32Array.of(1))]).toEqual([1, 0, 0, 0]);
  });

  it('copies into a buffer of its own, never a view of a pooled Buffer', () => {
    // A small Buffer lives in Node's shared 8 KiB pool: `slice()` on it is a view, and `.buffer` is the whole pool.
    const empty = Buffer.from([]);
    const pooled = Buffer.from([1, 0, 0, 0, 2, 0, 0, 0]);
    expect(pooled.buffer.byteLength).toBeGreaterThan(8); // the premise: the bytes sit in a larger pool
    const none = fromLittleEndianBytes(empty, 'float32');
    expect(none.length).toBe(0);
    expect(none.buffer.byteLength).toBe(0);
    const two = fromLittleEndianBytes(pooled, 'int32');
    expect([...two]).toEqual([1, 2]);
    expect(two.buffer.byteLength).toBe(8);
    pooled[0] = 9; // the array does not alias its source
    expect(two[0]).toBe(1);
  });

  it('refuses a byte count that is not a whole number of values', () => {
    expect(() => fromLittleEndianBytes(new Uint8Array(6), 'int32')).toThrow(/int32 file of 6 bytes is truncated/);
  });

  it('finds the first NaN or ±Infinity', () => {
    expect(firstNonFinite(Float32Array.of(0, 1, -3e38))).toBe(-1);
    expect(firstNonFinite(Float32Array.of(0, NaN, Infinity))).toBe(1);
    expect(firstNonFinite(Float32Array.of(0, 1, -Infinity))).toBe(2);
    expect(firstNonFinite(new Float32Array(0))).toBe(-1);
  });
});
