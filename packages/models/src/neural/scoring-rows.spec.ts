import { SparseTable } from '@recsys/train';
import { describe, expect, it } from 'vitest';
import { EmbeddingScores } from './embedding-scores.js';
import { scoringRows } from './scoring-rows.js';

const table = (name: string, rows: number[][]) =>
  new SparseTable(name, rows.length, rows[0]!.length, Float32Array.from(rows.flat()));

describe('scoringRows', () => {
  it('lays out each row, scaled, then its extra columns, and a cold row of zeros with its extras', () => {
    const rows = scoringRows(table('u', [[1, 2], [3, 4]]), { scale: [10, 100], extra: [(r) => r, () => 1] }); // prettier-ignore
    expect(Array.from(rows)).toEqual([10, 200, 0, 1, 30, 400, 1, 1, 0, 0, 2, 1]);
  });

  it('makes b + b_u + b_i + pᵀq one dot product, cold ids included', () => {
    const p = table('p', [
      [1, 2],
      [0.5, -1],
    ]);
    const q = table('q', [
      [3, 1],
      [-2, 4],
      [1, 1],
    ]);
    const bu = [0.1, -0.2];
    const bi = [0.3, 0, -0.5];
    const b = 0.05;
    const users = scoringRows(p, { extra: [(u) => (u < 2 ? bu[u]! : 0) + b, () => 1] });
    const items = scoringRows(q, { extra: [() => 1, (i) => (i < 3 ? bi[i]! : 0)] });
    const scores = new EmbeddingScores(users, items, 4).score(Int32Array.of(0, 1, 1, 9), Int32Array.of(1, 2, 9, 0));
    const expected = [b + bu[0]! + bi[1]! + (1 * -2 + 2 * 4), b + bu[1]! + bi[2]! + (0.5 - 1), b + bu[1]!, b + bi[0]!];
    scores.forEach((s, k) => expect(s).toBeCloseTo(expected[k]!, 5));
  });

  it('refuses scales that do not fit the row', () => {
    expect(() => scoringRows(table('u', [[1, 2]]), { scale: [1] })).toThrow(/1 scales for 2 columns/);
  });
});

describe('EmbeddingScores with sigmoid', () => {
  it('returns the sigmoid of each dot product', () => {
    const scores = new EmbeddingScores(Float32Array.of(1, 0, 0, 0), Float32Array.of(2, 1, 0, 0), 2, { sigmoid: true });
    const [a, cold] = scores.score(Int32Array.of(0, 5), Int32Array.of(0, 0));
    expect(a).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(cold).toBe(0.5);
  });
});
