import { describe, expect, it } from 'vitest';
import { problemOf } from '../test-support.js';
import { expectColumns, parseDenseId, parseNumber, parseRawId, parseTimestamp } from './fields.js';

describe('field parsers', () => {
  it('parseNumber accepts decimal notation only', () => {
    expect(parseNumber('4', 'rating')).toBe(4);
    expect(parseNumber('-3.5e2', 'rating')).toBe(-350);
    expect(parseNumber('.5', 'rating')).toBe(0.5);
    for (const bad of ['', ' ', 'abc', '0x1f', 'Infinity', 'NaN', '1,5']) {
      expect(problemOf(() => parseNumber(bad, 'rating')).kind).toBe('number');
    }
    expect(problemOf(() => parseNumber('abc', 'rating')).problem).toBe('rating "abc" is not a number');
  });

  it('rejects numbers too large for their column instead of storing Infinity (found by the loader fuzz)', () => {
    // A byte flip in u.data turned timestamp 878961814 into 8789E1814.
    expect(problemOf(() => parseTimestamp('8789E1814')).problem).toBe('timestamp "8789E1814" is out of range');
    expect(parseTimestamp('1e300')).toBe(1e300);
    // Values are float32: 1e39 would be stored as Infinity.
    expect(problemOf(() => parseNumber('1e39', 'rating'))).toMatchObject({
      kind: 'number',
      problem: 'rating "1e39" is out of range for a float32 value',
    });
    expect(parseNumber('3e38', 'rating')).toBe(3e38);
  });

  it('parseTimestamp reports kind timestamp', () => {
    expect(parseTimestamp('881250949')).toBe(881250949);
    expect(problemOf(() => parseTimestamp('NaN')).kind).toBe('timestamp');
    expect(problemOf(() => parseTimestamp('')).kind).toBe('timestamp');
  });

  it('parseRawId refuses empty ids and ids with surrounding whitespace', () => {
    expect(parseRawId('u1', 'user')).toBe('u1');
    expect(parseRawId('Jane Doe', 'user')).toBe('Jane Doe');
    expect(problemOf(() => parseRawId('', 'user')).kind).toBe('id');
    // " 196" used to load as a user of its own beside "196".
    for (const id of [' 196', '196 ', '\u00a0196', '196\r']) {
      const problem = problemOf(() => parseRawId(id, 'user'));
      expect(problem.kind).toBe('id');
      expect(problem.problem).toMatch(/starts or ends with whitespace, so it would not match "196"/);
    }
  });

  it('parseDenseId checks integer form and range', () => {
    expect(parseDenseId('0', 'user')).toBe(0);
    expect(parseDenseId('17', 'item', 18)).toBe(17);
    for (const bad of ['-1', '1.5', '', 'x', '1e3']) expect(problemOf(() => parseDenseId(bad, 'item')).kind).toBe('id');
    const range = problemOf(() => parseDenseId('18', 'item', 18, 'numItems'));
    expect(range.kind).toBe('range');
    expect(range.problem).toContain('id out of range');
    expect(problemOf(() => parseDenseId('99999999999', 'item')).kind).toBe('range');
    // An id map holds every dense id below the largest: 2e9 in a 4-line file ran out of Map entries, unexplained.
    expect(parseDenseId('16777215', 'user')).toBe(16_777_215);
    const huge = problemOf(() => parseDenseId('2000000000', 'user'));
    expect(huge.kind).toBe('range');
    expect(huge.problem).toMatch(/user id 2000000000 is too large for a dense 0-based index .* --format csv/);
  });

  it('expectColumns names the layout', () => {
    expect(() => expectColumns(['1', '2'], 2, 2, 'user item')).not.toThrow();
    const problem = problemOf(() => expectColumns(['1'], 3, 4, 'user item rating [timestamp]'));
    expect(problem.kind).toBe('columns');
    expect(problem.problem).toBe('expected 3 to 4 columns (user item rating [timestamp]), found 1');
  });
});
