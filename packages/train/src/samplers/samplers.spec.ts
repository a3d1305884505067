import { Interactions, Random } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { pairwiseTriples } from './pairwise-triples.js';
import { pairwiseBatches } from '../batches/pairwise-batches.js';
import { pointwiseBatches } from '../batches/pointwise-batches.js';
import { pointwiseEpoch, shuffleTogether } from './pointwise-epoch.js';
import { PopularityNegatives } from './popularity-negatives.js';
import { UniformNegatives } from './uniform-negatives.js';
import { createSampler } from './create-sampler.js';

// User 0 has seen items 0..7 of 10 (dense: the complement path); user 1 has seen item 0; item 0 is the most popular.
const train = Interactions.fromColumns(
  {
    users: Int32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2),
    items: Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 9),
  },
  { numItems: 10 },
);

function histogram(draw: () => number, n: number, size: number): number[] {
  const counts = new Array<number>(size).fill(0);
  for (let k = 0; k < n; k++) counts[draw()]++;
  return counts;
}

describe('UniformNegatives', () => {
  it('never draws a seen item, and draws the unseen ones uniformly', () => {
    const sampler = new UniformNegatives(train);
    const random = new Random(3);
    const sparse = histogram(() => sampler.sample(1, random), 9000, 10);
    expect(sparse[0]).toBe(0);
    for (let i = 1; i < 10; i++) expect(sparse[i] / 9000).toBeCloseTo(1 / 9, 1);
    const dense = histogram(() => sampler.sample(0, random), 3000, 10);
    expect(dense.slice(0, 8).every((c) => c === 0)).toBe(true);
    expect(dense[8] / 3000).toBeCloseTo(0.5, 1);
  });

  it('is deterministic for a seed', () => {
    const sampler = new UniformNegatives(train);
    const a = new Random(9);
    const b = new Random(9);
    for (let k = 0; k < 50; k++) expect(sampler.sample(1, a)).toBe(sampler.sample(1, b));
  });

  it('fails clearly when a user has seen every item', () => {
    const full = Interactions.fromColumns({ users: Int32Array.of(0, 0), items: Int32Array.of(0, 1) });
    expect(() => new UniformNegatives(full).sample(0, new Random(1))).toThrow(/every item/);
  });
});

describe('PopularityNegatives', () => {
  it('prefers popular unseen items with exponent 1 and is uniform with exponent 0', () => {
    const random = new Random(5);
    // For user 1: item 9 has 1 row (weight 2), items 1..7 have 1 row each (weight 2), item 8 has none (weight 1).
    const popular = histogram(() => new PopularityNegatives(train, { exponent: 1 }).sample(1, random), 1, 10);
    expect(popular[0]).toBe(0);
    const sampler = new PopularityNegatives(train, { exponent: 1 });
    const counts = histogram(() => sampler.sample(1, random), 17_000, 10);
    expect(counts[0]).toBe(0);
    expect(counts[9] / counts[8]).toBeCloseTo(2, 0);
    const flat = new PopularityNegatives(train, { exponent: 0 });
    const flatCounts = histogram(() => flat.sample(1, random), 9000, 10);
    expect(flatCounts[9] / flatCounts[8]).toBeCloseTo(1, 0);
    expect(
      histogram(() => sampler.sample(0, random), 500, 10)
        .slice(0, 8)
        .every((c) => c === 0),
    ).toBe(true);
    expect(() => new PopularityNegatives(train, { exponent: -1 })).toThrow(/exponent/);
  });
});

