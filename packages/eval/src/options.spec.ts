import { describe, expect, it } from 'vitest';
import { checkPositiveInteger, DEFAULT_BATCH_SIZE } from './options.js';

describe('options', () => {
  it('checks positive integers with a clear error', () => {
    expect(() => checkPositiveInteger('f', 'k', 1)).not.toThrow();
    expect(() => checkPositiveInteger('f', 'k', 0)).toThrow('f: k must be an integer ≥ 1 (got 0)');
    expect(() => checkPositiveInteger('f', 'k', 2.5)).toThrow(RangeError);
    expect(() => checkPositiveInteger('f', 'k', NaN)).toThrow(RangeError);
  });

  it('defaults the batch size to 65 536', () => {
    expect(DEFAULT_BATCH_SIZE).toBe(65_536);
  });
});
