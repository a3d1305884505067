import {
  checkDisjointPairs,
  checkSameIdSpace,
  describeValue,
  type Interactions,
  refuseUnknownOptions,
} from '@recsys/data';
import { type RankingSource, rankInBatches } from './batched-ranking.js';
import { checkPositiveInteger, DEFAULT_BATCH_SIZE, type EvaluationOptions } from './options.js';
import { type EvaluationResult, MetricsCollector, type Protocol } from './result.js';
import type { Scorer } from './scorer.js';

/** Options of {@link evaluateFullRanking} (and {@link evaluateHoldout}). */
export interface FullRankingOptions extends EvaluationOptions {
  /**
   * More logs whose (user, item) pairs are removed from the candidates, like train's: typically the validation split
   * when evaluating on test. They must share train's index space.
   */
  exclude?: readonly Interactions[];
  /**
   * Rank among these items only (indices of train's item space): e.g. the items with training rows for DualNet's
   * in-matrix task, or the held-out cold items for its out-of-matrix task. Every relevant item must be one of them.
   * Default every item.
   */
  candidates?: Int32Array;
}

/**
 * Full-ranking evaluation: for each user with test rows, the relevant items are that user's test items (an item
 * listed twice counts once), and the candidates are every item in `[0, train.numItems)` the user has no row for in
 * `train` (nor in any `exclude` log), plus the relevant items. Ties count against the relevant items. Users without
 * test rows are skipped; metrics are averaged over users.
 *
 * `test` (and each `exclude` log) must share train's id space: the same `IdMap` objects (as `train.sameSpace()`
 * gives), or maps whose raw ids equal train's at every index both have (test may extend them with cold ids). Two
 * files loaded separately number their ids in their own order, and user 0 of one is not user 0 of the other. No test
 * pair may also be a train pair: a held-out item cannot also be a seen one.
 *
 * Scoring goes in batches of at most `batchSize` pairs, filled with the candidates of one or several users (a user
 * may span several batches); per user only the relevant scores and counts are kept, so memory does not grow with
 * users × items.
 *
 * @example
 * ```ts
 * // train, validation, test: Interactions of one split, sharing one index space (e.g. leave-one-out).
 * const result = await evaluateFullRanking(model, train, test, { k: 10, exclude: [validation] });
 * console.log(`HR@10 ${result.metrics.hr} [${result.ci95.hr.join(', ')}] over ${result.users} users`);
 * ```
 * @throws RangeError on k or batchSize < 1, an unknown option key, an empty test set, a test/exclude row whose user
 *   or item lies outside train's index space, a test/exclude log built with other id maps (naming the first index
 *   whose raw ids differ, and both ids), or test pairs that are also train pairs (naming how many).
 * @throws TypeError when `exclude` is not an array.
 * @throws Error if the scorer returns the wrong number of scores or a NaN.
 */
export async function evaluateFullRanking(
  scorer: Scorer,
  train: Interactions,
  test: Interactions,
  options: FullRankingOptions = {},
): Promise<EvaluationResult> {
  return evaluateAgainstAllItems('evaluateFullRanking', 'full', scorer, train, test, options, 10);
}

const FULL_RANKING_OPTIONS = ['k', 'batchSize', 'onProgress', 'exclude', 'candidates'] as const;

/**
 * The ranking shared by full ranking and holdout: each user's relevant items against all items the user has no
 * train/exclude row for.
 * @internal
 */
export async function evaluateAgainstAllItems(
  fn: string,
  protocol: Protocol,
  scorer: Scorer,
  train: Interactions,
  test: Interactions,
  options: FullRankingOptions,
  defaultK: number,
): Promise<EvaluationResult> {
  refuseUnknownOptions(fn, options, FULL_RANKING_OPTIONS);
  const { k = defaultK, batchSize = DEFAULT_BATCH_SIZE, exclude = [], onProgress, candidates } = options;
  checkPositiveInteger(fn, 'k', k);
  checkPositiveInteger(fn, 'batchSize', batchSize);
  if (!Array.isArray(exclude))
    throw new TypeError(`${fn}: exclude must be an array of logs, got ${describeValue(exclude)}`);
  if (test.size === 0) throw new RangeError(`${fn}: the test set is empty`);
  checkSpace(fn, 'test', test, train);
  exclude.forEach((log, e) => checkSpace(fn, `exclude[${e}]`, log, train));
  checkDisjointPairs(fn, train, test, 'a held-out pair cannot also be a seen item');
  const start = performance.now();
  const outside = candidates === undefined ? undefined : outsideCandidates(fn, candidates, train, test);
  const source = new AllItemsSource(train, test, exclude, outside);
  const collector = new MetricsCollector(source.groups, k);
  await rankInBatches(scorer, source, { batchSize, onProgress }, (g, user, positions, candidates) =>
    collector.record(g, user, positions, positions.length, candidates),
  );
  return collector.result(protocol, (performance.now() - start) / 1000);
}

/**
 * One group per user with test rows: the user's distinct test items, then every other item the user has no row for
 * in train or the exclude logs, ascending. A mask over the items (reused, one byte per item) marks the current
 * user's excluded and relevant items.
 */
