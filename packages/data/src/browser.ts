// The browser build of @recsys/data (its "browser" export condition): the package without its file loaders and
// writers, which open files with Node's fs. Interaction logs, id maps, splits, features and the synthetic generator
// work the same in a browser. index.ts re-exports it with the loaders.
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
  selectCases,
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
export * from './split/index.js';
export * from './synthetic/index.js';
export { refuseUnknownOptions, describeValue } from './check-options.js';
export { checkDisjointPairs, checkSameIdSpace, firstIdConflict } from './same-id-space.js';
