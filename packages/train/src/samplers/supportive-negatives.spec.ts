import { Interactions, Random } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { SupportiveNegatives } from './supportive-negatives.js';

// 3 users × 8 items. Purchases: user 0 bought 0, 1; user 1 bought 2; user 2 bought 3.
const buy = Interactions.fromColumns(
  { users: Int32Array.of(0, 0, 1, 2), items: Int32Array.of(0, 1, 2, 3) },
  { numUsers: 3, numItems: 8 },
);
// Carts: user 0 carted 1 (also bought) and 4; user 1 carted 5. Views: user 0 viewed 4 and 6; user 2 nothing.
const cart = Interactions.fromColumns(
  { users: Int32Array.of(0, 0, 1), items: Int32Array.of(1, 4, 5) },
  { numUsers: 3, numItems: 8 },
);
const pv = Interactions.fromColumns(
  { users: Int32Array.of(0, 0), items: Int32Array.of(4, 6) },
  { numUsers: 3, numItems: 8 },
);

describe('SupportiveNegatives', () => {
  it('draws a purchase negative among the items the user only viewed or carted', () => {
    const sampler = new SupportiveNegatives(buy, [cart, pv]);
    expect(Array.from(sampler.supportiveOnly(0))).toEqual([4, 6]); // 1 was bought too; 4 counted once
    expect(Array.from(sampler.supportiveOnly(1))).toEqual([5]);
    expect(sampler.supportiveOnly(2)).toHaveLength(0);
    expect(sampler.usersWithSupportive).toBe(2);
    const random = new Random(1);
    const draws = Array.from({ length: 2000 }, () => sampler.sample(0, random));
    expect(new Set(draws)).toEqual(new Set([4, 6]));
    expect(draws.filter((i) => i === 4).length / 2000).toBeCloseTo(0.5, 1);
    expect(sampler.draws).toEqual({ supportive: 2000, uniform: 0 });
  });

  it('falls back to uniform over the items never bought, and mixes uniform draws in with share < 1', () => {
    const random = new Random(2);
    const sampler = new SupportiveNegatives(buy, [cart, pv], { share: 0.25 });
    const fallback = Array.from({ length: 700 }, () => sampler.sample(2, random));
    expect(fallback).not.toContain(3);
    expect(new Set(fallback).size).toBe(7);
    expect(sampler.draws).toEqual({ supportive: 0, uniform: 700 });
    const mixed = Array.from({ length: 4000 }, () => sampler.sample(1, random));
    expect(mixed).not.toContain(2);
    // 25% from item 5, the rest uniform over the 7 items user 1 never bought (item 5 among them).
    expect(mixed.filter((i) => i === 5).length / 4000).toBeCloseTo(0.25 + 0.75 / 7, 1);
    expect(sampler.draws.supportive / 4000).toBeCloseTo(0.25, 1);
  });

  it('is deterministic for a seed, and refuses what does not fit', () => {
    const sampler = new SupportiveNegatives(buy, [cart, pv], { share: 0.5 });
    const [a, b] = [new Random(7), new Random(7)];
    for (let k = 0; k < 50; k++) expect(sampler.sample(0, a)).toBe(sampler.sample(0, b));
    expect(() => new SupportiveNegatives(buy, [cart], { share: 2 })).toThrow('option "share" must be in [0, 1], got 2');
    const other = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(1) },
      { numUsers: 3, numItems: 9 },
    );
    expect(() => new SupportiveNegatives(buy, [cart, other])).toThrow(
      'supportive log 1 has 3 users × 9 items, the target 3 × 8',
    );
  });
});
