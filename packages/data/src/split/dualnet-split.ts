import { describeValue } from '../check-options.js';
import type { Interactions } from '../interactions.js';
import { Random } from '../random.js';
import { checkLog, checkRequiredOptions, checkSeed } from './validate.js';

/** Options of {@link dualNetSplit}; only `seed` is required. */
export interface DualNetSplitOptions {
  /** Seed of every random choice; equal seeds give equal splits. */
  seed: number;
  /** Fraction of the users with rows that are new (unknown) users, `0 ≤ f < 1`. Default 0.1 (known : new = 9 : 1). */
  newUserFraction?: number;
  /**
   * Fraction of the items with rows held out entirely as out-of-matrix (cold) items, `0 ≤ f < 1`. Default 0.2: one
   * fold of Wang & Blei's 5-fold out-of-matrix protocol.
   */
  coldItemFraction?: number;
  /** Ratios of train, validation and test among the in-matrix pairs; finite, `≥ 0`, train `> 0`. Default `[3, 1, 1]`. */
  ratios?: readonly [train: number, validation: number, test: number];
}

/**
 * What {@link dualNetSplit} did, in counts. Rows add up:
 * `train + validation + test + outOfMatrix + newUserRows + newUserColdRows = rows`.
 */
export interface DualNetSplitReport {
  /** Rows of the log. */
  rows: number;
  /** Users with rows. */
  users: number;
  /** Of them, known users. */
  knownUsers: number;
  /** Of them, unknown (new) users. */
  newUsers: number;
  /** Items with rows. */
  items: number;
  /** Of them, cold (out-of-matrix) items. */
  coldItems: number;
  /** In-matrix (user, item) pairs of the known users, split into train, validation and test. */
  inMatrixPairs: number;
  /** Rows in train. */
  train: number;
  /** Rows in validation. */
  validation: number;
  /** Rows in test. */
  test: number;
  /** Rows of known users on cold items. */
  outOfMatrix: number;
  /** Rows of new users on the other items. */
  newUserRows: number;
  /** Rows of new users on cold items: in no part (neither task covers a new user on a cold item). */
  newUserColdRows: number;
  /** Validation and test rows moved to train because their item would otherwise have no training row. */
  movedToTrain: number;
  /** Items that needed such a move. */
  itemsMovedToTrain: number;
  /** Known users with validation or test rows but no training row (no history to encode them from). */
  usersWithoutTrain: number;
  /** Known users whose rows are all on cold items (they appear in out-of-matrix only). */
  usersOnlyOutOfMatrix: number;
  /** Items with rows but none from a known user on a non-cold item: they have no training row (only new users'). */
  itemsOnlyNewUsers: number;
}

/** The parts of a {@link dualNetSplit}; all share the log's id maps and index space, and keep its columns. */
export interface DualNetSplit {
  /** In-matrix training rows (known users, non-cold items), in file order. */
  train: Interactions;
  /** In-matrix validation rows; every item here has training rows. */
  validation: Interactions;
  /** In-matrix test rows; every item here has training rows. */
  test: Interactions;
  /** The known users' rows on the cold items (out-of-matrix prediction). */
  outOfMatrix: Interactions;
  /** Every row of the unknown users on non-cold items (new-user prediction). */
  newUsers: Interactions;
  /** The cold items, ascending. */
  coldItems: Int32Array;
  /** The unknown users, ascending. */
  newUserIds: Int32Array;
  /** Every count. */
  report: DualNetSplitReport;
}

const TRAIN = 0;
const VALIDATION = 1;
const TEST = 2;
const OUT_OF_MATRIX = 3;
const NEW_USER = 4;
const LEFT_OUT = 5;

