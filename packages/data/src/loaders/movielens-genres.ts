import { describeValue } from '../check-options.js';
import { IdMap } from '../id-map.js';
import type { ItemFeatures } from '../item-features.js';
import { DataFormatError, LineProblem } from './errors.js';
import { expectColumns, parseDenseId, parseRawId, quote } from './fields.js';
import { GrowableColumn } from './growable-column.js';
import type { ItemFeaturesResult } from './item-features-text.js';
import type { TextEncoding } from './line-reader.js';
import { scanLines } from './line-scanner.js';
import { checkLoadOptions, checkOneOfOption, type LoadOptions } from './options.js';
import { makeReport } from './report.js';

/** The 19 genres of MovieLens 100K, in `u.genre` order (the order of `u.item`'s flags). */
export const MOVIELENS_GENRES: readonly string[] = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

/** Options of {@link loadMovieLensGenres}. */
export interface MovieLensGenresOptions extends Pick<LoadOptions, 'lenient' | 'onProgress'> {
  /**
   * The `u.genre` file (`name|index` per line), naming the genres and giving their number; default the 19 standard
   * names ({@link MOVIELENS_GENRES}).
   */
  genres?: string;
  /**
   * How `u.item` is decoded: `'latin1'` (default: GroupLens ships it in ISO 8859-1, and titles such as "Misérables"
   * are not UTF-8) or `'utf8'` for a converted copy. Only the id and the flags are read, which are ASCII either way.
   */
  encoding?: TextEncoding;
}

const ENCODINGS: readonly TextEncoding[] = ['latin1', 'utf8'];
/** More genres than this in `u.genre` is a mistake (a stray index), refused before allocating. */
const MAX_GENRES = 1024;
const LEADING = 5; // id, title, release date, video release date, IMDb URL

/**
 * Loads MovieLens 100K movie genres from `u.item` (`id|title|release date|video release date|IMDb URL|` and one 0/1
 * flag per genre, `|`-separated, Latin-1) as multi-hot item features: one feature per genre, weight 1 where the flag
 * is 1, keyed by the raw movie id (as `u.data` spells it; match them to a log with {@link matchItemFeatures}).
 * Feature names come from `u.genre` when given, else the 19 standard ones; either way each line must have exactly
 * one flag per genre.
 *
 * A line is malformed (a {@link DataFormatError} naming file and line, or skipped and counted with `lenient`) when it
 * has another number of fields (`'columns'`), an empty id (`'id'`), a flag other than `0` or `1` (`'number'`), or a
 * movie id that already had a line (`'duplicate'`). `u.genre` is read strictly (it defines the columns): each line
 * `name|index`, the indices exactly 0, 1, 2, … in some order, the names distinct.
 *
 * @param path - the `u.item` file.
 * @param options - the `u.genre` file, the encoding, leniency, progress.
 * @throws TypeError or RangeError naming the option, before reading, on an unknown option key or a bad value.
 * @throws DataFormatError on a malformed line (unless lenient), an empty file, or any problem in `u.genre`.
 * @example
 * ```ts
 * const { features, report } = await loadMovieLensGenres('ml-100k/u.item', { genres: 'ml-100k/u.genre' });
 * features.rows.numFeatures; // 19
 * report.rows; // 1682
 * ```
 */
export async function loadMovieLensGenres(
  path: string,
  options: MovieLensGenresOptions = {},
): Promise<ItemFeaturesResult> {
  checkLoadOptions('loadMovieLensGenres', options, ['genres', 'encoding'], ['lenient', 'onProgress']);
  checkOneOfOption('loadMovieLensGenres', 'encoding', options.encoding, ENCODINGS);
  if (options.genres !== undefined && typeof options.genres !== 'string') {
    throw new TypeError(`loadMovieLensGenres: option "genres" must be a path, got ${describeValue(options.genres)}`);
  }
  const featureNames = options.genres === undefined ? MOVIELENS_GENRES.slice() : await loadGenreNames(options.genres);
  const count = featureNames.length;
  const layout = `id|title|release date|video release date|IMDb URL|${count} genre flags`;
  const itemIds = new IdMap();
  const lineOf: number[] = [];
  const ptr = new GrowableColumn(Int32Array);
  ptr.push(0);
  const indices = new GrowableColumn(Int32Array, 1 << 12);
  const flags = new Uint8Array(count);
  const scan = await scanLines(path, { ...options, encoding: options.encoding ?? 'latin1' }, (text, line) => {
    const fields = text.split('|');
    expectColumns(fields, LEADING + count, LEADING + count, layout);
    const item = parseRawId(fields[0], 'movie');
    const earlier = itemIds.index(item);
    if (earlier !== undefined) {
      throw new LineProblem('duplicate', `movie ${quote(item)} already has its line (line ${lineOf[earlier]})`);
    }
    for (let g = 0; g < count; g++) {
      const flag = fields[LEADING + g];
      if (flag !== '0' && flag !== '1') {
        throw new LineProblem('number', `genre flag ${quote(flag)} for ${featureNames[g]} is not 0 or 1`);
      }
      flags[g] = flag === '1' ? 1 : 0;
    }
    lineOf[itemIds.add(item)] = line;
    for (let g = 0; g < count; g++) if (flags[g]) indices.push(g);
    ptr.push(indices.length);
  });
  const entries = indices.toArray();
  const features: ItemFeatures = {
    itemIds,
    rows: {
      numRows: itemIds.size,
      numFeatures: count,
      ptr: ptr.toArray(),
      indices: entries,
      values: new Float32Array(entries.length).fill(1),
    },
    featureNames,
  };
  const report = makeReport({
    file: path,
    format: 'movielens-genres',
    lines: scan.lines,
    rows: itemIds.size,
    skips: scan.skips,
    duplicates: 0,
    duplicatePolicy: 'none',
  });
  return { features, report };
}

/** Reads `u.genre` (`name|index` per line) into the names in index order; strict. */
async function loadGenreNames(path: string): Promise<string[]> {
  const names: string[] = [];
  const lineOfIndex: number[] = [];
  const seen = new Map<string, number>();
  await scanLines(path, {}, (text, line) => {
    const fields = text.split('|');
    expectColumns(fields, 2, 2, 'name|index');
    const name = parseRawId(fields[0], 'genre');
    const index = parseDenseId(fields[1], 'genre', MAX_GENRES, 'the most genres read,');
    if (lineOfIndex[index] !== undefined) {
      throw new LineProblem('duplicate', `genre index ${index} already named on line ${lineOfIndex[index]}`);
    }
    const other = seen.get(name);
    if (other !== undefined) throw new LineProblem('duplicate', `genre ${quote(name)} already on line ${other}`);
    seen.set(name, line);
    lineOfIndex[index] = line;
    names[index] = name;
  });
  for (let g = 0; g < names.length; g++) {
    if (names[g] === undefined) {
      throw new DataFormatError(
        path,
        0,
        'range',
        `genre index ${g} is missing (indices must run 0..${names.length - 1})`,
      );
    }
  }
  return names;
}
