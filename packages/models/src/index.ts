/**
 * `@recsys/models`: the papers' recommenders and the classic baselines, all behind one {@link Recommender} interface.
 *
 * @packageDocumentation
 */
export type { Recommender, Recommendation, RecommendOptions, FitOptions, FitReport } from './recommender.js';
export { BaseRecommender } from './base-recommender.js';
export { ItemPop } from './item-pop.js';
export { NeuralRecommender, type ModelLayers } from './neural/neural-recommender.js';
export { EmbeddingPair, type RowLookup } from './neural/embedding-pair.js';
export type { NeuralFitOptions, NeuralFitReport } from './neural/neural-fit-options.js';
export { GMF, type GMFOptions } from './ncf/gmf.js';
export { MLP, type MLPOptions } from './ncf/mlp.js';
export { NeuMF, type NeuMFOptions } from './ncf/neumf.js';
export { BPRMF, type BPRMFOptions } from './mf/bpr-mf.js';
export { TopK } from './top-k.js';
export {
  type ModelEntry,
  registerRecommender,
  recommenderNames,
  recommenderEntry,
  createRecommender,
  loadRecommender,
} from './registry.js';
export {
  type ModelDirContents,
  type Json,
  type StoredArray,
  MANIFEST_FILE,
  readModelDir,
  writeModelDir,
} from './io/model-dir.js';
