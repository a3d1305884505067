import { IdMap } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { firstDifference } from './first-difference.js';

describe('firstDifference', () => {
  it('finds where two id maps disagree', () => {
    expect(firstDifference(IdMap.from(['a', 'b']), IdMap.from(['a', 'b']))).toBe(-1);
    expect(firstDifference(IdMap.from(['a', 'b']), IdMap.from(['b', 'a']))).toBe(0);
    expect(firstDifference(IdMap.from(['a']), IdMap.from(['a', 'b']))).toBe(1);
  });
});
