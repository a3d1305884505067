import { describe, it, expect } from 'vitest';
import { checkOpenUnit, checkSeed } from './validate.js';

describe('checkSeed', () => {
  it('accepts integers, including negative ones', () => {
    expect(() => checkSeed('f', 0)).not.toThrow();
    expect(() => checkSeed('f', -7)).not.toThrow();
  });

  it('rejects non-integers and missing seeds, naming the option', () => {
    expect(() => checkSeed('f', 1.5)).toThrow(/f: option "seed" must be an integer, got 1.5/);
    expect(() => checkSeed('f', undefined)).toThrow(RangeError);
    expect(() => checkSeed('f', NaN)).toThrow(RangeError);
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
