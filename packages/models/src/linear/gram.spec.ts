import { Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { feedbackMatrix } from '../neighbourhood/feedback-matrix.js';
import { gramLower } from './gram.js';

describe('gramLower', () => {
  it('is the lower triangle of XᵀX, built from the sparse rows', () => {
    const log = Interactions.fromColumns({
      users: Int32Array.of(0, 0, 1, 1, 1, 2, 0),
      items: Int32Array.of(3, 0, 0, 1, 3, 2, 3),
      values: Float32Array.of(2, 1, 4, 1, 1, 5, 1),
    });
    const x = feedbackMatrix(log, 'weighted', 'test'); // user 0: item 0 → 1, item 3 → 2 + 1
    const dense = [
      [1, 0, 0, 3],
      [4, 1, 0, 1],
      [0, 0, 5, 0],
    ];
    const g = gramLower(x);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const expected = j <= i ? dense.reduce((s, row) => s + row[i]! * row[j]!, 0) : 0;
        expect(g[i * 4 + j]).toBe(expected);
      }
    }
  });
});
