import { describe, expect, it } from 'vitest';
import { describeValue, refuseUnknownOptions } from './check-options.js';

describe('refuseUnknownOptions', () => {
  it('accepts known keys, undefined values and no options', () => {
    refuseUnknownOptions('f', { a: 1, b: undefined, zz: undefined }, ['a']);
    refuseUnknownOptions('f', undefined, ['a']);
  });

  it('names the unknown key and the known ones', () => {
    expect(() => refuseUnknownOptions('leaveOneOut', { validaton: true }, ['validation'])).toThrow(
      'leaveOneOut has no option "validaton" (its options: validation)',
    );
    expect(() => refuseUnknownOptions('f', { x: 1 }, [])).toThrow('f has no option "x" (it takes none)');
    expect(() => refuseUnknownOptions('f', 5, [])).toThrow('f: options must be an object, got 5');
    expect(() => refuseUnknownOptions('f', null, [])).toThrow(TypeError);
  });
});

describe('describeValue', () => {
  it('shows values as a message should', () => {
    expect(describeValue('1')).toBe('"1"');
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(-Infinity)).toBe('-Infinity');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([1, 2])).toBe('an array of 2');
    expect(describeValue(Float32Array.of(1))).toBe('a Float32Array of 1');
    expect(describeValue({ a: 1 })).toBe('{"a":1}');
  });
});
