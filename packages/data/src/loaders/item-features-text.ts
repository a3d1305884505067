import { describeValue } from '../check-options.js';
import { IdMap } from '../id-map.js';
import { checkItemFeatures, type ItemFeatures } from '../item-features.js';
import { LineProblem } from './errors.js';
import { parseNumber, parseRawId, quote } from './fields.js';
import { GrowableColumn } from './growable-column.js';
import { scanLines } from './line-scanner.js';
import { checkLoadOptions, type LoadOptions } from './options.js';
import { makeReport, type LoadReport } from './report.js';
import { formatFloat32, writeLines } from './text-writer.js';

/** Options of {@link loadItemFeatures}. */
export interface ItemFeaturesOptions extends Pick<LoadOptions, 'lenient' | 'onProgress'> {
  /**
   * A vocabulary to extend, e.g. another file's `featureNames` as an {@link IdMap}, so that both files number their
   * features alike. Extended in place; new names are appended in first-seen order.
   */
  vocabulary?: IdMap;
}

/** What the feature-file loaders return. */
export interface ItemFeaturesResult {
  /** The features, keyed by raw item id, in file order. */
  features: ItemFeatures;
  /** What was read and skipped (`rows` counts the items read). */
  report: LoadReport;
}

/**
 * Loads item features from a text file, one item per line: `item<TAB>feature[:weight]<TAB>feature[:weight]…`. Item
 * ids are raw ids, as in the interaction files (match them to a log with {@link matchItemFeatures}); features are
 * names, numbered in first-seen order (the vocabulary, returned as `featureNames`); a feature without `:weight` weighs
 * 1. The weight is what follows the last `:`, so a name holding `:` needs an explicit weight (`http://x:1`). A line
 * with the item alone gives it an empty row.
 *
 * A line is malformed (a {@link DataFormatError} naming file and line, or skipped and counted with `lenient`) when the
 * item or a feature name is empty or has surrounding whitespace (`'id'`), a weight is not a finite decimal number
 * (`'number'`), a feature repeats on its line, or the item already had a line (`'duplicate'`, naming that line). A
 * skipped line adds nothing, not even its feature names.
 *
 * @param path - the features file (UTF-8).
 * @param options - a vocabulary to extend, leniency, progress.
 * @throws TypeError or RangeError naming the option, before reading, on an unknown option key or a bad value.
 * @throws DataFormatError on a malformed line (unless lenient) or an empty file.
 * @example
 * ```ts
 * // items.tsv:  book-1<TAB>sci-fi<TAB>pages:0.35
 * const { features, report } = await loadItemFeatures('items.tsv');
 * features.featureNames; // ['sci-fi', 'pages']
 * const { interactions, features: rows } = matchItemFeatures(log, features);
 * ```
 */
export async function loadItemFeatures(path: string, options: ItemFeaturesOptions = {}): Promise<ItemFeaturesResult> {
  checkLoadOptions('loadItemFeatures', options, ['vocabulary'], ['lenient', 'onProgress']);
  if (options.vocabulary !== undefined && !(options.vocabulary instanceof IdMap)) {
    throw new TypeError(
      `loadItemFeatures: option "vocabulary" must be an IdMap, got ${describeValue(options.vocabulary)}`,
    );
  }
  const vocabulary = options.vocabulary ?? new IdMap();
  const itemIds = new IdMap();
  const lineOf: number[] = [];
  const ptr = new GrowableColumn(Int32Array);
  ptr.push(0);
  const indices = new GrowableColumn(Int32Array, 1 << 12);
  const values = new GrowableColumn(Float32Array, 1 << 12);
  const scan = await scanLines(path, options, (text, line) => {
    const fields = text.split('\t');
    const item = parseRawId(fields[0], 'item');
    const earlier = itemIds.index(item);
    if (earlier !== undefined) {
      throw new LineProblem('duplicate', `item ${quote(item)} already has its features on line ${lineOf[earlier]}`);
    }
    const names: string[] = [];
    const weights: number[] = [];
    const seen = new Set<string>();
    for (let k = 1; k < fields.length; k++) {
      const [name, weight] = parseEntry(fields[k], k + 1);
      if (seen.has(name)) throw new LineProblem('duplicate', `feature ${quote(name)} appears twice on the line`);
      seen.add(name);
      names.push(name);
      weights.push(weight);
    }
    // The line is whole: only now does it change anything.
    lineOf[itemIds.add(item)] = line;
    for (let k = 0; k < names.length; k++) {
      indices.push(vocabulary.add(names[k]));
      values.push(weights[k]);
    }
    ptr.push(indices.length);
  });
  const featureNames = vocabulary.ids().slice();
  const features: ItemFeatures = {
    itemIds,
    rows: {
      numRows: itemIds.size,
      numFeatures: featureNames.length,
      ptr: ptr.toArray(),
      indices: indices.toArray(),
      values: values.toArray(),
    },
    featureNames,
  };
  const report = makeReport({
    file: path,
    format: 'item-features',
    lines: scan.lines,
    rows: itemIds.size,
    skips: scan.skips,
    duplicates: 0,
    duplicatePolicy: 'none',
  });
  return { features, report };
}

