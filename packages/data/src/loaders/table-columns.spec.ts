import { describe, expect, it } from 'vitest';
import { DataFormatError } from './errors.js';
import { checkTableColumns, resolveTableColumns } from './table-columns.js';

const NAMES = ['user_id', 'item_id', 'rating', 'ts'];

describe('checkTableColumns', () => {
  it('accepts names and 0-based indices', () => {
    expect(() => checkTableColumns('load', { user: 'user_id', item: 1, value: 'rating' })).not.toThrow();
  });

  it('refuses a mapping without user and item, an unknown role, a bad reference, one column for two roles', () => {
    expect(() => checkTableColumns('load', undefined)).toThrow(/option "columns" must map roles to columns/);
    expect(() => checkTableColumns('load', { user: 'u' })).toThrow(/needs user and item/);
    expect(() => checkTableColumns('load', { user: 'u', item: 'i', rating: 'r' })).toThrow(
      /load \(columns\) has no option "rating"/,
    );
    expect(() => checkTableColumns('load', { user: -1, item: 'i' })).toThrow(
      'load: column user must be a column name or a 0-based index, got -1',
    );
    expect(() => checkTableColumns('load', { user: '', item: 'i' })).toThrow(/column user must be/);
    expect(() => checkTableColumns('load', { user: 'u', item: 'u' })).toThrow(
      'load: column "u" is given for both user and item',
    );
  });
});

describe('resolveTableColumns', () => {
  it('finds each role by name or index, -1 for roles not mapped', () => {
    expect(resolveTableColumns('f', { user: 'user_id', item: 1, timestamp: 'ts' }, NAMES, 'the file')).toEqual({
      user: 0,
      item: 1,
      value: -1,
      timestamp: 3,
      behaviour: -1,
    });
  });

  it('names the missing column and lists the columns there are', () => {
    const error = (() => {
      try {
        resolveTableColumns('/data/events.parquet', { user: 'uid', item: 'item_id' }, NAMES, 'the file');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error).toMatchObject({ kind: 'columns', line: 0, file: '/data/events.parquet' });
    expect((error as Error).message).toBe(
      'events.parquet: no column "uid" (for user); the file has columns "user_id", "item_id", "rating", "ts"',
    );
    expect(() => resolveTableColumns('f', { user: 0, item: 4 }, NAMES, 'the file')).toThrow(
      'no column 4 (0-based, for item)',
    );
  });

  it('refuses a name two columns share, and one column reached by name and by index', () => {
    expect(() => resolveTableColumns('f', { user: 'id', item: 'item' }, ['id', 'item', 'id'], 'the result')).toThrow(
      /column "id" \(for user\) is ambiguous: columns 0 and 2/,
    );
    expect(() => resolveTableColumns('f', { user: 0, item: 'user_id' }, NAMES, 'the file')).toThrow(
      'column 0 ("user_id") is given for both user and item',
    );
  });
});
