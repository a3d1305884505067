import { describeValue } from '../check-options.js';
import { IdMap } from '../id-map.js';
import { checkItemFeatures, type ItemFeatures } from '../item-features.js';
import type { SparseFeatures } from '../sparse-features.js';
import { loadCiteULikeContent, type CiteULikeContentOptions } from './citeulike.js';
import { DataFormatError } from './errors.js';
import { quote } from './fields.js';
import type { ItemFeaturesResult } from './item-features-text.js';
import { readLines } from './line-reader.js';
import { checkLoadOptions } from './options.js';

/** Options of {@link loadCiteULikeItemFeatures}. */
export interface CiteULikeItemFeaturesOptions extends CiteULikeContentOptions {
  /**
   * The feature names, one per line, line w naming feature w (`vocabulary.dat` for `mult.dat`, `tags.dat` for
   * `item-tag.dat`); any non-empty line is a name, whitespace included. Their number is then the width of the
   * feature space (unless `numFeatures` says otherwise), and a feature id past it is a `'range'` error.
   */
  names?: string;
}

/**
 * CiteULike content rows (row j = item j, as {@link loadCiteULike} and {@link loadCiteULikeContent} return them) as
 * {@link ItemFeatures} keyed by raw item id — the ids `"0"`, `"1"`, … that CiteULike's dense item ids are — so they
 * match a log loaded from `users.dat` (or from any file naming the items by those numbers) with
 * {@link matchItemFeatures}, like any other features. The rows are shared, not copied.
 *
 * @param content - the content rows.
 * @param featureNames - the name of each feature (e.g. the lines of `vocabulary.dat`).
 * @throws TypeError or RangeError naming `citeULikeItemFeatures` when `content` is not well-formed or the names do
 * not fit it.
 * @example
 * ```ts
 * const { interactions, content } = await loadCiteULike('citeulike-t/users.dat', { content: 'citeulike-t/mult.dat' });
 * const keyed = citeULikeItemFeatures(content!);
 * matchItemFeatures(interactions, keyed).features; // the same rows as content
 * ```
 */
export function citeULikeItemFeatures(content: SparseFeatures, featureNames?: readonly string[]): ItemFeatures {
  const features: ItemFeatures = { itemIds: IdMap.identity(content?.numRows ?? 0), rows: content };
  if (featureNames !== undefined) features.featureNames = featureNames;
  checkItemFeatures('citeULikeItemFeatures', 'content', features);
  return features;
}

/**
 * Loads a CiteULike content file (`mult.dat` bag of words, or `item-tag.dat` tags) as {@link ItemFeatures} keyed by
 * raw item id (line j + 1 is item `"j"`), with the feature names when a names file is given: the same parser as
 * {@link loadCiteULikeContent}, in the shape of the other feature loaders, to match against a log with
 * {@link matchItemFeatures}.
 *
 * @param path - the content file.
 * @param options - the layout and sizes of {@link loadCiteULikeContent}, and a names file.
 * @throws TypeError or RangeError naming the option, before reading, on an unknown option key or a bad value, and a
 * RangeError when `numFeatures` and the names file disagree in number.
 * @throws DataFormatError on a malformed line of either file (in the names file, read strictly even with `lenient`:
 * a line that is not UTF-8, an empty line before the last name, or a name repeating an earlier line).
 * @example
 * ```ts
 * const { features } = await loadCiteULikeItemFeatures('citeulike-t/mult.dat', { names: 'citeulike-t/vocabulary.dat' });
 * features.featureNames?.length; // 20000
 * ```
 */
export async function loadCiteULikeItemFeatures(
  path: string,
  options: CiteULikeItemFeaturesOptions = {},
): Promise<ItemFeaturesResult> {
  const where = 'loadCiteULikeItemFeatures';
  checkLoadOptions(where, options, ['format', 'numFeatures', 'numRows', 'names'], ['lenient', 'onProgress']);
  const { names: namesPath, ...contentOptions } = options;
  if (namesPath !== undefined && typeof namesPath !== 'string') {
    throw new TypeError(`${where}: option "names" must be a path, got ${describeValue(namesPath)}`);
  }
  const names = namesPath === undefined ? undefined : await loadNames(namesPath);
  if (names && options.numFeatures !== undefined && options.numFeatures !== names.length) {
    throw new RangeError(
      `${where}: option "numFeatures" is ${options.numFeatures}, but ${namesPath} names ${names.length} features`,
    );
  }
  const { content, report } = await loadCiteULikeContent(path, {
    ...contentOptions,
    numFeatures: options.numFeatures ?? names?.length,
  });
  return { features: citeULikeItemFeatures(content, names), report };
}

/**
 * One name per line, line w naming feature w, read strictly (UTF-8) but as labels, not ids: any non-empty line is a
 * name, whitespace included (citeulike-t's `vocabulary.dat` has a word that is a lone no-break space, line 4919).
 * Empty lines at the end are ignored; an empty line before a name, or a name repeating an earlier line, is an error.
 */
async function loadNames(path: string): Promise<string[]> {
  const names: string[] = [];
  const lineOf = new Map<string, number>();
  let emptyAt = 0;
  await readLines(path, {
    text(text, line) {
      if (text === '') {
        emptyAt ||= line;
        return;
      }
      if (emptyAt > 0) throw new DataFormatError(path, emptyAt, 'columns', 'empty line before the last name');
      const earlier = lineOf.get(text);
      if (earlier !== undefined) {
        throw new DataFormatError(path, line, 'duplicate', `name ${quote(text)} repeats line ${earlier}`);
      }
      lineOf.set(text, line);
      names.push(text);
    },
    problem(line, problem) {
      throw new DataFormatError(path, line, problem.kind, problem.problem);
    },
  });
  return names;
}