describe('epoch builders', () => {
  it('pointwise: every row once as a positive with N fresh negatives, shuffled, seeded', () => {
    const sampler = new UniformNegatives(train);
    const epoch = pointwiseEpoch(train, sampler, 4, new Random(1));
    expect(epoch.users.length).toBe(train.size * 5);
    let positives = 0;
    for (let k = 0; k < epoch.users.length; k++) {
      if (epoch.targets[k] === 1) {
        positives++;
        expect(train.has(epoch.users[k], epoch.items[k])).toBe(true);
      } else expect(train.has(epoch.users[k], epoch.items[k])).toBe(false);
    }
    expect(positives).toBe(train.size);
    const again = pointwiseEpoch(train, sampler, 4, new Random(1));
    expect(again.items).toEqual(epoch.items);
    const other = pointwiseEpoch(train, sampler, 4, new Random(2));
    expect(other.items).not.toEqual(epoch.items);
    expect(() => pointwiseEpoch(train, sampler, -1, new Random(1))).toThrow(/non-negative/);
  });

  it('pointwise, grouped: each positive followed by its negatives, every row once, the groups shuffled', () => {
    const epoch = pointwiseEpoch(train, new UniformNegatives(train), 3, new Random(1), undefined, 'grouped');
    const seen = new Set<string>();
    for (let g = 0; g < train.size; g++) {
      const k = 4 * g;
      expect(epoch.targets[k]).toBe(1);
      expect(train.has(epoch.users[k], epoch.items[k])).toBe(true);
      seen.add(`${epoch.users[k]},${epoch.items[k]}`);
      for (let j = 1; j <= 3; j++) {
        expect([epoch.users[k + j], epoch.targets[k + j]]).toEqual([epoch.users[k], 0]);
        expect(train.has(epoch.users[k + j], epoch.items[k + j])).toBe(false);
      }
    }
    expect(seen.size).toBe(train.size);
    const firstUsers = Array.from({ length: train.size }, (_, g) => epoch.users[4 * g]);
    expect(firstUsers).not.toEqual(Array.from(train.users)); // shuffled, not in log order
    expect(() =>
      pointwiseEpoch(train, new UniformNegatives(train), 3, new Random(1), undefined, 'sorted' as 'grouped'),
    ).toThrow("order must be 'shuffled' or 'grouped'");
  });

  it('pointwise: positive targets can be given per row (e.g. rating / max)', () => {
    const targets = Float32Array.from({ length: train.size }, (_, r) => (r + 1) / train.size);
    const epoch = pointwiseEpoch(train, new UniformNegatives(train), 1, new Random(1), targets);
    const sum = epoch.targets.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(
      targets.reduce((a, b) => a + b, 0),
      5,
    );
  });

  it('pairwise: one triple per row and negative', () => {
    const triples = pairwiseTriples(train, new UniformNegatives(train), 2, new Random(1));
    expect(triples.users.length).toBe(train.size * 2);
    for (let k = 0; k < triples.users.length; k++) {
      expect(train.has(triples.users[k], triples.positives[k])).toBe(true);
      expect(train.has(triples.users[k], triples.negatives[k])).toBe(false);
    }
  });
});

describe('createSampler', () => {
  it('makes a sampler by name, passes an instance through, and names the known ones for an unknown name', () => {
    expect(createSampler(train, 'uniform')).toBeInstanceOf(UniformNegatives);
    expect(createSampler(train, 'popularity', { exponent: 0.5 })).toBeInstanceOf(PopularityNegatives);
    const own = { sample: () => 3 };
    expect(createSampler(train, own)).toBe(own);
    expect(() => createSampler(train, 'hard' as 'uniform')).toThrow(
      'unknown sampler "hard" (known: uniform, popularity)',
    );
  });
});

describe('epoch size and sampler checks at entry', () => {
  it('refuses negatives whose epoch exceeds an int32 index, naming negatives (was "Invalid typed array length")', () => {
    // 11 rows: (2³¹ + 1) × 11 examples.
    expect(() => pointwiseBatches(train, { negatives: 2 ** 31 })).toThrow(
      /pointwiseBatches: negatives 2147483648 gives 2147483649 × 11 training rows .* use fewer negatives/,
    );
    expect(() => pairwiseBatches(train, { negatives: 2 ** 28 })).toThrow(/pairwiseBatches: negatives 268435456/);
    const sampler = new UniformNegatives(train);
    expect(() => pointwiseEpoch(train, sampler, 2 ** 28, new Random(1))).toThrow(/pointwiseEpoch: negatives/);
    expect(() => pairwiseTriples(train, sampler, 2 ** 28, new Random(1))).toThrow(/pairwiseTriples: negatives/);
    // (195 225 224 + 1) × 11 = 2 147 477 475 fits: only the check runs here, nothing is allocated.
    expect(() => pointwiseBatches(train, { negatives: Math.floor((2 ** 31 - 1) / 11) - 1 })).not.toThrow();
  });

  it('refuses a popularity exponent whose weights overflow, naming it (was "AliasTable: weight 0 is Infinity")', () => {
    expect(() => pointwiseBatches(train, { sampler: 'popularity', popularityExponent: 1e6 })).toThrow(
      /popularity exponent 1000000 overflows the weights/,
    );
    expect(() => new PopularityNegatives(train, { exponent: 1000 })).toThrow(/exponent 1000 overflows/);
    expect(() => new PopularityNegatives(train, { exponent: 30 })).not.toThrow();
  });

  it('pointwiseEpoch refuses positive targets of the wrong length (the missing ones became NaN)', () => {
    const sampler = new UniformNegatives(train);
    expect(() => pointwiseEpoch(train, sampler, 1, new Random(1), new Float32Array(3))).toThrow(
      'pointwiseEpoch: positiveTargets holds 3 values for 11 training rows',
    );
  });

  it('shuffleTogether refuses arrays of unequal length (they fell out of step)', () => {
    expect(() => shuffleTogether(new Random(1), new Int32Array(5), new Float32Array(4))).toThrow(
      /shuffleTogether: array 1 has length 4, array 0 has 5/,
    );
    expect(() => shuffleTogether(new Random(1))).toThrow(/no arrays/);
    const a = Int32Array.of(0, 1, 2, 3);
    const b = Float32Array.of(0, 1, 2, 3);
    shuffleTogether(new Random(1), a, b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