/**
 * DualNet's split (Zhu et al., ICLR 2017 workshop, §5.1, after Wang & Blei 2011): users with rows are divided into
 * known and unknown (default 9 : 1); a fraction of the items with rows (default 0.2) is held out entirely as
 * out-of-matrix (cold) items; the known users' (user, item) pairs on the other items are split at random into train,
 * validation and test (default 3 : 1 : 1).
 *
 * - **In-matrix**: the pairs are shuffled and cut by the ratios (counts rounded; train takes the rest). A validation or
 *   test pair whose item has no training pair is then moved to train — per such item, its first pair in shuffled
 *   order — so every validation and test item has appeared in training, as the paper ensures; the moves are counted.
 *   All rows of one pair (repeats, behaviours) go to the same part, so a held-out pair never leaks into train.
 * - **Out-of-matrix**: every row of a known user on a cold item; no cold item has a training row.
 * - **New users**: every row of an unknown user on a non-cold item. An unknown user's rows on cold items belong to
 *   neither task and are left out, counted as `newUserColdRows`.
 *
 * The number of new users (cold items) is `round(f × n)` of the n users (items) with rows, kept between 1 and n − 1
 * when `f > 0` and n ≥ 2, so neither side is empty. Users, items and pairs are drawn from three generators seeded from
 * `seed`, each by a full shuffle: changing one fraction leaves the other choices as they were, and a larger fraction
 * holds out a superset. Deterministic for a seed; O(rows + users + items).
 *
 * @param log - the interactions.
 * @param options - the seed (required), the fractions and the ratios.
 * @throws TypeError when `log` is not an Interactions or the options are missing; RangeError naming the option on an
 * unknown key, a seed that is not an integer in [0, 2^32 − 1], a fraction outside [0, 1), or ratios that are not
 * three finite non-negative numbers with train > 0.
 * @example
 * ```ts
 * const { interactions } = synthetic({ users: 300, items: 500, seed: 1 });
 * const { train, validation, test, outOfMatrix, coldItems, report } = dualNetSplit(interactions, { seed: 1 });
 * coldItems.every((i) => train.itemDegree(i) === 0); // true
 * report.train + report.validation + report.test + report.outOfMatrix + report.newUserRows + report.newUserColdRows
 *   === interactions.size; // true
 * ```
 */
export function dualNetSplit(log: Interactions, options: DualNetSplitOptions): DualNetSplit {
  const where = 'dualNetSplit';
  checkLog(where, 'log', log);
  checkRequiredOptions(where, options, ['seed', 'newUserFraction', 'coldItemFraction', 'ratios'], '{ seed: 1 }');
  checkSeed(where, options.seed);
  const newUserFraction = options.newUserFraction ?? 0.1;
  const coldItemFraction = options.coldItemFraction ?? 0.2;
  checkFraction(where, 'newUserFraction', newUserFraction);
  checkFraction(where, 'coldItemFraction', coldItemFraction);
  const ratios = checkRatios(where, options.ratios ?? [3, 1, 1]);

  const root = new Random(options.seed);
  const userRandom = new Random(root.nextUint32());
  const itemRandom = new Random(root.nextUint32());
  const pairRandom = new Random(root.nextUint32());

  const isNewUser = new Uint8Array(log.numUsers);
  const newUserIds = pick(log.numUsers, (u) => log.userDegree(u) > 0, newUserFraction, userRandom, isNewUser);
  const isCold = new Uint8Array(log.numItems);
  const coldItems = pick(log.numItems, (i) => log.itemDegree(i) > 0, coldItemFraction, itemRandom, isCold);

  // Each row's part; the in-matrix pairs as (start, end) ranges of the CSR, user by user.
  const part = new Uint8Array(log.size);
  const pairStart: number[] = [];
  const pairEnd: number[] = [];
  let users = 0;
  let usersOnlyOutOfMatrix = 0;
  for (let u = 0; u < log.numUsers; u++) {
    const start = log.userPtr[u];
    const end = log.userPtr[u + 1];
    if (end === start) continue;
    users++;
    let inMatrix = 0;
    // The CSR lists a user's items ascending: a run of one item is one (user, item) pair.
    for (let k = start; k < end;) {
      const item = log.userItems[k];
      let next = k + 1;
      while (next < end && log.userItems[next] === item) next++;
      const code = isNewUser[u] ? (isCold[item] ? LEFT_OUT : NEW_USER) : isCold[item] ? OUT_OF_MATRIX : -1;
      if (code < 0) {
        pairStart.push(k);
        pairEnd.push(next);
        inMatrix++;
      } else {
        for (let j = k; j < next; j++) part[log.userRows[j]] = code;
      }
      k = next;
    }
    if (!isNewUser[u] && inMatrix === 0) usersOnlyOutOfMatrix++;
  }

  const pairs = pairStart.length;
  const order = new Int32Array(pairs);
  for (let p = 0; p < pairs; p++) order[p] = p;
  pairRandom.shuffle(order);
  const total = ratios[0] + ratios[1] + ratios[2];
  const validationPairs = Math.round((pairs * ratios[1]) / total);
  const testPairs = Math.min(Math.round((pairs * ratios[2]) / total), pairs - validationPairs);
  const trainPairs = pairs - validationPairs - testPairs;
  const pairPart = new Uint8Array(pairs);
  for (let k = 0; k < pairs; k++)
    pairPart[order[k]] = k < trainPairs ? TRAIN : k < trainPairs + validationPairs ? VALIDATION : TEST;
  const itemOf = (p: number): number => log.userItems[pairStart[p]];
  const hasTrain = new Uint8Array(log.numItems);
  for (let p = 0; p < pairs; p++) if (pairPart[p] === TRAIN) hasTrain[itemOf(p)] = 1;
  let itemsMovedToTrain = 0;
  for (let k = 0; k < pairs; k++) {
    const p = order[k];
    const item = itemOf(p);
    if (pairPart[p] !== TRAIN && !hasTrain[item]) {
      pairPart[p] = TRAIN;
      hasTrain[item] = 1;
      itemsMovedToTrain++;
    }
  }
  let movedToTrain = 0;
  const rowsIn = new Int32Array(6);
  for (let p = 0; p < pairs; p++) {
    for (let k = pairStart[p]; k < pairEnd[p]; k++) part[log.userRows[k]] = pairPart[p];
  }
  for (let r = 0; r < log.size; r++) rowsIn[part[r]]++;
  // Moved rows: in train now, in validation or test by the cut.
  for (let k = trainPairs; k < pairs; k++) {
    const p = order[k];
    if (pairPart[p] === TRAIN) movedToTrain += pairEnd[p] - pairStart[p];
  }

  // Known users with held-out rows but no training row.
  let usersWithoutTrain = 0;
  const userHasTrain = new Uint8Array(log.numUsers);
  const userHeldOut = new Uint8Array(log.numUsers);
  for (let r = 0; r < log.size; r++) {
    if (part[r] === TRAIN) userHasTrain[log.users[r]] = 1;
    else if (part[r] === VALIDATION || part[r] === TEST) userHeldOut[log.users[r]] = 1;
  }
  for (let u = 0; u < log.numUsers; u++) if (userHeldOut[u] && !userHasTrain[u]) usersWithoutTrain++;
  let items = 0;
  let itemsOnlyNewUsers = 0;
  for (let i = 0; i < log.numItems; i++) {
    if (log.itemDegree(i) === 0) continue;
    items++;
    if (!isCold[i] && !hasTrain[i]) itemsOnlyNewUsers++;
  }

  const rowsOf = (code: number): Int32Array => {
    const rows = new Int32Array(rowsIn[code]);
    for (let r = 0, k = 0; r < log.size; r++) if (part[r] === code) rows[k++] = r;
    return rows;
  };
  return {
    train: log.select(rowsOf(TRAIN)),
    validation: log.select(rowsOf(VALIDATION)),
    test: log.select(rowsOf(TEST)),
    outOfMatrix: log.select(rowsOf(OUT_OF_MATRIX)),
    newUsers: log.select(rowsOf(NEW_USER)),
    coldItems,
    newUserIds,
    report: {
      rows: log.size,
      users,
      knownUsers: users - newUserIds.length,
      newUsers: newUserIds.length,
      items,
      coldItems: coldItems.length,
      inMatrixPairs: pairs,
      train: rowsIn[TRAIN],
      validation: rowsIn[VALIDATION],
      test: rowsIn[TEST],
      outOfMatrix: rowsIn[OUT_OF_MATRIX],
      newUserRows: rowsIn[NEW_USER],
      newUserColdRows: rowsIn[LEFT_OUT],
      movedToTrain,
      itemsMovedToTrain,
      usersWithoutTrain,
      usersOnlyOutOfMatrix,
      itemsOnlyNewUsers,
    },
  };
}

