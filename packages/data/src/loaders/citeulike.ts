import { basename } from 'node:path';
import { describeValue } from '../check-options.js';
import type { SparseFeatures } from '../sparse-features.js';
import { LineProblem } from './errors.js';
import { parseDenseId, parseNumber, quote } from './fields.js';
import { GrowableColumn } from './growable-column.js';
import { identityMap, settleIdentity } from './id-space.js';
import { scanLines } from './line-scanner.js';
import { checkCountOption, checkLoadOptions, checkOneOfOption, type LoadOptions, type LoadResult } from './options.js';
import { makeReport, type LoadReport } from './report.js';
import { RowBuilder } from './row-builder.js';

/**
 * The layout of a CiteULike content file: `'lda-c'` for `mult.dat` (`n w1:c1 … wn:cn`, word counts) or `'multi-hot'`
 * for `item-tag.dat` (`n t1 … tn`, weight 1 each).
 */
export type CiteULikeContentFormat = 'lda-c' | 'multi-hot';

const CONTENT_FORMATS: readonly CiteULikeContentFormat[] = ['lda-c', 'multi-hot'];

/** Options of {@link loadCiteULikeContent}. */
export interface CiteULikeContentOptions extends Pick<LoadOptions, 'lenient' | 'onProgress'> {
  /** The layout; default `'lda-c'` for a file named `mult*`, else `'multi-hot'`. */
  format?: CiteULikeContentFormat;
  /** Width of the feature space (e.g. 20000 words); a feature id at or above it is a `'range'` error. */
  numFeatures?: number;
  /** Minimum number of rows; rows past the last line are empty. */
  numRows?: number;
}

/** What {@link loadCiteULikeContent} returns. */
export interface CiteULikeContentResult {
  /** Row j holds line j + 1's features. */
  content: SparseFeatures;
  /** What was read and skipped (`rows` counts entries). */
  report: LoadReport;
}

/** Options of {@link loadCiteULike}. */
export interface CiteULikeOptions extends LoadOptions {
  /** A content file for the items: `mult.dat` or `item-tag.dat`. */
  content?: string;
  /** Its layout; see {@link CiteULikeContentOptions.format}. */
  contentFormat?: CiteULikeContentFormat;
  /** Width of the content feature space; default max feature id + 1. */
  numFeatures?: number;
  /**
   * Size of the item index space; an item id at or above it is a `'range'` error. Default: the larger of max item id
   * + 1 and the content's line count.
   */
  numItems?: number;
}

/** What {@link loadCiteULike} returns. */
export interface CiteULikeResult extends LoadResult {
  /** Item content, one row per item index, when a content file was given. */
  content?: SparseFeatures;
  /** The content file's report, when one was given. */
  contentReport?: LoadReport;
}

/**
 * Loads a CiteULike dataset (citeulike-a, citeulike-t): `users.dat`, where line u is user u's library `n i1 … in`
 * (0-based item ids), and optionally item content (`mult.dat` bag of words, or `item-tag.dat` tags). There are no
 * values or timestamps. A count field `n` that disagrees with the number of entries is a `'count'` error.
 *
 * The user index space has one user per line (a skipped line leaves an empty user); the item space covers the ids in
 * `users.dat` and the content's lines, so content-only items (cold start) are kept.
 *
 * `content` is already the item features in the shape models read, one row per item index — `{ interactions, content }`
 * is what {@link matchItemFeatures} returns for the content keyed by raw id ({@link citeULikeItemFeatures}). To match
 * CiteULike content to a log loaded some other way, or with feature names, use {@link loadCiteULikeItemFeatures}.
 *
 * @param usersPath - the `users.dat` file.
 * @param options - content file and sizes, leniency, duplicate policy, identity id maps to extend, progress.
 * @throws TypeError or RangeError naming the option, before reading, on an unknown option key or a bad value (`numItems`/`numFeatures` not a
 * non-negative integer, `contentFormat` not `'lda-c'` or `'multi-hot'`).
 * @throws DataFormatError on a malformed line (kinds `'count'`, `'id'`, `'range'`, `'number'`, `'columns'`).
 * @example
 * ```ts
 * const { interactions, content } = await loadCiteULike('citeulike-t/users.dat', { content: 'citeulike-t/mult.dat' });
 * content?.numFeatures; // 20000
 * ```
 */
export async function loadCiteULike(usersPath: string, options: CiteULikeOptions = {}): Promise<CiteULikeResult> {
  checkLoadOptions('loadCiteULike', options, ['content', 'contentFormat', 'numFeatures', 'numItems']);
  checkOneOfOption('loadCiteULike', 'contentFormat', options.contentFormat, CONTENT_FORMATS);
  checkCountOption('loadCiteULike', 'numFeatures', options.numFeatures);
  checkCountOption('loadCiteULike', 'numItems', options.numItems);
  if (options.content !== undefined && typeof options.content !== 'string') {
    throw new TypeError(`loadCiteULike: option "content" must be a path, got ${describeValue(options.content)}`);
  }
  const userIds = identityMap(options.userIds, 'user');
  const itemIds = identityMap(options.itemIds, 'item');
  const rows = new RowBuilder({ values: false, timestamps: false, behaviours: false, policy: options.duplicates });
  let maxItem = -1;
  const scan = await scanLines(usersPath, options, (text, line) => {
    const library = parseCounted(text, (entry) => parseDenseId(entry, 'item', options.numItems, 'numItems'));
    for (const item of library) {
      if (item > maxItem) maxItem = item;
      rows.add(line - 1, item, line);
    }
  });
  let content: CiteULikeContentResult | undefined;
  if (options.content !== undefined) {
    content = await loadCiteULikeContent(options.content, {
      format: options.contentFormat,
      numFeatures: options.numFeatures,
      numRows: Math.max(maxItem + 1, options.numItems ?? 0),
      lenient: options.lenient,
      onProgress: options.onProgress,
    });
    if (options.numItems !== undefined && content.content.numRows > options.numItems) {
      throw new Error(`numItems ${options.numItems} is smaller than the content's ${content.content.numRows} rows`);
    }
  }
  const numUsers = settleIdentity(userIds, scan.lines, undefined, 'User');
  const numItems = settleIdentity(
    itemIds,
    Math.max(maxItem + 1, content?.content.numRows ?? 0),
    options.numItems,
    'Item',
  );
  const result = rows.build({ file: usersPath, format: 'citeulike', scan, userIds, itemIds, numUsers, numItems });
  if (!content) return result;
  return { ...result, content: padRows(content.content, numItems), contentReport: content.report };
}

