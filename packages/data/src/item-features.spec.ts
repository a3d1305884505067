import { describe, expect, it } from 'vitest';
import { denseFeatures } from './dense-features.js';
import { IdMap } from './id-map.js';
import { checkItemFeatures, itemFeatures } from './item-features.js';

describe('itemFeatures', () => {
  it('keys rows by raw id, from a list or an IdMap', () => {
    const rows = denseFeatures([1, 0, 0, 1], 2, 2);
    const a = itemFeatures(['toy-story', 7], rows, ['Animation', 'Crime']);
    expect(a.itemIds.index('7')).toBe(1);
    expect(a.featureNames).toEqual(['Animation', 'Crime']);
    const b = itemFeatures(IdMap.from(['x', 'y']), rows);
    expect(b.featureNames).toBeUndefined();
    expect(b.rows).toBe(rows);
  });

  it('refuses ids and rows that do not fit, naming itemFeatures', () => {
    const rows = denseFeatures([1, 0, 0, 1], 2, 2);
    expect(() => itemFeatures(['a'], rows)).toThrow('itemFeatures: the item features has 2 rows for 1 item ids');
    expect(() => itemFeatures(['a', 'a'], rows)).toThrow('itemFeatures: itemIds: ids[1] "a" repeats ids[0]');
    expect(() => itemFeatures(['a', NaN], rows)).toThrow(TypeError);
    expect(() => itemFeatures(['a', 'b'], rows, ['x'])).toThrow(/featureNames has 1 names for 2 features/);
    expect(() => itemFeatures(['a', 'b'], rows, ['x', 'x'])).toThrow(/featureNames\[1\] "x" repeats featureNames\[0\]/);
    expect(() => itemFeatures('ab' as never, rows)).toThrow(/itemIds must be an IdMap or an array/);
  });

  it('checkItemFeatures names the caller and argument', () => {
    expect(() => checkItemFeatures('fit', 'itemFeatures', { rows: denseFeatures([], 0, 0) })).toThrow(
      'fit: itemFeatures.itemIds must be an IdMap, got undefined',
    );
  });
});
