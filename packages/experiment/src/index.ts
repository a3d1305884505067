/**
 * Fair comparisons of recommenders in one call, {@link compare}: split per seed, tune every model on validation only,
 * refit on train + validation, evaluate once on test (sampled and full ranking, or DualNet's in- and out-of-matrix
 * Recall@M), and report means with 95% confidence intervals and paired tests; and the reports that show them
 * ({@link renderTable} for a terminal, {@link renderMarkdown}, {@link renderHtml}, and the result itself as JSON).
 *
 * @packageDocumentation
 * @module \@recsys/experiment
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
  COMPARISON_PROTOCOLS,
} from './comparison-result.js';
export { compare, type CompareOptions, type CompareProgress } from './compare.js';
export { registeredModel, MODEL_VARIANTS, ALL_BEHAVIOURS, type CompareModel } from './compare-model.js';
export { DEFAULT_SPACES } from './default-spaces.js';
export { searchPoints, gridSize, type Params, type SearchSpace } from './search-space.js';
export { catalogueCoverage } from './coverage.js';
export { meanInterval, type MeanInterval } from './stats/confidence-interval.js';
export { pairedTTest, type PairedTTest } from './stats/paired-t-test.js';
export { studentTCdf, studentTQuantile } from './stats/student-t.js';
export { renderTable } from './report/render-table.js';
export { renderMarkdown } from './report/render-markdown.js';
export { type RenderTableOptions } from './report/table-options.js';
export { type TableColumn } from './report/main-table.js';
export { renderHtml, type RenderHtmlOptions } from './report/render-html.js';
export { renderHistoryHtml } from './report/render-history-html.js';
export { renderHistoryText } from './report/render-history-text.js';
export { type TrainOutput, type EpochRecord } from './report/train-output.js';
export { mergeResults } from './merge-results.js';
