/**
 * The result of {@link compare}: every number of a comparison, in a JSON-safe shape (`recsys compare` writes it as
 * `results.json`; `recsys report` draws the charts from it again).
 */

import type { Json } from '@recsys/models';

// Settings and chosen hyper-parameters are kept as JSON: the same value type as a model's manifest.
export type { Json };

/**
 * The evaluation protocols of a comparison: `sampled` (the held-out item among sampled negatives) and `full` (among
 * every item the user has not seen) follow a leave-one-out or given-test split; `sampled-warm` and `full-warm` are the
 * same over the warm test cases only (user and item with training rows, each ranked against the same candidates),
 * reported beside them when cold test cases are kept (`coldCases: 'include'`), so one run gives the figure over all
 * test users and the one a cold-free protocol would give; `in-matrix` (a user's held-out items among the items seen in
 * training) and `out-of-matrix` (their items never seen in training, among those cold items only) follow DualNet's
 * split.
 */
export const COMPARISON_PROTOCOLS = [
  'sampled',
  'full',
  'sampled-warm',
  'full-warm',
  'in-matrix',
  'out-of-matrix',
] as const;

/** An evaluation protocol of a comparison (see {@link COMPARISON_PROTOCOLS}). */
export type ComparisonProtocol = (typeof COMPARISON_PROTOCOLS)[number];

/** The metrics a comparison reports, each at every cutoff K (`auc` and `mrr` do not depend on K). */
export const COMPARISON_METRICS = ['hr', 'ndcg', 'mrr', 'recall', 'precision', 'auc', 'coverage'] as const;

/** A metric a comparison reports. */
export type ComparisonMetric = (typeof COMPARISON_METRICS)[number];

/** One tuning trial: a point of the search space trained on the inner split and scored on validation. */
export interface TuningTrial {
  /** The settings tried (model options and fit options together). */
  params: { [key: string]: Json };
  /** Validation score of the selection metric (at the best epoch, for a model trained by epochs); NaN if it failed. */
  score: number;
  /** Why the trial failed (the fit threw, or its validation score was not finite): the other trials went on. */
  failed?: string;
  /** Best epoch by validation (models trained by epochs only). */
  epochs?: number;
  /** Validation score after each epoch (models trained by epochs only). */
  curve?: number[];
  /** Seconds the trial took (fit and validation). */
  seconds: number;
}

/** One model on one seed: its tuning, the refit's cost, and its test metrics. */
export interface ComparisonRun {
  /** The model's label in the comparison (e.g. `'ease'`, `'neumf'`). */
  model: string;
  /** The seed of this run (split, negatives and model initialisation). */
  seed: number;
  /** The settings chosen on validation, with `epochs` for a model trained by epochs. */
  chosen: { [key: string]: Json };
  /** Every trial, in the order tried. */
  trials: TuningTrial[];
  /** Validation score after each epoch of the chosen trial (models trained by epochs only). */
  curve?: number[];
  /** Seconds of the final fit on train + validation. */
  fitSeconds: number;
  /** Seconds of the test evaluation, per protocol. */
  evalSeconds: Partial<Record<ComparisonProtocol, number>>;
  /**
   * Test metrics per protocol, keyed `'<metric>@<k>'` (e.g. `'ndcg@10'`; `'auc'` and `'mrr'` without a cutoff).
   * `coverage@k` (the share of the catalogue in anyone's top K) is reported under the full-ranking protocol only.
   * `out-of-matrix` is there only for models that score cold items (from content, or at random).
   */
  metrics: Partial<Record<ComparisonProtocol, { [metricAtK: string]: number }>>;
}

/** A paired test of one model against the best model of a metric. */
export interface PairedTest {
  /** The model compared against (the best by mean). */
  against: string;
  /** Mean of the per-user differences (this model − best), each user's metric averaged over seeds first. */
  meanDifference: number;
  /** Student's t statistic of the differences. */
  t: number;
  /** Degrees of freedom (users − 1). */
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** Users paired. */
  users: number;
}

/** One model × protocol × metric over all seeds. */
export interface ComparisonSummary {
  model: string;
  protocol: ComparisonProtocol;
  /** `'<metric>@<k>'`, as in {@link ComparisonRun.metrics}. */
  metric: string;
  /** Mean over seeds. */
  mean: number;
  /** 95% confidence interval of the mean over seeds (Student t, seeds − 1 degrees of freedom; the mean itself for one seed). */
  ci95: [number, number];
  /** The value of each seed, in seed order. */
  values: number[];
  /** The paired test against the best model of this protocol and metric; absent for the best itself and for coverage. */
  paired?: PairedTest;
}

/** Everything a comparison did and found. */
export interface ComparisonResult {
  /** Identifies the file. */
  format: 'recsys-comparison';
  /** Version of this shape. */
  version: 1;
  /** The recsys version that ran it. */
  recsysVersion: string;
  /** ISO times the comparison started and ended. */
  started: string;
  finished: string;
  /** The data: a name for reports, and its size. */
  data: { name: string; users: number; items: number; interactions: number };
  /**
   * How each seed split the data (`'leave-one-out'`, `'given test'` or `'dualnet'`): training rows of the refit,
   * validation and test cases, and the cases left out as cold (a user or item without training rows). The dualnet
   * split draws anew per seed: its counts are the first seed's.
   */
  split: {
    kind: string;
    train: number;
    validation: number;
    test: number;
    coldTestCases: number;
    coldValidationCases: number;
    /** Present (true) when the cold test cases were kept in the test (`coldCases: 'include'`), not left out. */
    coldTestCasesKept?: boolean;
    /** Present when `testCases` drew a sample of the test cases: how many were drawn, of how many (per seed). */
    testCasesDrawn?: { drawn: number; of: number };
    /** Dualnet split: out-of-matrix cases (known users' rows on the cold items) evaluated. */
    outOfMatrix?: number;
    /** Dualnet split: out-of-matrix cases left out because their user has no training row to be encoded from. */
    coldOutOfMatrixCases?: number;
    /** Dualnet split: the cold items (no training row; the out-of-matrix candidates). */
    coldItems?: number;
    /** Dualnet split: rows of the new (unknown) users, which no protocol of a comparison uses. */
    newUserRows?: number;
    /**
     * With a target behaviour: its name and the log's behaviours; for leave-one-out, the supportive rows dropped
     * because they came at or after a held-out target row of their pair, and those of such pairs kept because they
     * came earlier; for a given test, the test pairs that also have supportive training rows (kept: no time order).
     */
    behaviours?: {
      target: string;
      names: string[];
      leakedSupportiveRows?: number;
      earlierSupportiveRows?: number;
      testPairsWithSupportive?: number;
    };
  };
  /** Protocols evaluated; `negatives` is the sampled protocol's count. */
  protocols: ComparisonProtocol[];
  negatives: number;
  /** Cutoffs K. */
  ks: number[];
  /** Seeds, in order. */
  seeds: number[];
  /** What tuning maximised on validation. */
  selection: { protocol: ComparisonProtocol; metric: string };
  /** Tuning budget: the most trials per model and seed. */
  budget: number;
  /** Every model × seed. */
  runs: ComparisonRun[];
  /** Every model × protocol × metric, over seeds. */
  summary: ComparisonSummary[];
  /** Models that could not take part (e.g. EASE refusing a catalogue it cannot hold), with the reason. */
  skipped: { model: string; seed?: number; reason: string }[];
}
