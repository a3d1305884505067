import { describeValue } from '../check-options.js';
import { behaviourCode, behaviourRowCounts } from '../behaviour-views.js';
import type { Interactions } from '../interactions.js';
import { checkLog, checkRequiredOptions } from './validate.js';

/** Options of {@link targetLeaveOneOut}. */
export interface TargetLeaveOneOutOptions {
  /** The target behaviour whose rows are held out, e.g. `'buy'`. */
  target: string;
  /** Also hold out each user's latest target row of another item as a validation case. Default `false`. */
  validation?: boolean;
}

/**
 * What {@link targetLeaveOneOut} did, in counts. Users add up, `users = testCases + usersWithoutTest +
 * usersWithoutTarget`, and rows partition the log: `train + test + validation + heldOutPairRows +
 * leakedSupportiveRows = rows`.
 */
export interface TargetLeaveOneOutReport {
  /** Users with at least one row, of any behaviour. */
  users: number;
  /** Users with a test row (one test case each). */
  testCases: number;
  /** Users with a validation row (0 without the `validation` option). */
  validationCases: number;
  /**
   * Users with target rows but too few distinct target items to hold any out (1, or 2 with validation): all their
   * rows stay in train.
   */
  usersWithoutTest: number;
  /** Users with supportive rows only (no target row): all their rows stay in train. */
  usersWithoutTarget: number;
  /**
   * Target rows left out of every part because they repeat a held-out (user, item) pair (a second purchase of the
   * test item): kept in train, they would show the model its own test pair.
   */
  heldOutPairRows: number;
  /**
   * Supportive rows of a held-out pair left out of every part because they are not earlier than the held-out target
   * row (a later or same-second view, cart or favourite): they would tell the model the purchase happened.
   */
  leakedSupportiveRows: number;
  /**
   * Supportive rows of a held-out pair that are earlier than the held-out target row, kept in train: what the shop
   * knew before the purchase (a view, then a cart, then the purchase to predict). Part of train, not of the partition.
   */
  earlierSupportiveRows: number;
}

/** The parts of a {@link targetLeaveOneOut} split; all share the log's id maps, index space and behaviour names. */
export interface TargetLeaveOneOutSplit {
  /** Every row not held out nor left out, of every behaviour, in file order. */
  train: Interactions;
  /** Each user's latest target row of another item than the test's, in user order; only with `validation`. */
  validation?: Interactions;
  /** Each user's latest target row, in user order. */
  test: Interactions;
  /** Counts of users, cases and left-out rows. */
  report: TargetLeaveOneOutReport;
}

/**
 * Leave-one-out on the target behaviour of a multi-behaviour log (purchases among views, carts and favourites): per
 * user, the latest target row is the test case and, with `validation: true`, the latest target row of another item is
 * the validation case. Every other row, of every behaviour, is train — with two exceptions that would leak a held-out
 * pair:
 *
 * - the other target rows of a held-out (user, item) pair are left out of every part
 *   ({@link TargetLeaveOneOutReport.heldOutPairRows});
 * - a supportive row of a held-out pair is left out when it is *not earlier* than the held-out target row: its
 *   timestamp is the same or later, or, without timestamps, it comes later in the file
 *   ({@link TargetLeaveOneOutReport.leakedSupportiveRows}). A same-second cart is not known to precede the purchase,
 *   so it is left out too. Supportive rows of a held-out pair that are earlier stay in train
 *   ({@link TargetLeaveOneOutReport.earlierSupportiveRows}): they are what the shop knew before the purchase, and
 *   what a multiple-feedback model learns from.
 *
 * "Latest" is decided exactly as {@link leaveOneOut} decides it: timestamps compare, and between equal timestamps
 * (or without a timestamps column) the later row of the file is later. A user needs 2 distinct target items (3 with
 * validation) to get a case; users with fewer, and users without target rows, keep all their rows in train (counted).
 *
 * The parts and the left-out rows partition the rows: `train.size + test.size + (validation?.size ?? 0) +
 * report.heldOutPairRows + report.leakedSupportiveRows === log.size`. Train thus holds supportive rows of test pairs
 * (the earlier ones): an evaluation that refuses held-out pairs among the training pairs, or excludes training items
 * from the ranking, should be given the target rows of train (`train.ofBehaviour(target)`) as the seen items. Runs in
 * O(rows).
 *
 * @throws TypeError when `log` is not an Interactions, the options are missing, `target` is not a string or
 * `validation` is not a boolean.
 * @throws RangeError when the log has no behaviours column, `target` is not one of its behaviours or has no rows
 * (listing the log's behaviours with their row counts), an option key is unknown, or a timestamp is NaN.
 * @example
 * ```ts
 * const log = Interactions.fromColumns(
 *   {
 *     users: Int32Array.of(0, 0, 0, 0, 0),
 *     items: Int32Array.of(8, 7, 8, 8, 9),
 *     timestamps: Float64Array.of(1, 2, 3, 4, 5),
 *     behaviours: Uint8Array.of(0, 1, 1, 0, 0), // pv 8, buy 7, buy 8, pv 8, pv 9
 *   },
 *   { behaviourNames: ['pv', 'buy'] },
 * );
 * const { train, test, report } = targetLeaveOneOut(log, { target: 'buy' });
 * test.items; // Int32Array [8]   (the latest purchase, at t 3)
 * train.items; // Int32Array [8, 7, 9]   (the view of item 8 at t 1 stays: the shop saw it before the purchase)
 * report.earlierSupportiveRows; // 1
 * report.leakedSupportiveRows; // 1   (the view at t 4 would tell of the purchase)
 * ```
 */
