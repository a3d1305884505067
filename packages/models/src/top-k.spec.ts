import { describe, expect, it } from 'vitest';
import { TopK } from './top-k.js';

describe('TopK', () => {
  it('keeps the k best, best first, and matches a full sort', () => {
    const scores = [0.3, 0.9, 0.1, 0.5, 0.9, 0.7, 0.2, 0.5];
    const top = new TopK(4);
    scores.forEach((s, i) => top.offer(i, s));
    const expected = scores
      .map((score, item) => ({ item, score }))
      .sort((a, b) => b.score - a.score || a.item - b.item)
      .slice(0, 4);
    expect(top.result()).toEqual(expected);
  });

  it('breaks ties towards the lower item index whatever the offer order', () => {
    const top = new TopK(2);
    for (const item of [5, 3, 9, 1]) top.offer(item, 1);
    expect(top.result().map((r) => r.item)).toEqual([1, 3]);
  });

  it('returns fewer than k when fewer were offered, and rejects k < 1', () => {
    const top = new TopK(5);
    top.offer(2, 0.5);
    expect(top.result()).toEqual([{ item: 2, score: 0.5 }]);
    expect(() => new TopK(0)).toThrow(/positive integer/);
  });
});
