import type {
  ComparisonProtocol,
  ComparisonResult,
  ComparisonRun,
  ComparisonSummary,
  Json,
  TuningTrial,
} from '../comparison-result.js';

/**
 * A realistic comparison result for the report specs (and the screenshot in docs/images): seven models (one named
 * `<script>alert(1)</script>` to prove escaping) × 3 seeds × the sampled and full protocols × K ∈ {5, 10, 20}, the
 * neural ones with validation curves, and one skipped model. Deterministic: no random numbers, so specs can check
 * cells by hand.
 *
 * Each metric's three seed values are `base + s·(−1, 0, +1)` in a rotating order, so its mean is `base` and its
 * sample standard deviation `s`. Specs only: not exported from the package.
 *
 * @example
 * ```ts
 * const result = comparisonFixture();
 * ```
 */
export function comparisonFixture(): ComparisonResult {
  const seeds = [1, 2, 3];
  const ks = [5, 10, 20];
  const protocols: ComparisonProtocol[] = ['sampled', 'full'];
  const runs: ComparisonRun[] = [];
  MODELS.forEach((model, m) => {
    seeds.forEach((seed, s) => {
      const offset = OFFSETS[(s + m) % 3]!;
      const metrics: ComparisonRun['metrics'] = {};
      for (const protocol of protocols) metrics[protocol] = metricsOf(model, protocol, ks, offset);
      const curve = model.curve ? curveOf(model, s) : undefined;
      const chosen: { [key: string]: Json } = { ...model.chosen };
      if (curve) chosen.epochs = curve.indexOf(Math.max(...curve)) + 1;
      runs.push({
        model: model.name,
        seed,
        chosen,
        trials: trialsOf(model, s),
        ...(curve ? { curve } : {}),
        fitSeconds: round(model.fitSeconds * (1 + 0.06 * offset), 3),
        evalSeconds: { sampled: round(0.3 + 0.01 * m, 3), full: round(2.1 + 0.2 * m, 3) },
        metrics,
      });
    });
  });
  return {
    format: 'recsys-comparison',
    version: 1,
    recsysVersion: '0.1.0',
    started: '2025-01-15T10:00:00.000Z',
    finished: '2025-01-15T10:42:17.000Z',
    data: { name: 'ml-100k', users: 943, items: 1682, interactions: 100000 },
    split: {
      kind: 'leave-one-out',
      train: 98114,
      validation: 943,
      test: 943,
      coldTestCases: 0,
      coldValidationCases: 0,
    },
    protocols,
    negatives: 99,
    ks,
    seeds,
    selection: { protocol: 'sampled', metric: 'ndcg@10' },
    budget: 4,
    runs,
    summary: summarise(runs, protocols, seeds),
    skipped: [{ model: 'slim', reason: 'the 1682 × 1682 item-item solve needs 2.3 GB, over the 1 GB budget' }],
  };
}

/** The two-sided 97.5% quantiles of Student's t for 1…10 degrees of freedom (the specs use 3 seeds: 4.302653). */
export const T975 = [
  NaN,
  12.706205,
  4.302653,
  3.182446,
  2.776445,
  2.570582,
  2.446912,
  2.364624,
  2.306004,
  2.262157,
  2.228139,
];

interface FixtureModel {
  name: string;
  /** HR@10 under the sampled protocol; every other metric scales from it. */
  quality: number;
  /** Full-ranking HR@10. */
  fullQuality: number;
  coverage: number;
  fitSeconds: number;
  curve: boolean;
  chosen: { [key: string]: Json };
}

const MODELS: FixtureModel[] = [
  { name: 'itempop', quality: 0.4, fullQuality: 0.04, coverage: 0.006, fitSeconds: 0.012, curve: false, chosen: {} },
  {
    name: 'bpr-mf',
    quality: 0.58,
    fullQuality: 0.062,
    coverage: 0.21,
    fitSeconds: 8.4,
    curve: true,
    chosen: { factors: 32, learningRate: 0.01, l2: 0.0001 },
  },
  {
    name: 'ease',
    quality: 0.62,
    fullQuality: 0.081,
    coverage: 0.18,
    fitSeconds: 2.1,
    curve: false,
    chosen: { lambda: 250 },
  },
  {
    name: 'gmf',
    quality: 0.57,
    fullQuality: 0.068,
    coverage: 0.25,
    fitSeconds: 15.2,
    curve: true,
    chosen: { factors: 16, learningRate: 0.001, negatives: 4 },
  },
  {
    name: 'mlp',
    quality: 0.55,
    fullQuality: 0.052,
    coverage: 0.12,
    fitSeconds: 24.7,
    curve: true,
    chosen: { layers: [64, 32, 16, 8], learningRate: 0.001, negatives: 4 },
  },
  {
    name: 'neumf',
    quality: 0.615,
    fullQuality: 0.06,
    coverage: 0.23,
    fitSeconds: 41.3,
    curve: true,
    chosen: { factors: 16, layers: [64, 32, 16, 8], learningRate: 0.001, negatives: 4 },
  },
  {
    name: '<script>alert(1)</script>',
    quality: 0.5,
    fullQuality: 0.047,
    coverage: 0.31,
    fitSeconds: 5.3,
    curve: false,
    chosen: { note: '<b>"quoted"</b> | piped' },
  },
];

