import { describe, expect, it } from 'vitest';
import { LazyAdam } from '../optimizers/lazy-adam.js';
import { SGD } from '../optimizers/sgd.js';
import { bagSize } from './bag.js';
import { RowGradients } from './row-gradients.js';
import { SparseTable } from './sparse-table.js';

describe('SparseTable', () => {
  it('gathers rows, reading cold and padding ids as zeros', () => {
    const table = new SparseTable('t', 3, 2, Float32Array.of(1, 2, 3, 4, 5, 6));
    expect([...table.gather(Int32Array.of(2, 0, 7, -1), new Float32Array(8))]).toEqual([5, 6, 1, 2, 0, 0, 0, 0]);
  });

  it('sums weighted bags of rows, skipping cold ids; an empty bag is zeros', () => {
    const table = new SparseTable('t', 3, 2, Float32Array.of(1, 2, 3, 4, 5, 6));
    const bag = {
      offsets: Int32Array.of(0, 2, 2, 4),
      ids: Int32Array.of(0, 2, 1, 9),
      weights: Float32Array.of(1, 2, 3, 5),
    };
    expect([...table.bagSum(bag, new Float32Array(6).fill(7))]).toEqual([11, 14, 0, 0, 9, 12]);
    expect([...table.bagSum({ offsets: Int32Array.of(0, 2), ids: Int32Array.of(0, 1) }, new Float32Array(2))]).toEqual([
      4, 6,
    ]);
  });

  it('draws N(0, std²) from a seed, the same for the same seed', () => {
    const a = SparseTable.randomNormal('a', 200, 10, { seed: 3, std: 0.5 });
    const b = SparseTable.randomNormal('b', 200, 10, { seed: 3, std: 0.5 });
    expect(a.data).toEqual(b.data);
    const mean = a.data.reduce((s, v) => s + v, 0) / a.data.length;
    const std = Math.sqrt(a.data.reduce((s, v) => s + (v - mean) ** 2, 0) / a.data.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(std).toBeCloseTo(0.5, 1);
  });

  it('rejects data of the wrong size and bad options', () => {
    expect(() => new SparseTable('t', 3, 2, new Float32Array(5))).toThrow(/5 values for 3 × 2/);
    expect(() => new SparseTable('t', 3, 0, new Float32Array(0))).toThrow(/width/);
    expect(() => new SparseTable('t', 1, 1, new Float32Array(1), { l2: -1 })).toThrow(/l2/);
  });
});

describe('bagSize', () => {
  it('counts examples and rejects malformed bags', () => {
    expect(bagSize({ offsets: Int32Array.of(0, 1, 3), ids: Int32Array.of(1, 2, 3) })).toBe(2);
    expect(bagSize({ offsets: Int32Array.of(0), ids: new Int32Array(0) })).toBe(0);
    expect(() => bagSize({ offsets: Int32Array.of(1, 3), ids: Int32Array.of(1, 2, 3) })).toThrow(/start at 0/);
    expect(() => bagSize({ offsets: Int32Array.of(0, 2), ids: Int32Array.of(1, 2, 3) })).toThrow(/last offset is 2/);
    expect(() => bagSize({ offsets: Int32Array.of(0, 2, 1, 3), ids: Int32Array.of(1, 2, 3) })).toThrow(/decrease/);
    expect(() =>
      bagSize({ offsets: Int32Array.of(0, 1), ids: Int32Array.of(1), weights: Float32Array.of(1, 2) }),
    ).toThrow(/2 weights for 1 ids/);
  });
});

describe('RowGradients', () => {
  it('sums repeated ids across lookups, skips cold and padding ids, and updates each row once', () => {
    const table = new SparseTable('t', 1000, 2, new Float32Array(2000));
    const sgd = new SGD({ learningRate: 1 });
    const acc = new RowGradients();
    // Lookup 1: ids 5, 999, 5, 1234 (cold), −1 (padding); lookup 2: 999, 5.
    const first = Int32Array.of(5, 999, 5, 1234, -1);
    const second = Int32Array.of(999, 5);
    acc.begin(table, first.length + second.length);
    acc.addRows(first, Float32Array.from([1, 2, 3, 4, 8].flatMap((g) => [g, -g])));
    acc.addRows(second, Float32Array.from([5, 6].flatMap((g) => [g, -g])));
    expect(acc.rows).toBe(2);
    acc.apply(sgd, 1);
    expect([...table.data.subarray(10, 12)]).toEqual([-10, 10]); // 1 + 3 + 6
    expect([...table.data.subarray(1998, 2000)]).toEqual([-7, 7]); // 2 + 5
    expect(table.data.reduce((a, b) => a + Math.abs(b), 0)).toBe(34);
    acc.begin(table, 1);
    acc.addRows(Int32Array.of(5), Float32Array.of(1, 1));
    acc.apply(sgd, 2);
    expect([...table.data.subarray(10, 12)]).toEqual([-11, 9]);
  });

  it('scatters a bag gradient: row ids[k] gets weights[k] × the gradient of its example', () => {
    const table = new SparseTable('t', 4, 1, new Float32Array(4));
    const acc = new RowGradients();
    const bag = { offsets: Int32Array.of(0, 2, 3), ids: Int32Array.of(1, 3, 1), weights: Float32Array.of(2, 0.5, 4) };
    acc.begin(table, 3);
    acc.addBag(bag, Float32Array.of(10, 100));
    acc.apply(new SGD({ learningRate: 1 }), 1);
    expect([...table.data]).toEqual([0, -(2 * 10 + 4 * 100), 0, -5]);
  });

  it('makes one Adam update for two lookups of the same row, as one lookup of their sum would', () => {
    const once = new SparseTable('a', 3, 1, Float32Array.of(1, 1, 1));
    const twice = new SparseTable('b', 3, 1, Float32Array.of(1, 1, 1));
    const adam = new LazyAdam({ learningRate: 0.1 });
    once.state = adam.createState(3);
    twice.state = adam.createState(3);
    const acc = new RowGradients();
    acc.begin(once, 1);
    acc.addRows(Int32Array.of(1), Float32Array.of(0.5));
    acc.apply(adam, 1);
    acc.begin(twice, 2);
    acc.addRows(Int32Array.of(1), Float32Array.of(0.2));
    acc.addRows(Int32Array.of(1), Float32Array.of(0.3));
    acc.apply(adam, 1);
    expect(twice.data).toEqual(once.data);
  });

  it('applies L2 lazily, to the touched rows only', () => {
    const table = new SparseTable('t', 2, 1, Float32Array.of(1, 1), { l2: 0.5 });
    const acc = new RowGradients();
    acc.begin(table, 1);
    acc.addRows(Int32Array.of(0), Float32Array.of(0));
    acc.apply(new SGD({ learningRate: 0.1 }), 1);
    expect(table.data[0]).toBeCloseTo(0.9); // 1 − 0.1·(2·0.5·1)
    expect(table.data[1]).toBe(1);
  });
});

describe('SparseTable argument checks', () => {
  const table = () => new SparseTable('t', 3, 2, Float32Array.of(1, 2, 3, 4, 5, 6));

  it('randomNormal refuses a std that is not a finite number ≥ 0 (NaN gave a NaN table)', () => {
    for (const std of [NaN, -0.1, Infinity]) {
      expect(() => SparseTable.randomNormal('u', 2, 2, { std })).toThrow(/u: std must be a finite number ≥ 0/);
    }
    expect(SparseTable.randomNormal('u', 2, 2, { std: 0 }).data.every((x) => x === 0)).toBe(true);
  });

  it('gather refuses an out too small (it truncated) and non-integer ids (0.5 read half a row in)', () => {
    expect(() => table().gather(Int32Array.of(0, 1), new Float32Array(3))).toThrow(
      't: gather needs out of 2 ids × 2 = 4 values, got 3',
    );
    expect(() => table().gather(Float32Array.of(0.5) as unknown as Int32Array, new Float32Array(2))).toThrow(
      /t: gather id 0 is 0.5, not an integer/,
    );
    // Integer-valued ids in another array type are fine.
    expect([...table().gather(Float64Array.of(1) as unknown as Int32Array, new Float32Array(2))]).toEqual([3, 4]);
  });

  it('bagSum refuses malformed offsets (they summed NaN), a small out and non-integer ids', () => {
    const ids = Int32Array.of(0, 1, 2);
    expect(() => table().bagSum({ offsets: Int32Array.of(0, 2, 1, 3), ids }, new Float32Array(6))).toThrow(
      /offsets decrease at example 1/,
    );
    expect(() => table().bagSum({ offsets: Int32Array.of(0, 2, 9), ids }, new Float32Array(4))).toThrow(
      /last offset is 9, but there are 3 ids/,
    );
    expect(() => table().bagSum({ offsets: Int32Array.of(0, 3), ids }, new Float32Array(1))).toThrow(
      't: bagSum needs out of 1 examples × 2 = 2 values, got 1',
    );
    expect(() =>
      table().bagSum(
        { offsets: Int32Array.of(0, 1), ids: Float32Array.of(0.5) as unknown as Int32Array },
        new Float32Array(2),
      ),
    ).toThrow(/bagSum id 0 is 0.5/);
    expect([...table().bagSum({ offsets: Int32Array.of(0, 3), ids }, new Float32Array(2))]).toEqual([9, 12]);
  });
});