/**
 * Loads CiteULike item content: `mult.dat` (LDA-C, `n w1:c1 … wn:cn`, weights are the counts) or `item-tag.dat`
 * (`n t1 … tn`, weight 1), row j from line j + 1. A skipped line (lenient mode) leaves its row empty.
 *
 * @param path - the content file.
 * @param options - layout, sizes, leniency, progress.
 * @throws TypeError or RangeError naming the option, before reading, on an unknown option key or a bad value (`numFeatures`/`numRows` not a
 * non-negative integer, `format` not `'lda-c'` or `'multi-hot'`).
 * @throws DataFormatError on a malformed line (kinds `'count'`, `'id'`, `'range'`, `'number'`, `'columns'`).
 * @example
 * ```ts
 * const { content } = await loadCiteULikeContent('citeulike-a/item-tag.dat', { numFeatures: 46391 });
 * ```
 */
export async function loadCiteULikeContent(
  path: string,
  options: CiteULikeContentOptions = {},
): Promise<CiteULikeContentResult> {
  checkLoadOptions('loadCiteULikeContent', options, ['format', 'numFeatures', 'numRows'], ['lenient', 'onProgress']);
  // An unknown format would have been read as multi-hot without a word.
  checkOneOfOption('loadCiteULikeContent', 'format', options.format, CONTENT_FORMATS);
  checkCountOption('loadCiteULikeContent', 'numFeatures', options.numFeatures);
  checkCountOption('loadCiteULikeContent', 'numRows', options.numRows);
  const format = options.format ?? (basename(path).startsWith('mult') ? 'lda-c' : 'multi-hot');
  const { numFeatures } = options;
  const ptr = new GrowableColumn(Int32Array);
  const indices = new GrowableColumn(Int32Array, 1 << 14);
  const values = new GrowableColumn(Float32Array, 1 << 14);
  let maxFeature = -1;
  const scan = await scanLines(path, options, (text, line) => {
    const entries = parseCounted(text, (entry) => entry);
    const ids = new Int32Array(entries.length);
    const weights = new Float32Array(entries.length).fill(1);
    for (let k = 0; k < entries.length; k++) {
      let idText = entries[k];
      if (format === 'lda-c') {
        const colon = idText.indexOf(':');
        if (colon < 0) throw new LineProblem('columns', `entry ${quote(idText)} is not word:count`);
        weights[k] = parseNumber(idText.slice(colon + 1), 'count');
        idText = idText.slice(0, colon);
      }
      ids[k] = parseDenseId(idText, format === 'lda-c' ? 'word' : 'tag', numFeatures, 'numFeatures');
    }
    while (ptr.length < line) ptr.push(indices.length);
    for (let k = 0; k < ids.length; k++) {
      if (ids[k] > maxFeature) maxFeature = ids[k];
      indices.push(ids[k]);
      values.push(weights[k]);
    }
  });
  const numRows = Math.max(scan.lines, options.numRows ?? 0);
  while (ptr.length <= numRows) ptr.push(indices.length);
  const content: SparseFeatures = {
    numRows,
    numFeatures: numFeatures ?? maxFeature + 1,
    ptr: ptr.toArray(),
    indices: indices.toArray(),
    values: values.toArray(),
  };
  const report = makeReport({
    file: path,
    format,
    lines: scan.lines,
    rows: content.indices.length,
    skips: scan.skips,
    duplicates: 0,
    duplicatePolicy: 'none',
  });
  return { content, report };
}

/** Splits `n e1 … en`, checks the count, and parses each entry. */
function parseCounted<T>(text: string, parse: (entry: string) => T): T[] {
  const tokens = text.trim().split(/\s+/);
  const countText = tokens[0];
  if (!/^\d+$/.test(countText))
    throw new LineProblem('count', `count ${quote(countText)} is not a non-negative integer`);
  const count = Number(countText);
  if (count !== tokens.length - 1) {
    throw new LineProblem('count', `count says ${count} entries, the line has ${tokens.length - 1}`);
  }
  const out: T[] = new Array<T>(count);
  for (let k = 0; k < count; k++) out[k] = parse(tokens[k + 1]);
  return out;
}

/** `features` with empty rows appended up to `numRows`. */
function padRows(features: SparseFeatures, numRows: number): SparseFeatures {
  if (features.numRows >= numRows) return features;
  const ptr = new Int32Array(numRows + 1);
  ptr.set(features.ptr);
  ptr.fill(features.indices.length, features.ptr.length);
  return { ...features, numRows, ptr };
}
