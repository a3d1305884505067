export { DataFormatError, type DataFormatErrorKind } from './errors.js';
export { type LoadReport, type SkippedLine, MAX_SKIPPED_EXAMPLES, SkipLog } from './report.js';
export {
  type LoadOptions,
  type LoadResult,
  type DuplicatePolicy,
  DEFAULT_DUPLICATE_POLICY,
  DUPLICATE_POLICIES,
} from './options.js';
export { GrowableColumn, type ColumnArray } from './growable-column.js';
export { loadMovieLens, type MovieLensOptions } from './movielens.js';
export { loadNcfRatings, writeNcfRatings, type NcfOptions } from './ncf.js';
export {
  loadNcfNegatives,
  writeNcfNegatives,
  type NcfNegativesOptions,
  type NcfNegativesResult,
} from './ncf-negatives.js';
export { loadTaobao, TAOBAO_BEHAVIOURS, type TaobaoOptions, type TaobaoResult } from './taobao.js';
export {
  loadCiteULike,
  loadCiteULikeContent,
  type CiteULikeOptions,
  type CiteULikeResult,
  type CiteULikeContentFormat,
  type CiteULikeContentOptions,
  type CiteULikeContentResult,
} from './citeulike.js';
export {
  loadItemFeatures,
  writeItemFeatures,
  type ItemFeaturesOptions,
  type ItemFeaturesResult,
} from './item-features-text.js';
export { loadMovieLensGenres, MOVIELENS_GENRES, type MovieLensGenresOptions } from './movielens-genres.js';
export {
  citeULikeItemFeatures,
  loadCiteULikeItemFeatures,
  type CiteULikeItemFeaturesOptions,
} from './citeulike-features.js';
export { type TextEncoding } from './line-reader.js';
export { loadDelimited, type ColumnRef, type DelimitedColumns, type DelimitedOptions } from './delimited.js';
export { loadParquet, type ParquetOptions } from './parquet.js';
export { loadDuckDB, DUCKDB_MEMORY, type DuckDBOptions } from './duckdb.js';
export { type TableLoadOptions } from './table-rows.js';
export { MissingPackageError } from './optional-package.js';
export { detectFormat, LOAD_FORMATS, type LoadFormat } from './detect-format.js';
export { loadInteractions, type LoadInteractionsOptions, type LoadedInteractions } from './load-interactions.js';
export { scanLines, PROGRESS_EVERY, type ScanOptions, type ScanSummary } from './line-scanner.js';
export { LineProblem } from './errors.js';