export function targetLeaveOneOut(
  log: Interactions,
  options: TargetLeaveOneOutOptions & { validation: true },
): TargetLeaveOneOutSplit & { validation: Interactions };
/** Target leave-one-out without a validation part; see the overload above. */
export function targetLeaveOneOut(log: Interactions, options: TargetLeaveOneOutOptions): TargetLeaveOneOutSplit;
export function targetLeaveOneOut(log: Interactions, options: TargetLeaveOneOutOptions): TargetLeaveOneOutSplit {
  const where = 'targetLeaveOneOut';
  checkLog(where, 'log', log);
  checkRequiredOptions(where, options, ['target', 'validation'], "{ target: 'buy', validation: true }");
  const withValidation = options.validation ?? false;
  if (typeof withValidation !== 'boolean') {
    throw new TypeError(`${where}: option "validation" must be a boolean, got ${describeValue(withValidation)}`);
  }
  const counts = behaviourRowCounts(where, log);
  const target = behaviourCode(where, log, counts, 'target', options.target);
  const behaviours = log.behaviours as Uint8Array;
  const ts = log.timestamps;
  if (ts) {
    for (let r = 0; r < ts.length; r++) {
      if (Number.isNaN(ts[r])) throw new RangeError(`${where}: row ${r} has timestamp NaN`);
    }
  }
  // "Latest" is leaveOneOut's: ties (and untimed logs) go to the later row of the file.
  const isLater = ts
    ? (a: number, b: number) => ts[a] > ts[b] || (ts[a] === ts[b] && a > b)
    : (a: number, b: number) => a > b;
  // A supportive row is "earlier" than a purchase only when it surely happened before it: a same-second row is not.
  const isEarlier = ts ? (r: number, held: number) => ts[r] < ts[held] : (r: number, held: number) => r < held;

  const inTrain = new Uint8Array(log.size).fill(1);
  const testRows: number[] = [];
  const validationRows: number[] = [];
  const needed = withValidation ? 3 : 2;
  const report: TargetLeaveOneOutReport = {
    users: 0,
    testCases: 0,
    validationCases: 0,
    usersWithoutTest: 0,
    usersWithoutTarget: 0,
    heldOutPairRows: 0,
    leakedSupportiveRows: 0,
    earlierSupportiveRows: 0,
  };
  for (let u = 0; u < log.numUsers; u++) {
    const rows = log.rowsOfUser(u);
    if (rows.length === 0) continue;
    report.users++;
    const items = log.itemsOf(u);
    // Items ascend within a user, so the target rows' items do too: distinct ones are counted on the way.
    let targetRows = 0;
    let distinct = 0;
    let last = -1;
    for (let k = 0; k < rows.length; k++) {
      if (behaviours[rows[k]] !== target) continue;
      targetRows++;
      if (items[k] !== last) distinct++;
      last = items[k];
    }
    if (targetRows === 0) {
      report.usersWithoutTarget++;
      continue;
    }
    if (distinct < needed) {
      report.usersWithoutTest++;
      continue;
    }
    const latestOf = (skipItem: number): number => {
      let latest = -1;
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k];
        if (behaviours[r] === target && items[k] !== skipItem && (latest < 0 || isLater(r, latest))) latest = r;
      }
      return latest;
    };
    const test = latestOf(-1);
    const validation = withValidation ? latestOf(log.items[test]) : -1;
    testRows.push(test);
    if (withValidation) validationRows.push(validation);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      const held =
        items[k] === log.items[test] ? test : validation >= 0 && items[k] === log.items[validation] ? validation : -1;
      if (held < 0) continue;
      if (r === held) inTrain[r] = 0;
      else if (behaviours[r] === target) {
        inTrain[r] = 0;
        report.heldOutPairRows++;
      } else if (isEarlier(r, held)) report.earlierSupportiveRows++;
      else {
        inTrain[r] = 0;
        report.leakedSupportiveRows++;
      }
    }
  }
  report.testCases = testRows.length;
  report.validationCases = validationRows.length;

  const trainRows = new Int32Array(
    log.size - testRows.length - validationRows.length - report.heldOutPairRows - report.leakedSupportiveRows,
  );
  for (let r = 0, k = 0; r < log.size; r++) if (inTrain[r]) trainRows[k++] = r;
  const split: TargetLeaveOneOutSplit = {
    train: log.select(trainRows),
    test: log.select(Int32Array.from(testRows)),
    report,
  };
  if (withValidation) split.validation = log.select(Int32Array.from(validationRows));
  return split;
}
