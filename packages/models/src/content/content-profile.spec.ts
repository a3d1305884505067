import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interactions, type SparseFeatures } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { loadRecommender } from '../registry.js';
import { ContentProfile } from './content-profile.js';

// Items 0..3; features: 0 = {0: 3, 1: 4}, 1 = {1: 1}, 2 = {0: 1}, 3 = {} (no content).
const features: SparseFeatures = {
  numRows: 4,
  numFeatures: 2,
  ptr: Int32Array.of(0, 2, 3, 4, 4),
  indices: Int32Array.of(0, 1, 1, 0),
  values: Float32Array.of(3, 4, 1, 1),
};
// User 0 saw items 0 and 1; user 1 saw nothing but item 3 (no content).
const train = Interactions.fromColumns(
  { users: Int32Array.of(0, 0, 1), items: Int32Array.of(0, 1, 3) },
  { numItems: 4 },
);

describe('ContentProfile', () => {
  it("scores the cosine of an item's features with the sum of the user's normalised item vectors", async () => {
    const model = new ContentProfile();
    await model.fit(train, { itemFeatures: features });
    // Profile of user 0: (0.6, 0.8) + (0, 1) = (0.6, 1.8); item 2 is (1, 0).
    const norm = Math.hypot(0.6, 1.8);
    const scores = await model.score(Int32Array.of(0, 0, 0, 1), Int32Array.of(2, 0, 3, 2));
    expect(scores[0]).toBeCloseTo(0.6 / norm, 6);
    expect(scores[1]).toBeCloseTo((0.6 * 0.6 + 1.8 * 0.8) / norm, 6);
    expect(scores[2]).toBe(0); // no content
    expect(scores[3]).toBe(0); // no profile
    expect((await model.recommend(0, 2, { candidates: Int32Array.of(2, 3) })).map((r) => r.item)).toEqual([2, 3]);
  });

  it('save → load gives identical scores; refuses a fit without features or with features of another size', async () => {
    const model = new ContentProfile();
    await model.fit(train, { itemFeatures: features });
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-content-')), 'model');
    await model.save(dir);
    const pairs = [Int32Array.of(0, 0, 1), Int32Array.of(2, 0, 1)] as const;
    expect(await (await loadRecommender(dir)).score(...pairs)).toEqual(await model.score(...pairs));
    await expect(new ContentProfile().fit(train)).rejects.toThrow('option "itemFeatures" is required');
    await expect(
      new ContentProfile().fit(train, { itemFeatures: { ...features, numRows: 3, ptr: features.ptr.subarray(0, 4) } }),
    ).rejects.toThrow('the item features have 3 rows, the log 4 items');
  });
});
