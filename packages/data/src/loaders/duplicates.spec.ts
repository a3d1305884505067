import { describe, expect, it } from 'vitest';
import { DuplicateRowProblem, resolveDuplicates } from './duplicates.js';

const space = { numUsers: 3, numItems: 3, numBehaviours: 2 };

describe('resolveDuplicates', () => {
  it('leaves distinct rows alone', () => {
    const users = Int32Array.of(0, 1, 0);
    const { columns, duplicates } = resolveDuplicates({ users, items: Int32Array.of(0, 0, 1) }, space, 'error');
    expect(duplicates).toBe(0);
    expect(columns.users).toBe(users);
  });

  it('keys on behaviour too when there is a behaviour column', () => {
    const columns = {
      users: Int32Array.of(0, 0, 0),
      items: Int32Array.of(1, 1, 1),
      behaviours: Uint8Array.of(0, 1, 0),
    };
    const result = resolveDuplicates(columns, space, 'keep-first');
    expect(result.duplicates).toBe(1);
    expect(Array.from(result.columns.behaviours ?? [])).toEqual([0, 1]);
  });

  it('keep-latest without timestamps keeps the later line, in file order', () => {
    const columns = {
      users: Int32Array.of(2, 0, 1, 2),
      items: Int32Array.of(2, 0, 0, 2),
      values: Float32Array.of(1, 2, 3, 4),
    };
    const result = resolveDuplicates(columns, space, 'keep-latest');
    expect(Array.from(result.columns.values ?? [])).toEqual([2, 3, 4]);
    expect(Array.from(result.columns.users)).toEqual([0, 1, 2]);
  });

  it('sum adds values and keeps the max timestamp at the latest row', () => {
    const columns = {
      users: Int32Array.of(0, 0, 0),
      items: Int32Array.of(0, 0, 0),
      values: Float32Array.of(1, 1, 1),
      timestamps: Float64Array.of(5, 9, 7),
    };
    const result = resolveDuplicates(columns, space, 'sum');
    expect(Array.from(result.columns.values ?? [])).toEqual([3]);
    expect(Array.from(result.columns.timestamps ?? [])).toEqual([9]);
    expect(result.duplicates).toBe(2);
  });

  it('error reports the repeat that comes first in the file', () => {
    const columns = {
      users: Int32Array.of(2, 0, 2, 0),
      items: Int32Array.of(2, 0, 2, 0),
      lines: Uint32Array.of(10, 11, 12, 13),
    };
    let problem: unknown;
    try {
      resolveDuplicates(columns, space, 'error');
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(DuplicateRowProblem);
    expect(problem).toMatchObject({ firstLine: 10, line: 12, firstRow: 0, row: 2, kind: 'duplicate' });
  });

  it('handles 200k rows with 100k duplicates in one pass', () => {
    const n = 200_000;
    const users = new Int32Array(n);
    const items = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      users[r] = (r >> 1) % 1000;
      items[r] = (r >> 1) % 997;
    }
    const values = new Float32Array(n).fill(1);
    const result = resolveDuplicates(
      { users, items, values },
      { numUsers: 1000, numItems: 997, numBehaviours: 0 },
      'sum',
    );
    expect(result.duplicates).toBe(100_000);
    expect(result.columns.users.length).toBe(100_000);
    expect(result.columns.values?.every((v) => v === 2)).toBe(true);
  });
});
