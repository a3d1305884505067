import { describeValue, type Interactions, refuseUnknownOptions } from '@recsys/data';
import { averagePrecision, hitRate, type MetricName, ndcg, precision, recall } from './metrics.js';
import { checkCutoffs, checkPositiveInteger } from './options.js';
import { summarize } from './summary.js';

/**
 * The metrics a top-K list supports: the ones at K. MRR and AUC are not among them: they need the place of every
 * relevant item in the whole ranking, and a list only says that the items it leaves out are somewhere below it.
 */
export const LIST_METRIC_NAMES = ['hr', 'ndcg', 'precision', 'recall', 'map'] as const satisfies readonly MetricName[];

/** One of {@link LIST_METRIC_NAMES}. */
export type ListMetricName = (typeof LIST_METRIC_NAMES)[number];

/** One number per metric a top-K list supports. */
export type ListMetricValues = Record<ListMetricName, number>;

/**
 * Precomputed recommendation lists, by dense user index (test's index space): each a user's ranked item indices,
 * best first (position 0 is the top). A `Map` from user to list, or an array indexed by user (a hole or `undefined`
 * is a user without a list; so is a `Map` entry whose value is `undefined`).
 */
export type TopKLists =
  ReadonlyMap<number, ArrayLike<number> | undefined> | ReadonlyArray<ArrayLike<number> | undefined>;

/** Options of {@link evaluateTopKLists}: one cut-off `k`, or several `ks` evaluated in one pass (not both). */
export interface TopKListsOptions {
  /** Cut-off K of every metric (integer ≥ 1; default 10). */
  k?: number;
  /** Several cut-offs, each integer ≥ 1 and listed once: one result per K, in this order. */
  ks?: readonly number[];
}

/**
 * What {@link evaluateTopKLists} returns for one K: the metrics at K (no MRR, no AUC: a list cannot give them), their
 * means and 95% intervals over every test user, and what was found in the lists.
 */
export interface TopKListsResult {
  /** Where it came from: lists ranked elsewhere, not a protocol of this package. */
  protocol: 'top-k-lists';
  /** The cut-off K: each list was read up to its first K items. */
  k: number;
  /** Number of evaluated users: every user with test rows, whether or not it has a list. */
  users: number;
  /** Mean of each metric over the users. */
  metrics: ListMetricValues;
  /** 95% confidence interval of each mean (normal approximation; `[mean, mean]` with a single user). */
  ci95: Record<ListMetricName, [number, number]>;
  /** The per-user values: each user (ascending) and each metric's value for it (all arrays in the same order). */
  perUser: { users: Int32Array } & Record<ListMetricName, Float64Array>;
  /** Number of test users without a list: each counted as a user with no hits (every metric 0). */
  missingLists: number;
  /** Those users, ascending. */
  usersWithoutList: Int32Array;
  /** Number of lists for users without test rows (or outside test's user space): checked, then left out. */
  ignoredLists: number;
  /** Number of evaluated users whose list has fewer than K items (fewer chances: precision still divides by K). */
  shortLists: number;
  /** Number of evaluated users whose list has more than K items: only its first K were read. */
  truncatedLists: number;
  /** Wall-clock seconds of the whole call (shared by every K when several are asked for). */
  seconds: number;
}

const TOP_K_LISTS_OPTIONS = ['k', 'ks'] as const;

/**
 * Evaluates recommendation lists computed elsewhere (another system, a saved run) against held-out interactions,
 * without a model: for each user with `test` rows, the relevant items are that user's test items (an item listed
 * twice counts once), and its hits are the relevant items among the first K of its list. HR, NDCG, precision, recall
 * and MAP at K follow from the hits' positions, by the same formulas as every protocol of this package (a list ranked
 * as {@link evaluateFullRanking} ranks gives its numbers); metrics are averaged over the test users with a 95%
 * interval. MRR and AUC need the whole ranking and are not reported (see {@link TopKListsResult}).
 *
 * The lists are read as given:
 * - a list longer than K is cut at K (counted in `truncatedLists`); a list shorter than K is fine, it has fewer
 *   chances (counted in `shortLists`; precision divides by K all the same);
 * - a test user without a list counts as a user with no hits (every metric 0), and is reported in `missingLists` and
 *   `usersWithoutList`; it is not left out, which would raise the means;
 * - a list for a user without test rows is ignored and counted in `ignoredLists`;
 * - every list, ignored ones included, must hold distinct integer item indices of test's item space
 *   `[0, test.numItems)`: anything else is an error naming the user and the (0-based) position.
 *
 * Users and items are dense indices of `test`'s id space (`test.userIds`, `test.itemIds`): lists written with raw
 * ids must be mapped through them first. Whether a list leaves out the items a user saw in training is its producer's
 * protocol: this function does not know the training log. With `ks`, the lists are read once for every K and one
 * result per K is returned, in the order of `ks`. Synchronous: nothing is scored.
 *
 * @example
 * ```ts
 * // lists: Map<number, Int32Array>, each user's top 20 from another system; test: Interactions of the split.
 * const result = evaluateTopKLists(lists, test, { k: 10 });
 * console.log(`NDCG@10 ${result.metrics.ndcg}, ${result.missingLists} of ${result.users} users without a list`);
 * const [at5, at10, at20] = evaluateTopKLists(lists, test, { ks: [5, 10, 20] });
 * ```
 * @throws RangeError on k < 1 or not an integer, `ks` empty, with such a K or with a K twice, both `k` and `ks`, an
 *   unknown option key, an empty test set, a `Map` key that is not a non-negative integer, or a list with an item that
 *   is not an integer, lies outside `[0, test.numItems)` or appears twice (naming the user and the position).
 * @throws TypeError when `lists` is neither a Map nor an array, a list is not an array of numbers, or `ks` is not an
 *   array.
 * @throws Error if a metric comes out non-finite (it cannot with checked lists: the check guards the formulas).
 */
