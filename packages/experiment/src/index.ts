/**
 * `@recsys/experiment`: fair comparisons of recommenders — split per seed, tune every model on validation only, refit
 * on train + validation, evaluate once on test under sampled and full-ranking protocols, and report means with 95%
 * confidence intervals and paired tests — and the reports that show them (terminal table, Markdown, JSON, HTML).
 *
 * @packageDocumentation
 */
export {
  type Json,
  type ComparisonProtocol,
  type ComparisonMetric,
  type TuningTrial,
  type ComparisonRun,
  type PairedTest,
  type ComparisonSummary,
  type ComparisonResult,
  COMPARISON_METRICS,
} from './comparison-result.js';
