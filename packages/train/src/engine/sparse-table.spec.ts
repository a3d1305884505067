import { describe, expect, it } from 'vitest';
import { SGD } from '../optimizers/sgd.js';
import { Scratch, SparseTable } from './sparse-table.js';

describe('SparseTable', () => {
  it('gathers rows, reading cold ids as zeros', () => {
    const table = new SparseTable('t', 3, 2, Float32Array.of(1, 2, 3, 4, 5, 6));
    expect([...table.gather(Int32Array.of(2, 0, 7, -1), new Float32Array(8))]).toEqual([5, 6, 1, 2, 0, 0, 0, 0]);
  });

  it('sums the gradients of repeated ids, skips cold ids, and works again on the next step', () => {
    const table = new SparseTable('t', 1000, 2, new Float32Array(2000));
    const sgd = new SGD({ learningRate: 1 });
    const scratch = new Scratch();
    // ids 5, 999, 5, 1234 (cold), 999, 5 → row 5 gets 1+3+6, row 999 gets 2+5; nothing else moves.
    const ids = Int32Array.of(5, 999, 5, 1234, 999, 5);
    const grads = Float32Array.from([1, 2, 3, 4, 5, 6].flatMap((g) => [g, -g]));
    table.applyGradients(ids, grads, sgd, 1, scratch);
    expect([...table.data.subarray(10, 12)]).toEqual([-10, 10]);
    expect([...table.data.subarray(1998, 2000)]).toEqual([-7, 7]);
    expect(table.data.reduce((a, b) => a + Math.abs(b), 0)).toBe(34);
    table.applyGradients(Int32Array.of(5), Float32Array.of(1, 1), sgd, 2, scratch);
    expect([...table.data.subarray(10, 12)]).toEqual([-11, 9]);
  });

  it('applies L2 lazily, to the touched rows only', () => {
    const table = new SparseTable('t', 2, 1, Float32Array.of(1, 1), 0.5);
    table.applyGradients(Int32Array.of(0), Float32Array.of(0), new SGD({ learningRate: 0.1 }), 1, new Scratch());
    expect(table.data[0]).toBeCloseTo(0.9); // 1 − 0.1·(2·0.5·1)
    expect(table.data[1]).toBe(1);
  });

  it('rejects data of the wrong size', () => {
    expect(() => new SparseTable('t', 3, 2, new Float32Array(5))).toThrow(/5 values for 3 × 2/);
  });
});
