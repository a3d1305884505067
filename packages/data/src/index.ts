/**
 * Everything before a model trains: interaction logs as typed arrays ({@link Interactions}, with CSR by user and CSC
 * by item) and the maps back to raw ids; strict streaming loaders for MovieLens, NCF, Taobao, CiteULike and any
 * delimited file ({@link loadInteractions}), each with a report of what it merged or skipped; item features matched by
 * raw id; splits (leave-one-out by time, {@link leaveOneOut}, and DualNet's); sampled test negatives and their checks;
 * multi-behaviour views; and a seeded {@link synthetic} generator for demos and tests.
 *
 * @packageDocumentation
 * @module \@recsys/data
 */
export { Random } from './random.js';
export { IdMap, type RawId } from './id-map.js';
export { Interactions, type InteractionColumns, type InteractionsOptions } from './interactions.js';
export { type InteractionRecord, type FromRecordsOptions } from './from-records.js';
export { behaviourViews, type BehaviourViews, type BehaviourViewsOptions } from './behaviour-views.js';
export { mergeBehaviourLogs, type BehaviourPart } from './merge-behaviours.js';
export {
  type TestNegatives,
  type NegativesPerCase,
  caseCount,
  negativesOf,
  negativesPerCase,
  checkNegativesShape,
} from './test-negatives.js';
export { type SparseFeatures, checkSparseFeatures } from './sparse-features.js';
export { denseFeatures } from './dense-features.js';
export { type ItemFeatures, itemFeatures, checkItemFeatures } from './item-features.js';
export {
  matchItemFeatures,
  MAX_ID_EXAMPLES,
  type MatchItemFeaturesOptions,
  type ItemFeaturesMatch,
  type ItemFeaturesMatchReport,
  type WithoutFeaturesPolicy,
  type UnknownItemsPolicy,
} from './match-item-features.js';
export * from './loaders/index.js';
export * from './split/index.js';
export * from './synthetic/index.js';
export { refuseUnknownOptions, describeValue } from './check-options.js';
export { checkDisjointPairs, checkSameIdSpace, firstIdConflict } from './same-id-space.js';
