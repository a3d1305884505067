import { describe, expect, it } from 'vitest';
import { DataFormatError, LineProblem } from './errors.js';

describe('DataFormatError', () => {
  it('names the file (base name), the line and the problem', () => {
    const error = new DataFormatError('/data/ml-100k/u.data', 17, 'number', 'rating "abc" is not a number');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DataFormatError');
    expect(error.message).toBe('u.data:17: rating "abc" is not a number');
    expect(error).toMatchObject({ file: '/data/ml-100k/u.data', line: 17, kind: 'number' });
  });

  it('leaves out the line for whole-file problems', () => {
    expect(new DataFormatError('u.data', 0, 'empty', 'empty file').message).toBe('u.data: empty file');
  });
});

describe('LineProblem', () => {
  it('carries a kind and a problem', () => {
    expect(new LineProblem('id', 'empty user id')).toMatchObject({ kind: 'id', problem: 'empty user id' });
  });
});