export function evaluateTopKLists(
  lists: TopKLists,
  test: Interactions,
  options?: TopKListsOptions & { ks?: undefined },
): TopKListsResult;
export function evaluateTopKLists(
  lists: TopKLists,
  test: Interactions,
  options: TopKListsOptions & { k?: undefined; ks: readonly number[] },
): TopKListsResult[];
export function evaluateTopKLists(
  lists: TopKLists,
  test: Interactions,
  options?: TopKListsOptions,
): TopKListsResult | TopKListsResult[];
export function evaluateTopKLists(
  lists: TopKLists,
  test: Interactions,
  options: TopKListsOptions = {},
): TopKListsResult | TopKListsResult[] {
  const fn = 'evaluateTopKLists';
  refuseUnknownOptions(fn, options, TOP_K_LISTS_OPTIONS);
  const { k, ks } = options;
  if (k !== undefined && ks !== undefined) {
    throw new RangeError(`${fn}: give k or ks, not both (got k = ${describeValue(k)} and ks)`);
  }
  if (k !== undefined) checkPositiveInteger(fn, 'k', k);
  if (ks !== undefined) checkCutoffs(fn, 'ks', ks);
  const cutoffs = ks ?? [k ?? 10];
  if (test.size === 0) throw new RangeError(`${fn}: the test set is empty`);
  const start = performance.now();
  const { listOf, ignored } = checkLists(fn, lists, test);

  const maxK = Math.max(...cutoffs);
  const testUsers: number[] = [];
  for (let u = 0; u < test.numUsers; u++) if (test.userDegree(u) > 0) testUsers.push(u);
  const n = testUsers.length;
  const values = cutoffs.map(
    () =>
      Object.fromEntries(LIST_METRIC_NAMES.map((name) => [name, new Float64Array(n)])) as Record<
        ListMetricName,
        Float64Array
      >,
  );
  const short = new Array<number>(cutoffs.length).fill(0);
  const truncated = new Array<number>(cutoffs.length).fill(0);
  const withoutList: number[] = [];
  const relevantMask = new Uint8Array(test.numItems);
  const hitPositions = new Int32Array(maxK);

  testUsers.forEach((u, index) => {
    const relevant = distinct(test.itemsOf(u));
    const list = listOf(u);
    if (list === undefined) withoutList.push(u);
    // The positions of the hits among the first maxK items of the list, ascending.
    let hits = 0;
    if (list !== undefined) {
      for (const i of relevant) relevantMask[i] = 1;
      const end = Math.min(list.length, maxK);
      for (let p = 0; p < end; p++) if (relevantMask[list[p]!]) hitPositions[hits++] = p;
      for (const i of relevant) relevantMask[i] = 0;
    }
    cutoffs.forEach((cutoff, c) => {
      if (list !== undefined && list.length < cutoff) short[c]++;
      if (list !== undefined && list.length > cutoff) truncated[c]++;
      const metrics = listMetrics(hitPositions.subarray(0, hits), relevant.length, cutoff);
      for (const name of LIST_METRIC_NAMES) {
        const value = metrics[name];
        if (!Number.isFinite(value)) throw new Error(`${fn}: ${name}@${cutoff} of user ${u} is ${value}`);
        values[c]![name][index] = value;
      }
    });
  });

  const seconds = (performance.now() - start) / 1000;
  const users = Int32Array.from(testUsers);
  const usersWithoutList = Int32Array.from(withoutList);
  const results = cutoffs.map((cutoff, c): TopKListsResult => {
    const perMetric = values[c]!;
    const metrics = {} as ListMetricValues;
    const ci95 = {} as Record<ListMetricName, [number, number]>;
    for (const name of LIST_METRIC_NAMES) {
      const summary = summarize(perMetric[name]);
      metrics[name] = summary.mean;
      ci95[name] = summary.ci95;
    }
    return {
      protocol: 'top-k-lists',
      k: cutoff,
      users: n,
      metrics,
      ci95,
      perUser: { users: c === 0 ? users : users.slice(), ...perMetric },
      missingLists: withoutList.length,
      usersWithoutList: c === 0 ? usersWithoutList : usersWithoutList.slice(),
      ignoredLists: ignored,
      shortLists: short[c]!,
      truncatedLists: truncated[c]!,
      seconds,
    };
  });
  return ks === undefined ? results[0]! : results;
}