class AllItemsSource implements RankingSource {
  readonly groups: number;
  readonly totalPairs: number;
  private readonly userList: Int32Array;
  private readonly relevantPtr: Int32Array;
  private readonly relevantItems: Int32Array;
  private readonly irrelevant: Int32Array;
  private readonly mask: Uint8Array;
  private readonly numItems: number;
  private cursor = 0;

  constructor(
    private readonly train: Interactions,
    test: Interactions,
    private readonly exclude: readonly Interactions[],
    /** 1 for the items that are not candidates: never emitted, never counted. */
    private readonly outside?: Uint8Array,
  ) {
    this.numItems = train.numItems;
    this.mask = new Uint8Array(this.numItems);
    let candidates = this.numItems;
    if (outside) for (let i = 0; i < this.numItems; i++) candidates -= outside[i]!;
    const userList: number[] = [];
    const relevantPtr: number[] = [0];
    const relevantItems: number[] = [];
    for (let u = 0; u < test.numUsers; u++) {
      const items = test.itemsOf(u); // ascending: duplicates are adjacent
      if (items.length === 0) continue;
      userList.push(u);
      for (let k = 0; k < items.length; k++) if (k === 0 || items[k] !== items[k - 1]) relevantItems.push(items[k]);
      relevantPtr.push(relevantItems.length);
    }
    this.groups = userList.length;
    this.userList = Int32Array.from(userList);
    this.relevantPtr = Int32Array.from(relevantPtr);
    this.relevantItems = Int32Array.from(relevantItems);
    this.irrelevant = new Int32Array(this.groups);
    let total = 0;
    for (let g = 0; g < this.groups; g++) {
      const marked = this.mark(g, 1);
      this.mark(g, 0);
      this.irrelevant[g] = candidates - marked;
      total += candidates - marked + this.relevantPtr[g + 1] - this.relevantPtr[g];
    }
    this.totalPairs = total;
  }

  user(g: number): number {
    return this.userList[g];
  }

  relevant(g: number): Int32Array {
    return this.relevantItems.subarray(this.relevantPtr[g], this.relevantPtr[g + 1]);
  }

  irrelevantCount(g: number): number {
    return this.irrelevant[g];
  }

  begin(g: number): void {
    this.mark(g, 1);
    this.cursor = 0;
  }

  emit(out: Int32Array, offset: number, max: number): number {
    const mask = this.mask;
    const outside = this.outside;
    const numItems = this.numItems;
    let i = this.cursor;
    let n = 0;
    while (n < max && i < numItems) {
      if (mask[i] === 0 && !(outside && outside[i])) out[offset + n++] = i;
      i++;
    }
    this.cursor = i;
    return n;
  }

  end(g: number): void {
    this.mark(g, 0);
  }

  /** Sets the mask of group g's train, exclude and relevant items to `value`; returns how many entries changed. */
  private mark(g: number, value: 0 | 1): number {
    const u = this.userList[g];
    let changed = this.markItems(this.relevant(g), value);
    changed += this.markItems(this.train.itemsOf(u), value);
    for (const log of this.exclude) if (u < log.numUsers) changed += this.markItems(log.itemsOf(u), value);
    return changed;
  }

  private markItems(items: Int32Array, value: 0 | 1): number {
    const mask = this.mask;
    const outside = this.outside;
    let changed = 0;
    for (let k = 0; k < items.length; k++) {
      const i = items[k];
      if (outside && outside[i]) continue; // not a candidate: not among the counted ones either
      if (mask[i] !== value) {
        mask[i] = value;
        changed++;
      }
    }
    return changed;
  }
}

/** The items that are not `candidates`, as a mask; refuses a candidate outside the space or a relevant non-candidate. */
function outsideCandidates(fn: string, candidates: Int32Array, train: Interactions, test: Interactions): Uint8Array {
  if (!(candidates instanceof Int32Array)) {
    throw new TypeError(`${fn}: candidates must be an Int32Array of items, got ${describeValue(candidates)}`);
  }
  const outside = new Uint8Array(train.numItems).fill(1);
  candidates.forEach((i, at) => {
    if (!(i >= 0 && i < train.numItems)) {
      throw new RangeError(`${fn}: candidate ${i} (at ${at}) is not an item of train's [0, ${train.numItems})`);
    }
    outside[i] = 0;
  });
  const { users, items } = test;
  for (let r = 0; r < test.size; r++) {
    if (outside[items[r]]) {
      throw new RangeError(
        `${fn}: test row ${r} (user ${users[r]}, item ${items[r]}) is not among the candidates: a relevant item ` +
          'that cannot be ranked would count as a miss',
      );
    }
  }
  return outside;
}

function checkSpace(fn: string, name: string, log: Interactions, train: Interactions): void {
  checkSameIdSpace(fn, train, log, { reference: 'train', log: name });
  const { users, items } = log;
  for (let r = 0; r < log.size; r++) {
    if (users[r] >= train.numUsers) {
      throw new RangeError(`${fn}: ${name} row ${r} has user ${users[r]}, outside train's [0, ${train.numUsers})`);
    }
    if (items[r] >= train.numItems) {
      throw new RangeError(`${fn}: ${name} row ${r} has item ${items[r]}, outside train's [0, ${train.numItems})`);
    }
  }
}
