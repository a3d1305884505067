import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SparseFeatures } from '../sparse-features.js';
import { loadMovieLensGenres, MOVIELENS_GENRES } from './movielens-genres.js';
import { testFiles } from './test-files.js';

const write = testFiles('genres');
const flags = (...on: number[]) => Array.from({ length: 19 }, (_, g) => (on.includes(g) ? 1 : 0)).join('|');

function indicesOf(features: SparseFeatures, r: number): number[] {
  return Array.from(features.indices.subarray(features.ptr[r], features.ptr[r + 1]));
}

describe('loadMovieLensGenres', () => {
  it('reads u.item (Latin-1 titles) into one multi-hot feature per genre, keyed by raw movie id', async () => {
    const text =
      `1|Toy Story (1995)|01-Jan-1995||http://x|${flags(3, 4, 5)}\n` +
      `543|Mis\xe9rables, Les (1995)|01-Jan-1995||http://y|${flags(8)}\n` +
      `267|unknown||||${flags(0)}\n` +
      `9|Nothing|||u|${flags()}\n`;
    const file = write('u.item', '');
    fs.writeFileSync(file, Buffer.from(text, 'latin1'));
    const { features, report } = await loadMovieLensGenres(file);
    expect(features.itemIds.ids()).toEqual(['1', '543', '267', '9']);
    expect(features.featureNames).toEqual(MOVIELENS_GENRES);
    expect(features.rows.numFeatures).toBe(19);
    expect(indicesOf(features.rows, 0)).toEqual([3, 4, 5]);
    expect(indicesOf(features.rows, 1)).toEqual([8]);
    expect(indicesOf(features.rows, 3)).toEqual([]);
    expect(Array.from(new Set(features.rows.values))).toEqual([1]);
    expect(report).toMatchObject({ format: 'movielens-genres', lines: 4, rows: 4, skipped: 0 });
    // Read as UTF-8, the Latin-1 title is an encoding error naming the line.
    await expect(loadMovieLensGenres(file, { encoding: 'utf8' })).rejects.toMatchObject({ kind: 'encoding', line: 2 });
  });

  it('names the genres from u.genre, whose count sets the number of flags', async () => {
    const genres = write('u.genre', 'b|1\na|0\nc|2\n\n');
    const item = write('u.item', '5|T|||u|0|1|1\n6|T|||u|1|0|0\n');
    const { features } = await loadMovieLensGenres(item, { genres });
    expect(features.featureNames).toEqual(['a', 'b', 'c']);
    expect(indicesOf(features.rows, 0)).toEqual([1, 2]);
    await expect(loadMovieLensGenres(item)).rejects.toThrow(
      'u.item:1: expected 24 columns (id|title|release date|video release date|IMDb URL|19 genre flags), found 8',
    );
  });

  it('refuses malformed lines naming file and line, and skips them when lenient', async () => {
    const item = write('u.item', `1|A|||u|${flags(1)}\n2|B|||u|${flags(2).replace(/^0/, '2')}\n1|C|||u|${flags()}\n`);
    await expect(loadMovieLensGenres(item)).rejects.toThrow('u.item:2: genre flag "2" for unknown is not 0 or 1');
    const { features, report } = await loadMovieLensGenres(item, { lenient: true });
    expect(features.itemIds.ids()).toEqual(['1']);
    expect(report).toMatchObject({ lines: 3, rows: 1, skipped: 2, skippedByKind: { number: 1, duplicate: 1 } });
    expect(report.skippedExamples[1].message).toBe('u.item:3: movie "1" already has its line (line 1)');
  });

  it('reads u.genre strictly', async () => {
    const item = write('u.item', '5|T|||u|0|1\n');
    for (const [text, message] of [
      ['a|0\nb|0\n', 'u.genre:2: genre index 0 already named on line 1'],
      ['a|0\na|1\n', 'u.genre:2: genre "a" already on line 1'],
      ['a|0\nb|2\n', 'u.genre: genre index 1 is missing (indices must run 0..2)'],
      ['a|x\n', 'u.genre:1: genre id "x" is not a non-negative integer'],
    ]) {
      await expect(loadMovieLensGenres(item, { genres: write('u.genre', text), lenient: true })).rejects.toThrow(
        message,
      );
    }
  });

  it('refuses bad options before reading', async () => {
    await expect(loadMovieLensGenres('u.item', { encoding: 'cp1252' as never })).rejects.toThrow(
      'loadMovieLensGenres: option "encoding" must be one of latin1, utf8, got "cp1252"',
    );
    await expect(loadMovieLensGenres('u.item', { genres: 3 as never })).rejects.toThrow(
      /option "genres" must be a path/,
    );
  });
});
