import { describe, expect, it } from 'vitest';
import { checkCutoffs, checkPositiveInteger, DEFAULT_BATCH_SIZE } from './options.js';

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

  it('checks a list of cut-offs: non-empty, integers ≥ 1, each once', () => {
    expect(() => checkCutoffs('f', 'ks', [1, 5, 10])).not.toThrow();
    expect(() => checkCutoffs('f', 'ks', [])).toThrow('f: ks is empty: give at least one cut-off');
    expect(() => checkCutoffs('f', 'ks', [5, 0])).toThrow('f: ks[1] must be an integer ≥ 1 (got 0)');
    expect(() => checkCutoffs('f', 'ks', [5, 10, 5])).toThrow('f: ks lists K = 5 twice (at 0 and 2)');
    expect(() => checkCutoffs('f', 'ks', 5 as unknown as number[])).toThrow(
      'f: ks must be an array of cut-offs, got 5',
    );
  });
});
