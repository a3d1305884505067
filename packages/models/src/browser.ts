// The browser build of @recsys/models (its "browser" export condition): every model, scoring and recommending, and
// loadExportedModel to load a model exported in Node; not what reads or writes model directories on disk
// (loadRecommender, readModelDir, writeModelDir, checkSaveTarget, exportForBrowser: Node's fs). A model's save()
// explains this in a browser (io/model-dir.browser.ts). browser.spec.ts checks the two entries stay in step.
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
export { scoringRows, type ScoringRowsOptions } from './neural/scoring-rows.js';
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
} from './registry.js';
export type { ModelDirContents, WriteModelDirResult, Json, StoredArray } from './io/model-dir.js';
export { loadExportedModel, type ExportedModelFiles, type LoadExportedModelOptions } from './export/load-exported.js';
export {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  MODEL_JSON,
  type ExportedModelJson,
  type ExportedModelInfo,
  type ExportedWeightGroup,
  type ExportedWeight,
} from './export/bundle.js';