// Seed offsets in units of the metric's spread: mean 0, sample standard deviation 1.
const OFFSETS = [-1, 0, 1];

function metricsOf(model: FixtureModel, protocol: ComparisonProtocol, ks: number[], offset: number) {
  const out: { [metricAtK: string]: number } = {};
  const q = protocol === 'sampled' ? model.quality : model.fullQuality;
  const spread = protocol === 'sampled' ? 0.01 : 0.002;
  for (const k of ks) {
    const hr = Math.min(1, q * (k / 10) ** (protocol === 'sampled' ? 0.45 : 0.7));
    out[`hr@${k}`] = round(hr + spread * offset, 6);
    out[`ndcg@${k}`] = round(hr * 0.55 + spread * 0.6 * offset, 6);
    out[`recall@${k}`] = round(hr + spread * offset, 6);
    out[`precision@${k}`] = round(hr / k + (spread / k) * offset, 6);
    if (protocol === 'full') out[`coverage@${k}`] = round(Math.min(1, model.coverage * (k / 10) ** 0.5), 6);
  }
  out.mrr = round(q * 0.42 + spread * 0.5 * offset, 6);
  if (protocol === 'sampled') out.auc = round(0.78 + 0.2 * q + spread * 0.3 * offset, 6);
  return out;
}

/** A validation curve: rises to a plateau, then overfits a little; seeds stop at different epochs. */
function curveOf(model: FixtureModel, s: number): number[] {
  const epochs = 10 + ((model.name.length + 3 * s) % 6);
  const top = model.quality * 0.56;
  const curve: number[] = [];
  for (let e = 1; e <= epochs; e++) {
    const rise = top * (1 - Math.exp(-e / (2 + s * 0.4)));
    const overfit = 0.002 * Math.max(0, e - 7);
    curve.push(round(rise - overfit + 0.003 * Math.sin(e + s), 6));
  }
  return curve;
}

function trialsOf(model: FixtureModel, s: number): TuningTrial[] {
  const trials: TuningTrial[] = [];
  const count = Object.keys(model.chosen).length === 0 ? 1 : 4;
  for (let t = 0; t < count; t++) {
    const curve = model.curve ? curveOf(model, (s + t) % 3).map((v) => round(v * (1 - 0.05 * t), 6)) : undefined;
    trials.push({
      params: t === 0 ? model.chosen : { ...model.chosen, learningRate: 0.01 * (t + 1) },
      score: round(model.quality * 0.56 * (1 - 0.05 * t), 6),
      ...(curve ? { curve, epochs: curve.indexOf(Math.max(...curve)) + 1 } : {}),
      seconds: round(model.fitSeconds * 0.8, 3),
    });
  }
  return trials;
}

function summarise(runs: ComparisonRun[], protocols: ComparisonProtocol[], seeds: number[]): ComparisonSummary[] {
  const summary: ComparisonSummary[] = [];
  for (const protocol of protocols) {
    const keys = Object.keys(runs[0]!.metrics[protocol]!);
    for (const metric of keys) {
      const rows = MODELS.map((model) => {
        const values = seeds.map(
          (seed) => runs.find((r) => r.model === model.name && r.seed === seed)!.metrics[protocol]![metric]!,
        );
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
        const half = (T975[values.length - 1]! * sd) / Math.sqrt(values.length);
        return { model: model.name, mean, values, ci95: [mean - half, mean + half] as [number, number] };
      });
      const best = rows.reduce((a, b) => (b.mean > a.mean ? b : a));
      for (const row of rows) {
        const entry: ComparisonSummary = {
          model: row.model,
          protocol,
          metric,
          mean: row.mean,
          ci95: row.ci95,
          values: row.values,
        };
        if (row !== best && !metric.startsWith('coverage')) {
          // Per-user differences have a standard deviation of about 0.4 × the best mean over 943 users.
          const users = 943;
          const meanDifference = row.mean - best.mean;
          const t = meanDifference / ((0.4 * best.mean) / Math.sqrt(users));
          entry.paired = { against: best.model, meanDifference, t, df: users - 1, p: twoSidedNormalP(t), users };
        }
        summary.push(entry);
      }
    }
  }
  return summary;
}

/** Two-sided p of a z statistic (df = 942 makes t normal to 3 decimals); Abramowitz–Stegun 7.1.26 for erf. */
function twoSidedNormalP(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return poly * Math.exp(-x * x);
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
