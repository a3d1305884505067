import { negativesPerCase, refuseUnknownOptions, type TestNegatives } from '@recsys/data';
import { type RankingSource, rankInBatches } from './batched-ranking.js';
import { checkPositiveInteger, DEFAULT_BATCH_SIZE, type EvaluationOptions } from './options.js';
import { type EvaluationResult, MetricsCollector } from './result.js';
import type { Scorer } from './scorer.js';

/** Options of {@link evaluateSampled}. */
export interface SampledOptions extends EvaluationOptions {
  /**
   * `'equal'` (default): every case must list as many negatives as the others — HR@10 among 5 candidates and among
   * 100 are different numbers, and a mean over both means neither. `'any'`: accept unequal counts (the result's
   * `candidateRange` shows the spread). A case with no negatives is refused either way: it ranks its item first
   * whatever the model.
   */
  negativesPerCase?: 'equal' | 'any';
}

/**
 * Sampled leave-one-out evaluation (NCF protocol): each case ranks its held-out item among its listed negatives
 * (N + 1 candidates), ties counted against the held-out item, and the metrics are averaged over cases.
 *
 * The negatives are ranked exactly as listed:
 * - a negative listed twice counts twice (`checkTestNegatives` in `@recsys/data` reports such duplicates);
 * - if a case's held-out item appears among its own negatives, that copy scores the same as the held-out item, so it
 *   is a tie and counts against it (the item is pushed down one place).
 *
 * Item indices are not range-checked here (there is no item space): the scorer sees them as given.
 *
 * @example
 * ```ts
 * // Two cases (usually read from an NCF `.test.negative` file, or sampled with a seed): user 0's held-out item 5
 * // against negatives 1, 7, 9; user 1's item 2 against 0, 4, 8.
 * const negatives: TestNegatives = {
 *   users: Int32Array.of(0, 1),
 *   positives: Int32Array.of(5, 2),
 *   offsets: Int32Array.of(0, 3, 6),
 *   items: Int32Array.of(1, 7, 9, 0, 4, 8),
 * };
 * const result = await evaluateSampled(model, negatives, { k: 10 });
 * console.log(result.metrics.hr, result.metrics.ndcg, result.ci95.hr);
 * ```
 * @throws RangeError on k or batchSize < 1, an unknown option key, malformed negatives (lengths, offsets, negative indices), no cases, a case
 * without negatives, or (unless `negativesPerCase: 'any'`) cases with unequal numbers of negatives.
 * @throws Error if the scorer returns the wrong number of scores or a NaN.
 */
export async function evaluateSampled(
  scorer: Scorer,
  negatives: TestNegatives,
  options: SampledOptions = {},
): Promise<EvaluationResult> {
  refuseUnknownOptions('evaluateSampled', options, ['k', 'batchSize', 'onProgress', 'negativesPerCase']);
  const { k = 10, batchSize = DEFAULT_BATCH_SIZE, onProgress, negativesPerCase = 'equal' } = options;
  checkPositiveInteger('evaluateSampled', 'k', k);
  checkPositiveInteger('evaluateSampled', 'batchSize', batchSize);
  if (negativesPerCase !== 'equal' && negativesPerCase !== 'any') {
    throw new RangeError(
      `evaluateSampled: negativesPerCase must be 'equal' or 'any' (got ${String(negativesPerCase)})`,
    );
  }
  checkNegatives(negatives);
  checkNegativeCounts(negatives, negativesPerCase);
  const start = performance.now();
  const source = new SampledSource(negatives);
  const collector = new MetricsCollector(source.groups, k);
  await rankInBatches(scorer, source, { batchSize, onProgress }, (g, user, positions, candidates) =>
    collector.record(g, user, positions, positions.length, candidates),
  );
  return collector.result('sampled', (performance.now() - start) / 1000);
}

/** One group per test case: its held-out item, then its negatives as listed. */
class SampledSource implements RankingSource {
  readonly groups: number;
  readonly totalPairs: number;
  private cursor = 0;
  private stop = 0;

  constructor(private readonly negatives: TestNegatives) {
    this.groups = negatives.users.length;
    this.totalPairs = this.groups + negatives.offsets[this.groups];
  }

  user(g: number): number {
    return this.negatives.users[g];
  }

  relevant(g: number): Int32Array {
    return this.negatives.positives.subarray(g, g + 1);
  }

  irrelevantCount(g: number): number {
    return this.negatives.offsets[g + 1] - this.negatives.offsets[g];
  }

  begin(g: number): void {
    this.cursor = this.negatives.offsets[g];
    this.stop = this.negatives.offsets[g + 1];
  }

  emit(out: Int32Array, offset: number, max: number): number {
    const n = Math.min(max, this.stop - this.cursor);
    out.set(this.negatives.items.subarray(this.cursor, this.cursor + n), offset);
    this.cursor += n;
    return n;
  }

  end(): void {}
}

function checkNegatives(negatives: TestNegatives): void {
  const { users, positives, offsets, items } = negatives;
  const cases = users.length;
  const fail = (message: string): never => {
    throw new RangeError(`evaluateSampled: ${message}`);
  };
  if (cases === 0) fail('no test cases (empty test set)');
  if (positives.length !== cases) fail(`${positives.length} positives for ${cases} users`);
  if (offsets.length !== cases + 1) fail(`offsets has length ${offsets.length}, expected cases + 1 = ${cases + 1}`);
  if (offsets[0] !== 0) fail(`offsets[0] is ${offsets[0]}, expected 0`);
  for (let c = 0; c < cases; c++) {
    if (offsets[c + 1] < offsets[c]) fail(`offsets decrease at case ${c}`);
    if (users[c] < 0) fail(`case ${c} has user index ${users[c]}`);
    if (positives[c] < 0) fail(`case ${c} has item index ${positives[c]}`);
  }
  if (offsets[cases] !== items.length) fail(`offsets end at ${offsets[cases]} but there are ${items.length} negatives`);
  for (let k = 0; k < items.length; k++) if (items[k] < 0) fail(`negative ${k} has item index ${items[k]}`);
}

/** Refuses cases without negatives and, under `'equal'`, cases whose count differs from the most common one. */
function checkNegativeCounts(negatives: TestNegatives, rule: 'equal' | 'any'): void {
  const cases = negatives.users.length;
  const counts = negativesPerCase(negatives);
  const describe = (c: number): string =>
    `case ${c}, user ${negatives.users[c]}, ${negatives.offsets[c + 1] - negatives.offsets[c]} negatives`;
  if (counts.empty > 0) {
    const first = negatives.offsets.findIndex((o, c) => c < cases && negatives.offsets[c + 1] === o);
    throw new RangeError(
      `evaluateSampled: ${counts.empty} of ${cases} cases have no negatives (first: ${describe(first)}); ` +
        'such a case ranks its item first whatever the model',
    );
  }
  if (rule === 'any' || counts.differing === 0) return;
  throw new RangeError(
    `evaluateSampled: ${counts.differing} of ${cases} cases do not list the usual ${counts.common} negatives ` +
      `(from ${counts.min} to ${counts.max}; first: ${describe(counts.firstDiffering)}); metrics over unequal ` +
      "candidate sets are not comparable. Fix the negatives, or pass negativesPerCase: 'any' to rank them as listed",
  );
}
