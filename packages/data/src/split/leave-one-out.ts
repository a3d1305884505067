import { describeValue, refuseUnknownOptions } from '../check-options.js';
import type { Interactions } from '../interactions.js';
import { checkLog } from './validate.js';

/** Options of {@link leaveOneOut}. */
export interface LeaveOneOutOptions {
  /** Also hold out each user's second-latest row as a validation case. Default `false`. */
  validation?: boolean;
}

/** What {@link leaveOneOut} did, in counts. */
export interface LeaveOneOutReport {
  /** Users with at least one row. */
  users: number;
  /** Users with a test row (one test case each). */
  testCases: number;
  /** Users with a validation row (0 without the `validation` option). */
  validationCases: number;
  /**
   * Users with too few distinct items to hold any out (1, or 2 with validation): all their rows stay in train.
   */
  usersWithoutTest: number;
  /**
   * Rows left out of every part because they repeat a held-out (user, item) pair, e.g. the view of an item whose
   * purchase is the test case: kept in train, they would show the model its own test pair.
   */
  heldOutPairRows: number;
}

/** The parts of a {@link leaveOneOut} split; all share the log's id maps and index space. */
export interface LeaveOneOutSplit {
  /** Every row not held out, in file order. */
  train: Interactions;
  /** Each user's second-latest row, in user order; present only with the `validation` option. */
  validation?: Interactions;
  /** Each user's latest row, in user order. */
  test: Interactions;
  /** Counts of users and cases. */
  report: LeaveOneOutReport;
}

/**
 * Leave-one-out by time: per user, the latest row is the test case and, with `validation: true`, the second latest
 * is the validation case; all other rows are train.
 *
 * "Latest" compares timestamps, and between equal timestamps the later row of the file counts as later. Without a
 * timestamps column, file order alone decides. Held out are (user, item) *pairs*: in a log with several rows per pair
 * (several behaviours, repeated plays), the test case is the latest row's pair, the validation case the latest row of
 * another item, and every other row of either pair is left out of all parts (counted in
 * {@link LeaveOneOutReport.heldOutPairRows}) — in train it would leak the held-out pair. Users with too few distinct
 * items (1, or 2 with validation) keep all their rows in train and get no case.
 *
 * The parts and the left-out rows partition the rows:
 * `train.size + test.size + (validation?.size ?? 0) + report.heldOutPairRows === log.size`. Runs in O(rows).
 *
 * @throws TypeError when `log` is not an Interactions or `validation` is not a boolean; RangeError on an unknown
 * option key, or a NaN timestamp.
 * @example
 * ```ts
 * const log = Interactions.fromColumns({
 *   users: Int32Array.of(0, 0, 0, 1),
 *   items: Int32Array.of(5, 6, 7, 5),
 *   timestamps: Float64Array.of(30, 10, 20, 5),
 * });
 * const { train, test, report } = leaveOneOut(log);
 * test.items; // Int32Array [5]   (user 0's latest; user 1 has a single row)
 * train.size; // 3
 * report.usersWithoutTest; // 1
 * ```
 */
export function leaveOneOut(
  log: Interactions,
  options: LeaveOneOutOptions & { validation: true },
): LeaveOneOutSplit & { validation: Interactions };
/** Leave-one-out by time, without a validation part; see the overload above. */
export function leaveOneOut(log: Interactions, options?: LeaveOneOutOptions): LeaveOneOutSplit;
export function leaveOneOut(log: Interactions, options: LeaveOneOutOptions = {}): LeaveOneOutSplit {
  checkLog('leaveOneOut', 'log', log);
  refuseUnknownOptions('leaveOneOut', options, ['validation']);
  const withValidation = options.validation ?? false;
  if (typeof withValidation !== 'boolean') {
    throw new TypeError(`leaveOneOut: option "validation" must be a boolean, got ${describeValue(withValidation)}`);
  }
  const ts = log.timestamps;
  if (ts) {
    for (let r = 0; r < ts.length; r++) {
      if (Number.isNaN(ts[r])) throw new RangeError(`leaveOneOut: row ${r} has timestamp NaN`);
    }
  }
  const isLater = ts
    ? (a: number, b: number) => ts[a] > ts[b] || (ts[a] === ts[b] && a > b)
    : (a: number, b: number) => a > b;

  const inTrain = new Uint8Array(log.size).fill(1);
  const testRows: number[] = [];
  const validationRows: number[] = [];
  const needed = withValidation ? 3 : 2;
  let users = 0;
  let usersWithoutTest = 0;
  let heldOutPairRows = 0;
  for (let u = 0; u < log.numUsers; u++) {
    const rows = log.rowsOfUser(u);
    if (rows.length === 0) continue;
    users++;
    if (distinctItems(log.itemsOf(u), needed) < needed) {
      usersWithoutTest++;
      continue;
    }
    const items = log.itemsOf(u);
    const latestOf = (skipItem: number): number => {
      let latest = -1;
      for (let k = 0; k < rows.length; k++) {
        if (items[k] !== skipItem && (latest < 0 || isLater(rows[k], latest))) latest = rows[k];
      }
      return latest;
    };
    const test = latestOf(-1);
    const validation = withValidation ? latestOf(log.items[test]) : -1;
    testRows.push(test);
    if (withValidation) validationRows.push(validation);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      if (items[k] !== log.items[test] && (validation < 0 || items[k] !== log.items[validation])) continue;
      inTrain[r] = 0;
      if (r !== test && r !== validation) heldOutPairRows++;
    }
  }

  const trainRows = new Int32Array(log.size - testRows.length - validationRows.length - heldOutPairRows);
  for (let r = 0, k = 0; r < log.size; r++) if (inTrain[r]) trainRows[k++] = r;
  const report: LeaveOneOutReport = {
    users,
    testCases: testRows.length,
    validationCases: validationRows.length,
    usersWithoutTest,
    heldOutPairRows,
  };
  const split: LeaveOneOutSplit = {
    train: log.select(trainRows),
    test: log.select(Int32Array.from(testRows)),
    report,
  };
  if (withValidation) split.validation = log.select(Int32Array.from(validationRows));
  return split;
}

/** The number of distinct values in `sorted` (ascending), counting no further than `enough`. */
function distinctItems(sorted: Int32Array, enough: number): number {
  let distinct = 0;
  for (let k = 0; k < sorted.length && distinct < enough; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++;
  return distinct;
}
