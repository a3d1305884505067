/**
 * The recommenders: the papers' neural models (NCF's GMF, MLP and NeuMF, DMF, DELF, DualNet, the multi-feedback
 * model) and the classic baselines they should be compared with (ItemPop, ItemKNN, RP3beta, EASE, iALS, MF, BPR-MF, a
 * content profile, random), all behind one {@link Recommender} interface: fit, score, recommend, save, and
 * {@link loadRecommender} to read a saved model back.
 *
 * A neural model is a {@link NeuralRecommender}: a static {@link NeuralModelSpec} (name, options, losses), its blocks
 * (`define`) and its forward pass; fit, score, recommend, save, load, evaluation and the `recsys` command come with
 * it once registered ({@link registerRecommender} with {@link neuralModelEntry}).
 *
 * @packageDocumentation
 * @module \@recsys/models
 */
export type { Recommender, Recommendation, RecommendOptions, FitOptions, FitReport } from './recommender.js';
export { BaseRecommender } from './base-recommender.js';
export { recommendByRawIds, type RawRecommendations, type UserStatus } from './recommend-raw.js';
export { ItemPop } from './item-pop.js';
export { RandomScores } from './random-scores.js';
export type { ModelSpec, NeuralModelSpec } from './model-spec.js';
export {
  NeuralRecommender,
  type NeuralModelClass,
  type TableOptions,
  type BlockOptions,
} from './neural/neural-recommender.js';
export { type NeuralFitOptions, type NeuralFitReport, neuralFitOptionSchema } from './neural/neural-fit-options.js';
export {
  type Validator,
  type HoldoutValidationOptions,
  sampledValidation,
  holdoutValidation,
} from './neural/validation.js';
export { EmbeddingScores } from './neural/embedding-scores.js';
export {
  option,
  type OptionSpec,
  type OptionSchema,
  type OptionValue,
  type OptionValues,
  type OptionInput,
} from './options/option-spec.js';
export { resolveOptions } from './options/resolve-options.js';
export { RECSYS_VERSION } from './version.js';
export { GMF, type GMFOptions } from './ncf/gmf.js';
export { MLP, type MLPOptions } from './ncf/mlp.js';
export { NeuMF, type NeuMFOptions } from './ncf/neumf.js';
export { BPRMF, type BPRMFOptions } from './mf/bpr-mf.js';
export { DMF, type DMFOptions, dmfFitOptionSchema } from './dmf/dmf.js';
export { DELF, type DELFOptions } from './delf/delf.js';
export {
  DualNet,
  type DualNetOptions,
  type DualNetFitOptions,
  type HistoryRecommendOptions,
  dualNetFitOptionSchema,
} from './dualnet/dual-net.js';
export {
  MultiFeedbackNCF,
  type MultiFeedbackNCFOptions,
  multiFeedbackFitOptionSchema,
} from './multifeedback/multi-feedback-ncf.js';
export { MF, type MFOptions, mfFitOptionSchema, MF_STEP_PER_EXAMPLE, MF_NEGATIVES } from './mf/mf.js';
export { ItemKNN, type ItemKNNOptions } from './neighbourhood/item-knn.js';
export { RP3beta, type RP3betaOptions } from './neighbourhood/rp3beta.js';
export { ItemSimilarityRecommender, type FeedbackOption } from './neighbourhood/item-similarity-recommender.js';
export { type CsrMatrix } from './neighbourhood/csr-matrix.js';
export { type Feedback } from './neighbourhood/feedback-matrix.js';
export { type Weighting } from './neighbourhood/item-weighting.js';
export { EASE, type EASEOptions, EASE_DEFAULT_LAMBDA, EASE_DEFAULT_MAX_MEMORY_MB } from './linear/ease.js';
export { IALS, type IALSOptions, type IALSFitReport } from './linear/ials.js';
export { TopK } from './top-k.js';
export { ContentProfile, type ContentProfileFitOptions } from './content/content-profile.js';
export {
  type ModelEntry,
  registerRecommender,
  neuralModelEntry,
  recommenderNames,
  recommenderEntry,
  createRecommender,
  loadRecommender,
} from './registry.js';
export {
  type ModelDirContents,
  type WriteModelDirResult,
  type Json,
  type StoredArray,
  MANIFEST_FILE,
  readModelDir,
  writeModelDir,
} from './io/model-dir.js';
export { checkSaveTarget } from './io/save-target.js';
