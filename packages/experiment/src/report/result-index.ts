import { isHoldoutProtocol } from './protocol-name.js';
import { COMPARISON_METRICS } from '../comparison-result.js';
import type { ComparisonProtocol, ComparisonResult, ComparisonSummary } from '../comparison-result.js';
import { isFiniteNumber } from './format-number.js';

/**
 * Lookups every renderer needs from a {@link ComparisonResult}: the models in the order they ran, a model's summary
 * of a protocol and metric (finite ones only), the best model of each column, mean fit seconds, validation curves,
 * and what is missing. Derived from `summary` and `runs` only, so a renderer never recomputes a statistic.
 *
 * Building costs O(runs + summary); each lookup O(1) but {@link ResultIndex.best}, O(models).
 *
 * @example
 * ```ts
 * const index = new ResultIndex(result);
 * index.best('full', 'ndcg@10'); // ['ease']
 * ```
 */
export class ResultIndex {
  /** Models that have runs or summaries, in the order they first appear (skipped-only models are not here). */
  readonly models: readonly string[];
  /** The protocols the result declares, in its order. */
  readonly protocols: readonly ComparisonProtocol[];
  private readonly cells = new Map<string, ComparisonSummary>();

  constructor(readonly result: ComparisonResult) {
    const models: string[] = [];
    const seen = new Set<string>();
    const add = (model: string) => {
      if (!seen.has(model)) models.push(model);
      seen.add(model);
    };
    for (const run of result.runs) add(run.model);
    for (const entry of result.summary) {
      add(entry.model);
      if (isFiniteNumber(entry.mean)) this.cells.set(key(entry.model, entry.protocol, entry.metric), entry);
    }
    this.models = models;
    this.protocols = [...result.protocols];
  }

  /** The summary of a model's metric under a protocol, or `undefined` when it is missing or its mean is not finite. */
  summary(model: string, protocol: ComparisonProtocol, metric: string): ComparisonSummary | undefined {
    return this.cells.get(key(model, protocol, metric));
  }

  /** Half the width of the 95% interval, or `undefined` when the interval is missing or not finite. */
  halfWidth(entry: ComparisonSummary): number | undefined {
    const ci = entry.ci95;
    if (!Array.isArray(ci) || !isFiniteNumber(ci[0]) || !isFiniteNumber(ci[1])) return undefined;
    return (ci[1] - ci[0]) / 2;
  }

  /** The models with the highest mean of a column (several on a tie; none when no model has a finite mean). */
  best(protocol: ComparisonProtocol, metric: string): string[] {
    let top = -Infinity;
    let best: string[] = [];
    for (const model of this.models) {
      const mean = this.summary(model, protocol, metric)?.mean;
      if (mean === undefined) continue;
      if (mean > top) [top, best] = [mean, [model]];
      else if (mean === top) best.push(model);
    }
    return best;
  }

  /** Whether the paired test against the best of the column says this model is worse at p < 0.05. */
  significantlyWorse(model: string, protocol: ComparisonProtocol, metric: string): boolean {
    const paired = this.summary(model, protocol, metric)?.paired;
    return paired !== undefined && isFiniteNumber(paired.p) && paired.p < 0.05 && paired.meanDifference < 0;
  }

  /** The metric keys summarised under a protocol: by metric (in {@link COMPARISON_METRICS} order), then by K. */
  metrics(protocol: ComparisonProtocol): string[] {
    const found = new Set<string>();
    for (const entry of this.cells.values()) if (entry.protocol === protocol) found.add(entry.metric);
    return [...found].sort(compareMetricKeys);
  }

  /** The mean of a model's finite `fitSeconds` over its runs, or `undefined` when it has none. */
  meanFitSeconds(model: string): number | undefined {
    const seconds = this.result.runs.filter((r) => r.model === model && isFiniteNumber(r.fitSeconds));
    if (seconds.length === 0) return undefined;
    return seconds.reduce((sum, r) => sum + r.fitSeconds, 0) / seconds.length;
  }

  /** The validation curves of a model's runs (finite values only; runs without a curve left out), by seed order. */
  curves(model: string): number[][] {
    return this.result.runs
      .filter((r) => r.model === model && Array.isArray(r.curve) && r.curve.length > 0)
      .map((r) => r.curve!.map((v) => (isFiniteNumber(v) ? v : NaN)));
  }

  /**
   * One line per model and protocol with no finite result, e.g. `gmf: no full results`, or `ials: no out-of-matrix
   * results (it does not score cold items)`.
   */
  missing(): string[] {
    const lines: string[] = [];
    for (const model of this.models) {
      for (const protocol of this.protocols) {
        if (this.metrics(protocol).every((metric) => !this.summary(model, protocol, metric))) {
          // A model without content cannot rank items nobody interacted with: compare leaves it out on purpose.
          const why = protocol === 'out-of-matrix' ? ' (it does not score cold items)' : '';
          lines.push(`${model}: no ${protocol} results${why}`);
        }
      }
    }
    return lines;
  }

  /**
   * The cutoff reports lead with: 10 when evaluated, else the evaluated K closest to 10 (the smaller on a tie);
   * `undefined` when the result has no cutoffs.
   */
  headlineK(): number | undefined {
    const ks = this.result.ks.filter((k) => Number.isInteger(k) && k > 0);
    if (ks.length === 0) return undefined;
    return ks.reduce((a, b) =>
      Math.abs(b - 10) < Math.abs(a - 10) || (Math.abs(b - 10) === Math.abs(a - 10) && b < a) ? b : a,
    );
  }

  /**
   * The metric charts draw: with DualNet's protocols the selection metric (Recall@M); else NDCG at the headline K when
   * summarised, else the selection metric, else the first metric any protocol has.
   */
  chartMetric(): string | undefined {
    const all = new Set(this.protocols.flatMap((p) => this.metrics(p)));
    // DualNet's split is judged by Recall@M, which its selection metric is by default.
    if (this.protocols.some(isHoldoutProtocol) && all.has(this.result.selection.metric)) {
      return this.result.selection.metric;
    }
    const k = this.headlineK();

    if (k !== undefined && all.has(`ndcg@${k}`)) return `ndcg@${k}`;
    if (all.has(this.result.selection.metric)) return this.result.selection.metric;
    return [...all].sort(compareMetricKeys)[0];
  }
}

function key(model: string, protocol: string, metric: string): string {
  return JSON.stringify([model, protocol, metric]);
}

/** Orders `'<metric>@<k>'` keys by metric (known ones first, in their order), then by K. */
function compareMetricKeys(a: string, b: string): number {
  const [ma, ka] = splitKey(a);
  const [mb, kb] = splitKey(b);
  const ia = rank(ma);
  const ib = rank(mb);
  if (ia !== ib) return ia - ib;
  if (ma !== mb) return ma < mb ? -1 : 1;
  return ka - kb;
}

function rank(metric: string): number {
  const i = (COMPARISON_METRICS as readonly string[]).indexOf(metric);
  return i < 0 ? COMPARISON_METRICS.length : i;
}

function splitKey(metric: string): [string, number] {
  const at = metric.indexOf('@');
  return at < 0 ? [metric, 0] : [metric.slice(0, at), Number(metric.slice(at + 1))];
}
