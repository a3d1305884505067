import { describeValue } from '@recsys/data';
import { METRIC_NAMES, type MetricName, type MetricValues, rankingMetrics } from './metrics.js';
import { summarize } from './summary.js';

/** Which protocol produced an {@link EvaluationResult}. */
export type Protocol = 'sampled' | 'full' | 'holdout';

/** Reports progress: `done` of `total` (user, item) pairs scored so far. Called once per batch. */
export type ProgressCallback = (done: number, total: number) => void;

/** What every protocol returns. */
export interface EvaluationResult {
  /** The protocol that produced it. */
  protocol: Protocol;
  /** The cutoff K of HR, NDCG, precision, recall and MAP. */
  k: number;
  /** Number of evaluated cases (sampled) or users (full ranking, holdout). */
  users: number;
  /** Mean of each metric over the cases/users. */
  metrics: MetricValues;
  /** 95% confidence interval of each mean (normal approximation; `[mean, mean]` with a single case). */
  ci95: Record<MetricName, [number, number]>;
  /** The per-case values: the user of each case, and each metric's value for it (all arrays in the same order). */
  perUser: { users: Int32Array } & Record<MetricName, Float64Array>;
  /** Mean number of candidates ranked per case, relevant items included. */
  candidates: number;
  /** Fewest and most candidates of any case: equal under the sampled protocol, so a metric means one thing. */
  candidateRange: [number, number];
  /** Wall-clock seconds the evaluation took. */
  seconds: number;
}

/**
 * Collects per-case metric values (written by case index, any order) and turns them into an {@link EvaluationResult}.
 * Memory: one Float64Array per metric, of the number of cases.
 *
 * @example
 * ```ts
 * const collector = new MetricsCollector(2, 10);
 * collector.record(0, 7, Int32Array.of(0), 1, 100);
 * collector.record(1, 9, Int32Array.of(20), 1, 100);
 * collector.result('sampled', 0.1).metrics.hr; // 0.5
 * ```
 */
export class MetricsCollector {
  private readonly users: Int32Array;
  private readonly values: Record<MetricName, Float64Array>;
  private readonly recorded: Uint8Array;
  private candidateSum = 0;
  private candidateMin = Infinity;
  private candidateMax = -Infinity;
  private count = 0;

  /**
   * @param cases - number of cases (users) to be recorded: an integer ≥ 1 (there is no mean over none).
   * @param k - the cutoff: an integer ≥ 1.
   * @throws RangeError when cases or k is not an integer ≥ 1.
   */
  constructor(
    readonly cases: number,
    readonly k: number,
  ) {
    if (!Number.isInteger(cases) || cases < 1) {
      throw new RangeError(`MetricsCollector: cases must be an integer ≥ 1 (got ${describeValue(cases)})`);
    }
    if (!Number.isInteger(k) || k < 1) {
      throw new RangeError(`MetricsCollector: k must be an integer ≥ 1 (got ${describeValue(k)})`);
    }
    this.users = new Int32Array(cases);
    this.recorded = new Uint8Array(cases);
    this.values = Object.fromEntries(METRIC_NAMES.map((name) => [name, new Float64Array(cases)])) as Record<
      MetricName,
      Float64Array
    >;
  }

  /**
   * Records case `index`: its user and the positions of its `relevant` items among `candidates` candidates.
   * @throws RangeError if the index is out of range or already recorded (or the positions are invalid).
   */
  record(index: number, user: number, positions: Int32Array, relevant: number, candidates: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.cases) {
      throw new RangeError(`MetricsCollector.record: case ${index} outside [0, ${this.cases})`);
    }
    if (this.recorded[index]) throw new RangeError(`MetricsCollector.record: case ${index} recorded twice`);
    const metrics = rankingMetrics(positions, relevant, candidates, this.k);
    for (const name of METRIC_NAMES) this.values[name][index] = metrics[name];
    this.users[index] = user;
    this.recorded[index] = 1;
    this.candidateSum += candidates;
    this.candidateMin = Math.min(this.candidateMin, candidates);
    this.candidateMax = Math.max(this.candidateMax, candidates);
    this.count++;
  }

  /**
   * The result: means, confidence intervals and per-case values.
   * @throws Error if some case was not recorded.
   */
  result(protocol: Protocol, seconds: number): EvaluationResult {
    if (this.count !== this.cases) {
      throw new Error(`MetricsCollector.result: ${this.cases - this.count} of ${this.cases} cases not recorded`);
    }
    const metrics = {} as MetricValues;
    const ci95 = {} as Record<MetricName, [number, number]>;
    for (const name of METRIC_NAMES) {
      const summary = summarize(this.values[name]);
      metrics[name] = summary.mean;
      ci95[name] = summary.ci95;
    }
    return {
      protocol,
      k: this.k,
      users: this.cases,
      metrics,
      ci95,
      perUser: { users: this.users, ...this.values },
      candidates: this.candidateSum / this.cases,
      candidateRange: [this.candidateMin, this.candidateMax],
      seconds,
    };
  }
}