/**
 * Marks `round(fraction × n)` of the `n` indices in `[0, size)` that pass `eligible` (between 1 and n − 1 when
 * `fraction > 0` and n ≥ 2), chosen by a full shuffle so that larger fractions give supersets; returns them ascending.
 */
function pick(
  size: number,
  eligible: (index: number) => boolean,
  fraction: number,
  random: Random,
  marks: Uint8Array,
): Int32Array {
  const candidates: number[] = [];
  for (let k = 0; k < size; k++) if (eligible(k)) candidates.push(k);
  random.shuffle(candidates);
  const n = candidates.length;
  const count = fraction === 0 || n < 2 ? 0 : Math.min(Math.max(Math.round(fraction * n), 1), n - 1);
  const chosen = Int32Array.from(candidates.slice(0, count)).sort();
  for (const k of chosen) marks[k] = 1;
  return chosen;
}

function checkFraction(where: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new RangeError(
      `${where}: option "${name}" must be a number with 0 ≤ ${name} < 1, got ${describeValue(value)}`,
    );
  }
}

function checkRatios(where: string, ratios: unknown): readonly [number, number, number] {
  const valid =
    Array.isArray(ratios) &&
    ratios.length === 3 &&
    ratios.every((r) => typeof r === 'number' && Number.isFinite(r) && r >= 0) &&
    (ratios[0] as number) > 0;
  if (!valid) {
    throw new RangeError(
      `${where}: option "ratios" must be [train, validation, test], three finite numbers ≥ 0 with train > 0 ` +
        `(e.g. [3, 1, 1]), got ${Array.isArray(ratios) ? JSON.stringify(ratios) : describeValue(ratios)}`,
    );
  }
  return ratios as unknown as readonly [number, number, number];
}
