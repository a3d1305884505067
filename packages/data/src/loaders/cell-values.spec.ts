import { describe, expect, it } from 'vitest';
import { problemOf } from '../test-support.js';
import { cellBehaviourName, cellNumber, cellRawId, cellTimestamp } from './cell-values.js';

describe('cellRawId', () => {
  it('reads strings as the text formats do, and integers as their decimal string', () => {
    expect(cellRawId('u7', 'user')).toBe('u7');
    expect(cellRawId(196, 'user')).toBe('196');
    expect(cellRawId(-3, 'user')).toBe('-3');
    // A whole float (an int column with nulls, as pandas writes it) is the integer.
    expect(cellRawId(196.0, 'item')).toBe('196');
    expect(cellRawId(12345678901234567890n, 'item')).toBe('12345678901234567890');
  });

  it('refuses what is not an id, and says why', () => {
    expect(problemOf(() => cellRawId(1.5, 'user'))).toMatchObject({
      kind: 'id',
      problem: 'user id 1.5 is not an integer',
    });
    expect(problemOf(() => cellRawId(NaN, 'user')).problem).toBe('user id NaN is not an integer');
    expect(problemOf(() => cellRawId(Infinity, 'item')).kind).toBe('id');
    // Past 2^53 two ids can be one double: 2^53 and 2^53 + 1 are.
    expect(problemOf(() => cellRawId(2 ** 53 + 2, 'user')).problem).toMatch(/beyond 2\^53/);
    expect(problemOf(() => cellRawId(true, 'user')).problem).toBe('user id is true, not a string or an integer');
    expect(problemOf(() => cellRawId(new Date(0), 'user')).problem).toMatch(/is a date \(1970-01-01T00:00:00.000Z\)/);
    expect(problemOf(() => cellRawId([1], 'user')).problem).toMatch(/is a list/);
    expect(problemOf(() => cellRawId(Uint8Array.of(1), 'user')).problem).toMatch(/is binary bytes/);
    expect(problemOf(() => cellRawId('', 'item'))).toMatchObject({ kind: 'id', problem: 'empty item id' });
    expect(problemOf(() => cellRawId(' 7', 'item')).problem).toMatch(/starts or ends with whitespace/);
  });

  it('calls null (and undefined) a null, to be skipped', () => {
    expect(problemOf(() => cellRawId(null, 'user'))).toMatchObject({ kind: 'null', problem: 'user id is null' });
    expect(problemOf(() => cellRawId(undefined, 'item')).kind).toBe('null');
  });
});

describe('cellNumber', () => {
  it('reads numbers, bigints and decimal strings', () => {
    expect(cellNumber(4.5)).toBe(4.5);
    expect(cellNumber(3n)).toBe(3);
    expect(cellNumber('2.5')).toBe(2.5);
  });

  it('refuses NaN, infinities, float32 overflow and non-numbers', () => {
    expect(problemOf(() => cellNumber(NaN))).toMatchObject({
      kind: 'number',
      problem: 'value NaN is not a finite number',
    });
    expect(problemOf(() => cellNumber(-Infinity)).kind).toBe('number');
    expect(problemOf(() => cellNumber(1e39)).problem).toBe('value 1e+39 is out of range for a float32 value');
    expect(problemOf(() => cellNumber('abc')).problem).toBe('value "abc" is not a number');
    expect(problemOf(() => cellNumber(true)).problem).toBe('value is true, not a number');
    expect(problemOf(() => cellNumber(null))).toMatchObject({ kind: 'null', problem: 'value is null' });
  });
});

describe('cellTimestamp', () => {
  it('reads numbers as they are and dates as unix seconds', () => {
    expect(cellTimestamp(881250949)).toBe(881250949);
    expect(cellTimestamp(881250949n)).toBe(881250949);
    expect(cellTimestamp(new Date(881250949500))).toBe(881250949.5);
    expect(cellTimestamp('881250949')).toBe(881250949);
  });

  it('refuses what is not a time', () => {
    expect(problemOf(() => cellTimestamp(NaN)).kind).toBe('timestamp');
    expect(problemOf(() => cellTimestamp(new Date(NaN))).problem).toBe('timestamp is an invalid date');
    expect(problemOf(() => cellTimestamp({})).problem).toBe('timestamp is an object, not a number or a date');
    expect(problemOf(() => cellTimestamp(null)).kind).toBe('null');
  });
});

describe('cellBehaviourName', () => {
  it('takes names and integer codes', () => {
    expect(cellBehaviourName('buy')).toBe('buy');
    expect(cellBehaviourName(2)).toBe('2');
    expect(cellBehaviourName(2n)).toBe('2');
    expect(problemOf(() => cellBehaviourName(2.5)).kind).toBe('behaviour');
    expect(problemOf(() => cellBehaviourName(null)).kind).toBe('null');
  });
});
