import { describeValue } from '../check-options.js';
import { Interactions } from '../interactions.js';
import { checkNegativesShape, negativesPerCase, type NegativesPerCase, type TestNegatives } from '../test-negatives.js';
import { LineProblem } from './errors.js';
import { parseDenseId, quote } from './fields.js';
import { GrowableColumn } from './growable-column.js';
import { scanLines } from './line-scanner.js';
import { checkCountOption, checkLoadOptions, type LoadOptions } from './options.js';
import { makeReport, type LoadReport } from './report.js';
import { writeLines } from './text-writer.js';

/** Options of {@link loadNcfNegatives}. */
export interface NcfNegativesOptions extends Pick<LoadOptions, 'lenient' | 'onProgress'> {
  /**
   * The test interactions: each line's `(user,item)` head must be one of its rows (`'mismatch'` otherwise), and its
   * index space bounds the ids unless `numUsers`/`numItems` are given.
   */
  test?: Interactions;
  /** Size of the user index space; a user id at or above it is a `'range'` error. */
  numUsers?: number;
  /** Size of the item index space; an item id (head or negative) at or above it is a `'range'` error. */
  numItems?: number;
}

/** What {@link loadNcfNegatives} returns. */
export interface NcfNegativesResult {
  /** One case per line, in file order. */
  negatives: TestNegatives;
  /**
   * How many negatives the lines list: fewest, most, the usual count and how many cases differ from it. Sampled
   * metrics compare only over equal candidate sets, so a ragged file (cut lines, merged files) should be refused or
   * reported. Every case has at least one negative (`empty` is 0); case c is line c + 1 unless lenient mode skipped
   * lines.
   */
  negativesPerCase: NegativesPerCase;
  /** What was read and skipped (`rows` counts cases; there is no duplicate merging). */
  report: LoadReport;
}

const HEAD = /^\(([^,]*),([^)]*)\)$/;

/**
 * Loads an NCF negatives file (`*.test.negative`): per line, `(user,item)` then the TAB-separated negative item ids
 * the held-out item is ranked against. Ids are dense 0-based integers. A line without negatives is malformed
 * (`'columns'`): ranking an item against nothing would score it a hit.
 *
 * @param path - the negatives file.
 * @param options - the test interactions to check the heads against, index-space sizes, leniency, progress.
 * @throws TypeError or RangeError naming the option, before reading, on an unknown option key or a bad value (`numUsers`/`numItems`
 * not a non-negative integer: NaN would turn the range checks off).
 * @throws DataFormatError on a malformed line (kinds `'columns'`, `'id'`, `'range'`, `'mismatch'`).
 * @example
 * ```ts
 * const test = await loadNcfRatings('AMusic.test.rating');
 * const { negatives } = await loadNcfNegatives('AMusic.test.negative', { test: test.interactions });
 * negativesOf(negatives, 0).length; // 99
 * ```
 */
export async function loadNcfNegatives(path: string, options: NcfNegativesOptions = {}): Promise<NcfNegativesResult> {
  checkLoadOptions('loadNcfNegatives', options, ['test', 'numUsers', 'numItems'], ['lenient', 'onProgress']);
  checkCountOption('loadNcfNegatives', 'numUsers', options.numUsers);
  checkCountOption('loadNcfNegatives', 'numItems', options.numItems);
  if (options.test !== undefined && !(options.test instanceof Interactions)) {
    throw new TypeError(`loadNcfNegatives: option "test" must be an Interactions, got ${describeValue(options.test)}`);
  }
  const { test } = options;
  const numUsers = options.numUsers ?? test?.numUsers;
  const numItems = options.numItems ?? test?.numItems;
  const users = new GrowableColumn(Int32Array);
  const positives = new GrowableColumn(Int32Array);
  const offsets = new GrowableColumn(Int32Array);
  const items = new GrowableColumn(Int32Array, 1 << 14);
  offsets.push(0);
  const scan = await scanLines(path, options, (text) => {
    const fields = text.split('\t');
    const head = HEAD.exec(fields[0]);
    if (!head) throw new LineProblem('columns', `expected a "(user,item)" head, found ${quote(fields[0])}`);
    if (fields.length < 2) {
      throw new LineProblem('columns', 'no negatives after the (user,item) head: a case needs items to rank against');
    }
    const user = parseDenseId(head[1], 'user', numUsers, 'numUsers');
    const positive = parseDenseId(head[2], 'item', numItems, 'numItems');
    if (test && !test.has(user, positive)) {
      const actual = Array.from(test.itemsOf(user).subarray(0, 5)).join(', ') || 'none';
      throw new LineProblem(
        'mismatch',
        `(${user},${positive}) is not a test pair; user ${user}'s test items: ${actual}`,
      );
    }
    // Validate the whole line before keeping any of it, so a lenient skip leaves no partial case.
    const negatives = new Int32Array(fields.length - 1);
    for (let k = 1; k < fields.length; k++)
      negatives[k - 1] = parseDenseId(fields[k], 'negative item', numItems, 'numItems');
    users.push(user);
    positives.push(positive);
    for (const item of negatives) items.push(item);
    offsets.push(items.length);
  });
  const negatives: TestNegatives = {
    users: users.toArray(),
    positives: positives.toArray(),
    offsets: offsets.toArray(),
    items: items.toArray(),
  };
  const report = makeReport({
    file: path,
    format: 'ncf-negatives',
    lines: scan.lines,
    rows: negatives.users.length,
    skips: scan.skips,
    duplicates: 0,
    duplicatePolicy: 'none',
  });
  return { negatives, negativesPerCase: negativesPerCase(negatives), report };
}

/**
 * Writes test negatives as an NCF negatives file: `(user,item)` then the negatives, TAB-separated, one line per case.
 * {@link loadNcfNegatives} reads it back exactly.
 *
 * @param path - the file to write (replaced if it exists).
 * @param negatives - the cases to write.
 * @throws TypeError or RangeError from {@link checkNegativesShape}, before writing anything, when `negatives` is
 * malformed (lengths disagreeing, offsets out of order).
 * @throws Error, before writing anything, when a case has no negatives (a line {@link loadNcfNegatives} rejects).
 * @example
 * ```ts
 * const { negatives } = await loadNcfNegatives('AMusic.test.negative');
 * await writeNcfNegatives('copy.test.negative', negatives);
 * ```
 */
export async function writeNcfNegatives(path: string, negatives: TestNegatives): Promise<void> {
  // Malformed arrays would be written as "(1,undefined)" lines.
  checkNegativesShape('writeNcfNegatives', negatives);
  const { users, positives, offsets, items } = negatives;
  for (let c = 0; c < users.length; c++) {
    if (offsets[c + 1] === offsets[c]) {
      throw new Error(
        `writeNcfNegatives: case ${c} (user ${users[c]}, item ${positives[c]}) has no negatives; ` +
          `its line would be rejected when read back`,
      );
    }
  }
  function* lines(): Generator<string> {
    for (let c = 0; c < users.length; c++) {
      let line = `(${users[c]},${positives[c]})`;
      for (let k = offsets[c]; k < offsets[c + 1]; k++) line += `\t${items[k]}`;
      yield line;
    }
  }
  await writeLines(path, lines());
}
