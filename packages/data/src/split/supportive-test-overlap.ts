import { behaviourCode, behaviourRowCounts } from '../behaviour-views.js';
import type { Interactions } from '../interactions.js';
import { checkSameIdSpace } from '../same-id-space.js';
import { checkLog, checkRequiredOptions } from './validate.js';

/** Options of {@link supportiveTestOverlap}. */
export interface SupportiveTestOverlapOptions {
  /** The target behaviour of train (and of test, when test has a behaviours column), e.g. `'buy'`. */
  target: string;
}

/** The overlap of the test pairs with one supportive behaviour of train. */
export interface SupportiveOverlapOfBehaviour {
  /** The supportive behaviour's name, e.g. `'cart'`. */
  behaviour: string;
  /** Test pairs with at least one row of this behaviour in train. */
  pairs: number;
  /** Rows of this behaviour in train on test pairs. */
  rows: number;
}

/** What {@link supportiveTestOverlap} counted. */
export interface SupportiveTestOverlap {
  /** Distinct (user, item) pairs among the test's target rows. */
  testPairs: number;
  /** Test pairs with at least one supportive row (of any behaviour but the target) in train. */
  pairsWithSupportive: number;
  /** Supportive rows of train on test pairs. */
  supportiveRows: number;
  /** The same per supportive behaviour: every behaviour of train but the target, in code order (zeros included). */
  byBehaviour: SupportiveOverlapOfBehaviour[];
  /** Test pairs that are also target rows of train (a repeated purchase; a clean leave-one-out has none). */
  pairsWithTarget: number;
}

/**
 * Counts the test pairs that also have supportive rows (views, carts, favourites) in train, for a split given by
 * files, where {@link targetLeaveOneOut} cannot decide what came first: EHCF's `buy.train`/`buy.test` beside an
 * untimed `cart` file, say. Such rows are kept (nothing tells whether the cart preceded the purchase), and a report
 * should say how many there are: "8,326 test pairs also appear in cart: kept, the files have no time".
 *
 * `train` must have a behaviours column with the target among its names (e.g. from {@link mergeBehaviourLogs}).
 * `test` is either a log without a behaviours column (all its rows are target rows) or one with the target among its
 * behaviours (then only its target rows count). Test pairs are counted once however many test rows repeat them. Runs
 * in O(test rows × log(train degree) + overlapping train rows).
 *
 * @throws TypeError when `train` or `test` is not an Interactions, the options are missing or `target` is not a
 * string.
 * @throws RangeError when train has no behaviours column, the target is not a behaviour of train (or of test, when
 * test has a behaviours column), an option key is unknown, or test numbers its users or items differently from
 * train. A target without rows is no error: a split may leave no test case.
 * @example
 * ```ts
 * const train = mergeBehaviourLogs([
 *   { name: 'buy', log: buyTrain },
 *   { name: 'cart', log: cart },
 * ]);
 * const overlap = supportiveTestOverlap(train, buyTest, { target: 'buy' });
 * for (const { behaviour, pairs } of overlap.byBehaviour) {
 *   console.log(`${pairs} of ${overlap.testPairs} test pairs also appear in ${behaviour}: kept, the files have no time`);
 * }
 * ```
 */
export function supportiveTestOverlap(
  train: Interactions,
  test: Interactions,
  options: SupportiveTestOverlapOptions,
): SupportiveTestOverlap {
  const where = 'supportiveTestOverlap';
  checkLog(where, 'train', train);
  checkLog(where, 'test', test);
  checkRequiredOptions(where, options, ['target'], "{ target: 'buy' }");
  const trainCounts = behaviourRowCounts(`${where} (train)`, train);
  const target = behaviourCode(`${where} (train)`, train, trainCounts, 'target', options.target, true);
  let testTarget = -1;
  if (test.behaviours) {
    const testCounts = behaviourRowCounts(`${where} (test)`, test);
    testTarget = behaviourCode(`${where} (test)`, test, testCounts, 'target', options.target, true);
  }
  checkSameIdSpace(where, train, test, { reference: 'train', log: 'test' });

  const numBehaviours = train.behaviourNames.length;
  const pairsOf = new Int32Array(numBehaviours);
  const rowsOf = new Int32Array(numBehaviours);
  // The last pair (numbered from 1) that counted for each behaviour, so a pair counts once per behaviour.
  const lastPair = new Int32Array(numBehaviours);
  const trainBehaviours = train.behaviours as Uint8Array;
  const testBehaviours = test.behaviours;
  let testPairs = 0;
  let pairsWithSupportive = 0;
  let pairsWithTarget = 0;
  for (let u = 0; u < test.numUsers; u++) {
    const items = test.itemsOf(u);
    const rows = test.rowsOfUser(u);
    const known = u < train.numUsers;
    const trainItems = known ? train.itemsOf(u) : undefined;
    const trainRows = known ? train.rowsOfUser(u) : undefined;
    let last = -1;
    for (let k = 0; k < items.length; k++) {
      const item = items[k];
      if (testBehaviours && testBehaviours[rows[k]] !== testTarget) continue;
      if (item === last) continue;
      last = item;
      testPairs++;
      if (!trainItems || !trainRows) continue;
      let supportive = false;
      let seenTarget = false;
      for (let t = lowerBound(trainItems, item); t < trainItems.length && trainItems[t] === item; t++) {
        const code = trainBehaviours[trainRows[t]];
        if (code === target) {
          seenTarget = true;
          continue;
        }
        supportive = true;
        rowsOf[code]++;
        if (lastPair[code] !== testPairs) {
          lastPair[code] = testPairs;
          pairsOf[code]++;
        }
      }
      if (supportive) pairsWithSupportive++;
      if (seenTarget) pairsWithTarget++;
    }
  }
  const byBehaviour: SupportiveOverlapOfBehaviour[] = [];
  let supportiveRows = 0;
  train.behaviourNames.forEach((behaviour, code) => {
    if (code === target) return;
    byBehaviour.push({ behaviour, pairs: pairsOf[code], rows: rowsOf[code] });
    supportiveRows += rowsOf[code];
  });
  return { testPairs, pairsWithSupportive, supportiveRows, byBehaviour, pairsWithTarget };
}

/** The first index of `sorted` (ascending) whose value is at least `value`. */
function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