/**
 * The metrics at K of a list whose hits (relevant items among its first K) are at `hits` (ascending positions), for
 * R = `relevant` relevant items. The metric functions of this package want a position for every relevant item: the
 * list places the R − h it misses only somewhere at K or below, so they are put at K, K + 1, … among K + R candidates
 * (a consistent ranking: every position is checked). No metric at K looks below K, so where exactly they sit does not
 * matter; MRR and AUC would, and are not computed.
 */
function listMetrics(hits: Int32Array, relevant: number, k: number): ListMetricValues {
  let h = 0;
  while (h < hits.length && hits[h]! < k) h++;
  const positions = new Int32Array(relevant);
  positions.set(hits.subarray(0, h));
  for (let j = h; j < relevant; j++) positions[j] = k + (j - h);
  const candidates = k + relevant;
  return {
    hr: hitRate(positions, relevant, candidates, k),
    ndcg: ndcg(positions, relevant, candidates, k),
    precision: precision(positions, relevant, candidates, k),
    recall: recall(positions, relevant, candidates, k),
    map: averagePrecision(positions, relevant, candidates, k),
  };
}

/** The distinct values of an ascending array (a test item listed twice counts once). */
function distinct(items: Int32Array): Int32Array {
  let n = 0;
  const out = new Int32Array(items.length);
  for (let k = 0; k < items.length; k++) if (k === 0 || items[k] !== items[k - 1]) out[n++] = items[k]!;
  return out.subarray(0, n);
}

/**
 * Checks every list (whether or not its user has test rows) and returns the lookup of a user's list and the number
 * of lists for users without test rows. A list must be an array of distinct integer items of `[0, test.numItems)`;
 * a Map key must be a non-negative integer.
 */
function checkLists(
  fn: string,
  lists: TopKLists,
  test: Interactions,
): { listOf: (u: number) => ArrayLike<number> | undefined; ignored: number } {
  const seenAt = new Int32Array(test.numItems).fill(-1);
  let ignored = 0;
  const checkList = (user: number, list: unknown): void => {
    if (list === undefined) return;
    if (list === null || typeof list !== 'object' || typeof (list as ArrayLike<number>).length !== 'number') {
      throw new TypeError(
        `${fn}: the list of user ${user} must be an array of item indices, got ${describeValue(list)}`,
      );
    }
    const items = list as ArrayLike<unknown>;
    for (let p = 0; p < items.length; p++) {
      const i = items[p];
      if (typeof i !== 'number' || !Number.isInteger(i)) {
        throw new RangeError(
          `${fn}: the list of user ${user} has ${describeValue(i)} at position ${p}, not an integer item index`,
        );
      }
      if (i < 0 || i >= test.numItems) {
        throw new RangeError(
          `${fn}: the list of user ${user} has item ${i} at position ${p}, outside test's item space ` +
            `[0, ${test.numItems})`,
        );
      }
      if (seenAt[i] !== -1) {
        throw new RangeError(`${fn}: the list of user ${user} has item ${i} twice, at positions ${seenAt[i]} and ${p}`);
      }
      seenAt[i] = p;
    }
    for (let p = 0; p < items.length; p++) seenAt[items[p] as number] = -1;
    if (user >= test.numUsers || test.userDegree(user) === 0) ignored++;
  };
  if (lists instanceof Map) {
    for (const [user, list] of lists) {
      if (typeof user !== 'number' || !Number.isInteger(user) || user < 0) {
        throw new RangeError(`${fn}: lists has key ${describeValue(user)}, not a user index (an integer ≥ 0)`);
      }
      checkList(user, list);
    }
    return { listOf: (u) => lists.get(u), ignored };
  }
  if (Array.isArray(lists)) {
    for (let u = 0; u < lists.length; u++) checkList(u, lists[u]);
    return { listOf: (u) => (u < lists.length ? lists[u] : undefined), ignored };
  }
  throw new TypeError(
    `${fn}: lists must be a Map from user to list or an array indexed by user, got ${describeValue(lists)}`,
  );
}
