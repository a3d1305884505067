import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { denseFeatures } from '../dense-features.js';
import { IdMap } from '../id-map.js';
import { itemFeatures } from '../item-features.js';
import type { SparseFeatures } from '../sparse-features.js';
import { loadItemFeatures, writeItemFeatures } from './item-features-text.js';
import { testFiles } from './test-files.js';

const write = testFiles('item-features');

function row(features: SparseFeatures, r: number): [number[], number[]] {
  const { ptr, indices, values } = features;
  return [Array.from(indices.subarray(ptr[r], ptr[r + 1])), Array.from(values.subarray(ptr[r], ptr[r + 1]))];
}

describe('loadItemFeatures', () => {
  it('reads item<TAB>feature[:weight]… with a first-seen vocabulary and weight 1 by default', async () => {
    const file = write('items.tsv', 'book-1\tsci-fi\tpages:0.35\n7\n007\tpages:-2\tdrama:1e-3\thttp://x:1\n');
    const { features, report } = await loadItemFeatures(file);
    expect(features.itemIds.ids()).toEqual(['book-1', '7', '007']);
    expect(features.featureNames).toEqual(['sci-fi', 'pages', 'drama', 'http://x']);
    expect(features.rows.numFeatures).toBe(4);
    expect(row(features.rows, 0)).toEqual([
      [0, 1],
      [1, Math.fround(0.35)],
    ]);
    expect(row(features.rows, 1)).toEqual([[], []]); // the item alone: an empty row
    expect(row(features.rows, 2)).toEqual([
      [1, 2, 3],
      [-2, Math.fround(1e-3), 1],
    ]);
    expect(report).toMatchObject({ format: 'item-features', lines: 3, rows: 3, skipped: 0 });
  });

  it('names file and line of each malformed line', async () => {
    const cases: [string, string, string][] = [
      ['a\tx:abc\n', 'number', 'items.tsv:1: weight of feature "x" "abc" is not a number'],
      ['a\tx:1\nb\tx:Infinity\n', 'number', 'items.tsv:2: weight of feature "x" "Infinity" is not a number'],
      ['a\thttp://x\n', 'number', 'a name holding ":" needs one, e.g. "http://x:1"'],
      ['a\t:2\n', 'id', 'items.tsv:1: empty feature name in column 2 (":2")'],
      ['a\tx\t\n', 'id', 'items.tsv:1: empty feature in column 3'],
      ['\tx\n', 'id', 'items.tsv:1: empty item id'],
      ['a\t x\n', 'id', 'feature id " x" starts or ends with whitespace'],
      ['a\tx\nb\ty\na\tz\n', 'duplicate', 'items.tsv:3: item "a" already has its features on line 1'],
      ['a\tx\tx:2\n', 'duplicate', 'items.tsv:1: feature "x" appears twice on the line'],
    ];
    for (const [text, kind, message] of cases) {
      await expect(loadItemFeatures(write('items.tsv', text))).rejects.toMatchObject({
        kind,
        message: expect.stringContaining(message),
      });
    }
  });

  it('skips and counts malformed lines when lenient, adding nothing of them', async () => {
    const file = write('items.tsv', 'a\tx\nb\tnew:zz\na\ty\nc\tz:2\n');
    const { features, report } = await loadItemFeatures(file, { lenient: true });
    expect(features.itemIds.ids()).toEqual(['a', 'c']);
    expect(features.featureNames).toEqual(['x', 'z']); // "new" and "y" came from skipped lines
    expect(report).toMatchObject({ lines: 4, rows: 2, skipped: 2, skippedByKind: { number: 1, duplicate: 1 } });
  });

  it('extends a given vocabulary', async () => {
    const vocabulary = IdMap.from(['z', 'y']);
    const { features } = await loadItemFeatures(write('items.tsv', 'a\ty\tw\n'), { vocabulary });
    expect(features.featureNames).toEqual(['z', 'y', 'w']);
    expect(row(features.rows, 0)[0]).toEqual([1, 2]);
    expect(vocabulary.size).toBe(3);
  });

  it('refuses bad options before reading', async () => {
    await expect(loadItemFeatures('missing.tsv', { vocabulary: ['x'] as never })).rejects.toThrow(
      'loadItemFeatures: option "vocabulary" must be an IdMap',
    );
    await expect(loadItemFeatures('missing.tsv', { duplicates: 'sum' } as never)).rejects.toThrow(
      /loadItemFeatures has no option "duplicates"/,
    );
  });
});

describe('writeItemFeatures', () => {
  it('writes what loadItemFeatures reads back: ids, names and float32 weights', async () => {
    const features = itemFeatures(
      ['a', 'b', 'c'],
      {
        numRows: 3,
        numFeatures: 3,
        ptr: Int32Array.of(0, 2, 2, 4),
        indices: Int32Array.of(0, 2, 1, 0),
        values: Float32Array.of(1, 0.1, 1, -3),
      },
      ['x', 'y:z', 'w'],
    );
    const file = write('out.tsv', '');
    await writeItemFeatures(file, features);
    expect(fs.readFileSync(file, 'utf8')).toBe('a\tx\tw:0.1\nb\nc\ty:z:1\tx:-3\n');
    const back = (await loadItemFeatures(file)).features;
    expect(back.itemIds.ids()).toEqual(['a', 'b', 'c']);
    expect(back.featureNames).toEqual(['x', 'w', 'y:z']);
    expect(row(back.rows, 0)).toEqual([
      [0, 1],
      [1, Math.fround(0.1)],
    ]);
    expect(row(back.rows, 2)).toEqual([
      [2, 0],
      [1, -3],
    ]);
  });

  it('names features by index without names, and refuses what would not read back', async () => {
    const file = write('out.tsv', '');
    await writeItemFeatures(file, itemFeatures(['7'], denseFeatures([0.5, 2], 1, 2)));
    expect(fs.readFileSync(file, 'utf8')).toBe('7\t0:0.5\t1:2\n');
    await expect(writeItemFeatures(file, itemFeatures(['a\tb'], denseFeatures([], 1, 0)))).rejects.toThrow(
      'writeItemFeatures: item id "a\\tb" cannot be written',
    );
    await expect(writeItemFeatures(file, itemFeatures(['a'], denseFeatures([1], 1, 1), [' x']))).rejects.toThrow(
      /feature name " x" cannot be written/,
    );
  });
});
