import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

const draws = (random: Random) => [random.nextUint32(), random.nextUint32(), random.nextUint32()];

describe('Random', () => {
  it('gives equal sequences for equal seeds, different ones across seeds, up to 2^32 - 1', () => {
    expect(draws(new Random(1))).toEqual(draws(new Random(1)));
    expect(draws(new Random(1))).not.toEqual(draws(new Random(2)));
    expect(draws(new Random(2 ** 32 - 1))).not.toEqual(draws(new Random(0)));
  });

  // Before: 1.5 gave Random(1)'s sequence; NaN, 'abc' and 2^32 gave Random(0)'s; -1 gave 2^32 - 1's.
  it.each([1.5, NaN, 'abc', 2 ** 32, 1 + 2 ** 32, -1, Infinity, undefined])('refuses seed %s', (seed) => {
    expect(() => new Random(seed as number)).toThrow(/^new Random: seed must be an integer in \[0, 4294967295\], got /);
  });

  it('names the value as given', () => {
    expect(() => new Random('abc' as unknown as number)).toThrow(
      'new Random: seed must be an integer in [0, 4294967295], got "abc"',
    );
  });
});
