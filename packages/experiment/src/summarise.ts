import {
  COMPARISON_PROTOCOLS,
  type ComparisonProtocol,
  type ComparisonRun,
  type ComparisonSummary,
} from './comparison-result.js';
import { meanInterval } from './stats/confidence-interval.js';
import { pairedTTest } from './stats/paired-t-test.js';

/** Per-user test values of every model × protocol × metric, summed over seeds, for the paired tests. */
export class PerUserValues {
  private readonly sums = new Map<string, Map<number, { sum: number; seeds: number }>>();

  /** Adds one seed's per-user values (a user listed twice, as in several cases, is averaged within the seed). */
  add(model: string, protocol: ComparisonProtocol, metric: string, users: Int32Array, values: Float64Array): void {
    const key = `${model}\u0000${protocol}\u0000${metric}`;
    let byUser = this.sums.get(key);
    if (!byUser) this.sums.set(key, (byUser = new Map()));
    const within = new Map<number, { sum: number; n: number }>();
    for (let k = 0; k < users.length; k++) {
      const entry = within.get(users[k]!) ?? { sum: 0, n: 0 };
      entry.sum += values[k]!;
      entry.n++;
      within.set(users[k]!, entry);
    }
    for (const [user, { sum, n }] of within) {
      const entry = byUser.get(user) ?? { sum: 0, seeds: 0 };
      entry.sum += sum / n;
      entry.seeds++;
      byUser.set(user, entry);
    }
  }

  /** Each user's mean over seeds. */
  means(model: string, protocol: ComparisonProtocol, metric: string): Map<number, number> {
    const byUser = this.sums.get(`${model}\u0000${protocol}\u0000${metric}`) ?? new Map();
    return new Map([...byUser].map(([user, { sum, seeds }]) => [user, sum / seeds]));
  }
}

/**
 * Every model × protocol × metric over seeds: mean, Student-t 95% interval, and a paired t-test against the best model
 * of that protocol and metric (per user, each user's value averaged over seeds; not for coverage, which has no
 * per-user value).
 */
export function summarise(
  runs: readonly ComparisonRun[],
  perUser: PerUserValues,
  seeds: readonly number[],
): ComparisonSummary[] {
  const models = [...new Set(runs.map((r) => r.model))];
  const rows: ComparisonSummary[] = [];
  for (const protocol of COMPARISON_PROTOCOLS) {
    const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.metrics[protocol] ?? {})))];
    for (const metric of metrics) {
      const group: ComparisonSummary[] = [];
      for (const model of models) {
        const values = seeds.flatMap((seed) => {
          const value = runs.find((r) => r.model === model && r.seed === seed)?.metrics[protocol]?.[metric];
          return value === undefined ? [] : [value];
        });
        if (values.length === 0) continue;
        const { mean, ci } = meanInterval(values);
        group.push({ model, protocol, metric, mean, ci95: ci, values });
      }
      if (!metric.startsWith('coverage')) addPairedTests(group, perUser);
      rows.push(...group);
    }
  }
  return rows;
}

function addPairedTests(group: ComparisonSummary[], perUser: PerUserValues): void {
  if (group.length < 2) return;
  const best = group.reduce((a, b) => (b.mean > a.mean ? b : a));
  const bestByUser = perUser.means(best.model, best.protocol, best.metric);
  for (const row of group) {
    if (row === best) continue;
    const mine = perUser.means(row.model, row.protocol, row.metric);
    const users = [...mine.keys()].filter((u) => bestByUser.has(u));
    if (users.length < 2) continue;
    const test = pairedTTest(
      users.map((u) => mine.get(u)!),
      users.map((u) => bestByUser.get(u)!),
    );
    row.paired = {
      against: best.model,
      meanDifference: test.meanDifference,
      t: test.t,
      df: test.df,
      p: test.p,
      users: test.n,
    };
  }
}
