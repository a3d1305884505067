import { describe, it, expect } from 'vitest';
import { Random } from '../random.js';
import { AliasTable } from './alias-table.js';

describe('AliasTable', () => {
  it('draws in proportion to the weights', () => {
    const weights = [1, 0, 3, 6, 10];
    const table = new AliasTable(weights);
    const random = new Random(1);
    const counts = new Array<number>(weights.length).fill(0);
    const draws = 200_000;
    for (let k = 0; k < draws; k++) counts[table.sample(random)]++;
    expect(counts[1]).toBe(0);
    weights.forEach((w, k) => expect(counts[k] / draws).toBeCloseTo(w / 20, 2));
  });

  it('handles a single outcome and equal weights', () => {
    expect(new AliasTable([5]).sample(new Random(3))).toBe(0);
    const table = new AliasTable(new Float64Array(4).fill(2));
    const random = new Random(2);
    const seen = new Set<number>();
    for (let k = 0; k < 200; k++) seen.add(table.sample(random));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('rejects empty, negative, non-finite and all-zero weights', () => {
    expect(() => new AliasTable([])).toThrow(/must not be empty/);
    expect(() => new AliasTable([1, -1])).toThrow(/weight 1 is -1/);
    expect(() => new AliasTable([1, Infinity])).toThrow(RangeError);
    expect(() => new AliasTable([0, 0])).toThrow(/all zero/);
  });
});
