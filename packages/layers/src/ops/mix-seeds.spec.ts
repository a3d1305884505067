import { describe, expect, it } from 'vitest';
import { mixSeeds } from './mix-seeds.js';

describe('mixSeeds', () => {
  it('is a pure 32-bit function of its parts, order included', () => {
    expect(mixSeeds(1, 2, 3)).toBe(mixSeeds(1, 2, 3));
    expect(mixSeeds(1, 2, 3)).not.toBe(mixSeeds(3, 2, 1));
    expect(Number.isInteger(mixSeeds(-5, 2 ** 40))).toBe(true);
    expect(mixSeeds(-5, 2 ** 40)).toBeGreaterThanOrEqual(0);
  });

  it('spreads neighbouring steps and layers apart', () => {
    const seeds = new Set<number>();
    for (let step = 0; step < 100; step++) for (let layer = 0; layer < 10; layer++) seeds.add(mixSeeds(step, 3, layer));
    expect(seeds.size).toBe(1000);
  });

  it('refuses what is not an integer instead of mixing it as 0', () => {
    for (const bad of [NaN, 1.5, 'a' as unknown as number]) expect(() => mixSeeds(bad)).toThrow(/mixSeeds/);
  });
});
