import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingScores } from './embedding-scores.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// 3 users and 4 items of size 2, then each side's cold row.
const users = Float32Array.of(1, 0, 0, 1, 1, 1, /* cold */ 0.5, -0.5);
const items = Float32Array.of(1, 2, -1, 0, 0, 3, 2, 2, /* cold */ 0, 0);
const dot = (u: number, i: number) => {
  const p = Math.min(u, 3) * 2;
  const q = Math.min(i, 4) * 2;
  return users[p]! * items[q]! + users[p + 1]! * items[q + 1]!;
};

describe('EmbeddingScores', () => {
  it('scores each pair as the dot product of its rows, cold ids reading the last rows', () => {
    const scores = new EmbeddingScores(users, items, 2);
    const u = Int32Array.of(0, 1, 2, 9, 2);
    const i = Int32Array.of(1, 2, 3, 0, 7);
    expect(Array.from(scores.score(u, i))).toEqual(Array.from(u, (user, k) => dot(user, i[k]!)));
  });

  it('a batch over the whole catalogue (the matmul path) scores as pair by pair', () => {
    const scores = new EmbeddingScores(users, items, 2);
    const u = Int32Array.from({ length: 4 * 5 }, (_, k) => Math.floor(k / 5)); // users 0–3 (3: cold) × items 0–4
    const i = Int32Array.from({ length: 4 * 5 }, (_, k) => k % 5);
    const dense = scores.score(u, i);
    u.forEach((user, k) => expect(dense[k]).toBeCloseTo(dot(user, i[k]!), 6));
    scores.dispose();
  });

  it('raises scores below the floor to it, and refuses rows that do not fit', () => {
    const floored = new EmbeddingScores(users, items, 2, { floor: 0.5 });
    expect(Array.from(floored.score(Int32Array.of(0, 0), Int32Array.of(1, 0)))).toEqual([0.5, 1]);
    expect(() => new EmbeddingScores(users.subarray(1), items, 2)).toThrow('are not rows of 2');
    expect(() => new EmbeddingScores(new Float32Array(0), items, 2)).toThrow('the cold rows are missing');
  });
});
