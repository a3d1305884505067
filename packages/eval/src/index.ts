/**
 * Ranking metrics and evaluation protocols for any model that scores (user, item) pairs: sampled leave-one-out as
 * the papers ran it, full ranking against every item a user has not seen, and DualNet's holdout Recall@M. Exact about
 * ties (they count against the relevant item) and honest about uncertainty (per-user values, means, 95% intervals).
 *
 * - A model is evaluated through a {@link Scorer} (scores for a batch of (user, item) pairs), never a model class.
 * - Ranking rule: ties count against the relevant item. With relevant scores sorted descending `s_0 ≥ s_1 ≥ …`, the
 *   0-based position of the j-th relevant item is `j + #(irrelevant candidates scoring ≥ s_j)`.
 * - Metrics (HR, precision, recall, NDCG, MAP at K; MRR and AUC over the whole ranking) are pure functions of those
 *   positions, averaged over users with a 95% confidence interval.
 * - Protocols: {@link evaluateSampled} (leave-one-out against listed negatives), {@link evaluateFullRanking} (against
 *   every item the user has not interacted with) and {@link evaluateHoldout} (DualNet Recall@M). They score in
 *   bounded batches and never hold a users × items matrix. {@link evaluateAtKs} runs one of them at several K on a
 *   single scoring pass.
 * - Lists ranked elsewhere: {@link evaluateTopKLists} evaluates precomputed top-K lists against held-out items, with
 *   the metrics at K only (a list cannot give MRR or AUC).
 *
 * @packageDocumentation
 * @module \@recsys/eval
 */
export { type MaybePromise, type Scorer, scoreBatch, checkScores } from './scorer.js';
export { RelevantRanking, rankPositions } from './rank.js';
export {
  METRIC_NAMES,
  type MetricName,
  type MetricValues,
  hitRate,
  precision,
  recall,
  ndcg,
  mrr,
  auc,
  averagePrecision,
  rankingMetrics,
} from './metrics.js';
export { type MetricSummary, Z_95, mean, sampleStandardDeviation, summarize } from './summary.js';
export { type Protocol, type ProgressCallback, type EvaluationResult, MetricsCollector } from './result.js';
export { type EvaluationOptions, DEFAULT_BATCH_SIZE } from './options.js';
export { evaluateSampled, type SampledOptions } from './sampled.js';
export { evaluateFullRanking, type FullRankingOptions } from './full-ranking.js';
export { evaluateHoldout, type HoldoutEvaluationOptions } from './holdout.js';
export { sharedScorers } from './shared-scorers.js';
export { evaluateAtKs } from './at-ks.js';
export {
  LIST_METRIC_NAMES,
  type ListMetricName,
  type ListMetricValues,
  type TopKLists,
  type TopKListsOptions,
  type TopKListsResult,
  evaluateTopKLists,
} from './top-k-lists.js';
