import { describe, expect, it } from 'vitest';
import { GrowableColumn } from './growable-column.js';

describe('GrowableColumn', () => {
  it('grows past its initial capacity and keeps every value', () => {
    const column = new GrowableColumn(Int32Array, 2);
    for (let k = 0; k < 1000; k++) column.push(k * 3);
    expect(column.length).toBe(1000);
    const array = column.toArray();
    expect(array).toBeInstanceOf(Int32Array);
    expect(array.length).toBe(1000);
    expect(array[999]).toBe(2997);
    expect(column.get(10)).toBe(30);
  });

  it('keeps the element type (Float64 timestamps, Float32 values)', () => {
    const times = new GrowableColumn(Float64Array);
    times.push(1511544070.5);
    expect(times.toArray()).toEqual(Float64Array.of(1511544070.5));
    const values = new GrowableColumn(Float32Array, 1);
    values.push(0.1);
    expect(values.toArray()[0]).toBe(Math.fround(0.1));
  });

  it('set overwrites within the length and refuses beyond it', () => {
    const column = new GrowableColumn(Uint8Array);
    column.push(1);
    column.set(0, 7);
    expect(Array.from(column.view())).toEqual([7]);
    expect(() => column.set(1, 2)).toThrow(RangeError);
  });

  it('toArray is a compact copy, independent of later pushes', () => {
    const column = new GrowableColumn(Int32Array, 4);
    column.push(1);
    const copy = column.toArray();
    column.set(0, 9);
    expect(copy[0]).toBe(1);
    expect(copy.buffer.byteLength).toBe(4);
  });
});
