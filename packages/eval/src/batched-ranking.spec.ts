import { Random } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { type RankingSource, rankInBatches } from './batched-ranking.js';
import { rankPositions } from './rank.js';
import type { Scorer } from './scorer.js';

interface Group {
  user: number;
  relevant: number[];
  irrelevant: number[];
}

/** A source over explicit lists. */
function listSource(groups: Group[]): RankingSource {
  let current: Group | undefined;
  let cursor = 0;
  return {
    groups: groups.length,
    totalPairs: groups.reduce((n, g) => n + g.relevant.length + g.irrelevant.length, 0),
    user: (g) => groups[g].user,
    relevant: (g) => Int32Array.from(groups[g].relevant),
    irrelevantCount: (g) => groups[g].irrelevant.length,
    begin: (g) => {
      current = groups[g];
      cursor = 0;
    },
    emit: (out, offset, max) => {
      const list = current?.irrelevant ?? [];
      const n = Math.min(max, list.length - cursor);
      for (let k = 0; k < n; k++) out[offset + k] = list[cursor + k];
      cursor += n;
      return n;
    },
    end: () => {
      current = undefined;
    },
  };
}

/** Score of (u, i): a few distinct values, so ties are frequent. */
const tableScore = (u: number, i: number) => ((u * 7 + i * 3) % 5) / 4;

describe('rankInBatches', () => {
  const random = new Random(3);
  const groups: Group[] = Array.from({ length: 9 }, (_, g) => ({
    user: g % 4,
    relevant: Array.from({ length: 1 + random.int(4) }, () => random.int(30)),
    irrelevant: Array.from({ length: random.int(12) }, () => random.int(30)),
  }));
  const expected = groups.map((g) =>
    Array.from(
      rankPositions(
        g.relevant.map((i) => tableScore(g.user, i)),
        g.irrelevant.map((i) => tableScore(g.user, i)),
      ),
    ),
  );

  for (const batchSize of [1, 2, 3, 5, 8, 1000]) {
    it(`ranks every group like rankPositions, in order, with batches ≤ ${batchSize}`, async () => {
      let maxBatch = 0;
      const scorer: Scorer = {
        score: (users, items) => {
          maxBatch = Math.max(maxBatch, users.length);
          return Float32Array.from(users, (u, k) => tableScore(u, items[k]));
        },
      };
      const seen: number[] = [];
      const got: number[][] = [];
      const progress: Array<[number, number]> = [];
      const source = listSource(groups);
      await rankInBatches(
        scorer,
        source,
        { batchSize, onProgress: (done, total) => progress.push([done, total]) },
        (g, user, positions, candidates) => {
          seen.push(g);
          expect(user).toBe(groups[g].user);
          expect(candidates).toBe(groups[g].relevant.length + groups[g].irrelevant.length);
          got[g] = Array.from(positions);
        },
      );
      expect(seen).toEqual(groups.map((_, g) => g));
      expect(got).toEqual(expected);
      expect(maxBatch).toBeLessThanOrEqual(batchSize);
      expect(progress.at(-1)).toEqual([source.totalPairs, source.totalPairs]);
      expect(progress.length).toBe(Math.ceil(source.totalPairs / batchSize));
    });
  }

  it('reports a source that runs short instead of looping', async () => {
    const source = { ...listSource([{ user: 0, relevant: [1], irrelevant: [2] }]), emit: () => 0 };
    const scorer: Scorer = { score: (u) => new Float32Array(u.length) };
    await expect(rankInBatches(scorer, source, { batchSize: 4 }, () => {})).rejects.toThrow(/ran out/);
  });
});
