import { IdMap } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { ColdIds, nearMiss } from './cold-ids.js';

describe('nearMiss', () => {
  const known = IdMap.from(['7', 'café', 'x']);

  it('names the way an unknown id differs from a known one', () => {
    expect(nearMiss('007', known)).toBe('"007" has leading zeros; the model knows "7"');
    expect(nearMiss(' 7', known)).toMatch(/surrounding whitespace/);
    expect(nearMiss('"7"', known)).toMatch(/quotes/);
    expect(nearMiss('\u200bx', known)).toMatch(/zero-width/);
    expect(nearMiss('cafe\u0301', known)).toMatch(/Unicode normalization/);
  });

  it('says nothing for an id that is simply new', () => {
    expect(nearMiss('8', known)).toBeUndefined();
  });
});

describe('ColdIds', () => {
  it('counts occurrences per kind with a few examples', () => {
    const cold = new ColdIds();
    expect(cold.describe()).toBeUndefined();
    for (const id of ['8', '8', '9', '10', '007']) cold.add('user', id, IdMap.from(['7']));
    expect(cold.count('user')).toBe(5);
    expect(cold.describe()).toBe(
      '5 with an unknown user (e.g. "8", "9", "10"); 1 look like known ids written differently: "007" has leading zeros; the model knows "7"',
    );
  });
});
