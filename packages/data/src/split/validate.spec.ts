import { describe, it, expect } from 'vitest';
import { checkOpenUnit, checkSeed } from './validate.js';

describe('checkSeed', () => {
  it('accepts integers in [0, 2^32 - 1]', () => {
    expect(() => checkSeed('f', 0)).not.toThrow();
    expect(() => checkSeed('f', 2 ** 32 - 1)).not.toThrow();
  });

  // A seed is folded to 32 bits: -7, 1.5 or 2^32 would silently give another seed's draws.
  it.each([1.5, -7, 2 ** 32, 1 + 2 ** 32, NaN, '1', undefined])(
    'rejects %s, naming the option and the value',
    (seed) => {
      expect(() => checkSeed('f', seed)).toThrow(/^f: option "seed" must be an integer in \[0, 4294967295\], got /);
    },
  );

  it('quotes a string seed', () => {
    expect(() => checkSeed('f', '1')).toThrow('f: option "seed" must be an integer in [0, 4294967295], got "1"');
  });
});

describe('checkOpenUnit', () => {
  it('accepts values strictly between 0 and 1', () => {
    expect(() => checkOpenUnit('f', 'ratio', 0.2)).not.toThrow();
  });

  it.each([0, 1, -0.1, 1.5, NaN, undefined])('rejects %s', (value) => {
    expect(() => checkOpenUnit('f', 'ratio', value)).toThrow(/f: option "ratio" must be a number with 0 < ratio < 1/);
  });
});