/** One `feature[:weight]` field: its name and weight. */
function parseEntry(field: string, column: number): [string, number] {
  if (field === '') {
    throw new LineProblem('id', `empty feature in column ${column} (two TABs in a row, or a TAB ending the line?)`);
  }
  const colon = field.lastIndexOf(':');
  const name = colon < 0 ? field : field.slice(0, colon);
  if (name === '') throw new LineProblem('id', `empty feature name in column ${column} (${quote(field)})`);
  parseRawId(name, 'feature');
  if (colon < 0) return [name, 1];
  const weightText = field.slice(colon + 1);
  try {
    return [name, parseNumber(weightText, `weight of feature ${quote(name)}`)];
  } catch (error) {
    if (!(error instanceof LineProblem)) throw error;
    throw new LineProblem(
      'number',
      `${error.problem} (the weight follows the last ":", so a name holding ":" needs one, e.g. ${quote(`${field}:1`)})`,
    );
  }
}

/**
 * Writes item features in the text format {@link loadItemFeatures} reads: one line per row, `id<TAB>name[:weight]…`,
 * a weight written only when it is not 1 or the name holds `:`. Names are `featureNames`, or the feature indices
 * (`"0"`, `"1"`, …) without them. Reading the file back gives the same items, names and weights (as float32); feature
 * numbers follow first appearance in the file, so they may differ from the written ones when names are indices.
 *
 * @param path - the file to write (replaced at the end, never left half-written).
 * @param features - the features to write.
 * @throws TypeError or RangeError when `features` is malformed, or an item id or feature name could not be read back
 * (empty, with a TAB or line break, or with surrounding whitespace), naming it.
 * @example
 * ```ts
 * await writeItemFeatures('out/item-features.tsv', itemFeatures(['a', 'b'], denseFeatures([1, 0.5], 2, 1), ['x']));
 * // a<TAB>x
 * // b<TAB>x:0.5
 * ```
 */
export async function writeItemFeatures(path: string, features: ItemFeatures): Promise<void> {
  const where = 'writeItemFeatures';
  checkItemFeatures(where, 'features', features);
  const { rows, itemIds } = features;
  const names = features.featureNames ?? Array.from({ length: rows.numFeatures }, (_, j) => String(j));
  const check = (text: string, what: string): void => {
    if (text === '' || /[\t\n\r]/.test(text) || text.trim() !== text) {
      throw new RangeError(
        `${where}: ${what} ${describeValue(text)} cannot be written in the text format (empty, holding a TAB or line ` +
          'break, or with surrounding whitespace)',
      );
    }
  };
  itemIds.ids().forEach((id) => check(id, 'item id'));
  names.forEach((name) => check(name, 'feature name'));
  function* lines(): Generator<string> {
    for (let r = 0; r < rows.numRows; r++) {
      let line = itemIds.raw(r);
      for (let k = rows.ptr[r]; k < rows.ptr[r + 1]; k++) {
        const name = names[rows.indices[k]];
        const weight = rows.values[k];
        line += weight === 1 && !name.includes(':') ? `\t${name}` : `\t${name}:${formatFloat32(weight)}`;
      }
      yield line;
    }
  }
  await writeLines(path, lines());
}
