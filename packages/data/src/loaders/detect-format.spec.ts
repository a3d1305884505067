import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.js';

describe('detectFormat', () => {
  it('recognises the known file names', () => {
    expect(detectFormat('/data/ml-100k/u.data')).toBe('movielens');
    expect(detectFormat('ml-1m/ratings.dat')).toBe('movielens');
    expect(detectFormat('u1.base')).toBe('movielens');
    expect(detectFormat('ua.test')).toBe('movielens');
    expect(detectFormat('AMusic.train.rating')).toBe('ncf');
    expect(detectFormat('ml-1m.test.rating')).toBe('ncf');
    expect(detectFormat('UserBehavior.csv')).toBe('taobao');
    expect(detectFormat('taobao/UserBehavior_head814users.csv')).toBe('taobao');
    expect(detectFormat('citeulike-a/users.dat')).toBe('citeulike');
    expect(detectFormat('out/events.parquet')).toBe('parquet');
    expect(detectFormat('EVENTS.PARQUET')).toBe('parquet');
    expect(detectFormat('warehouse.duckdb')).toBe('duckdb');
    expect(detectFormat(':memory:')).toBe('duckdb');
  });

  it('leaves other names to the caller', () => {
    expect(detectFormat('ratings.csv')).toBeUndefined();
    expect(detectFormat('AMusic.test.negative')).toBeUndefined();
    expect(detectFormat('mult.dat')).toBeUndefined();
    expect(detectFormat('u.item')).toBeUndefined();
    // Only the whole argument ":memory:" is DuckDB's in-memory database, not a file of that name in a folder.
    expect(detectFormat('data/:memory:')).toBeUndefined();
  });
});
