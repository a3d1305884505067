/**
 * `@recsys/train`: the training engine every recsys model uses.
 *
 * - Embedding tables live host-side ({@link SparseTable}) and are trained sparsely: only the rows a batch touches get
 *   gradients and (lazy) optimizer updates, so no step costs O(table size).
 * - Dense towers run in tfjs: one forward and one backward pass per step ({@link SparseEngine}).
 * - Losses ({@link LogLoss}, {@link BprLoss}, {@link WeightedSquaredError}, {@link NormalizedCrossEntropy}) are
 *   custom-gradient ops; samplers draw negatives ({@link UniformNegatives}, {@link PopularityNegatives}); the loop
 *   ({@link fitModel}) re-draws negatives every epoch, validates, stops early and restores the best epoch.
 *
 * @packageDocumentation
 */
export type { Optimizer, OptimizerState, OptimizerName } from './optimizers/optimizer.js';
export { LazyAdam, type AdamOptions } from './optimizers/lazy-adam.js';
export { SGD } from './optimizers/sgd.js';
export { Adagrad } from './optimizers/adagrad.js';
export { createOptimizer } from './optimizers/create-optimizer.js';
export type { Loss, LossName } from './losses/loss.js';
export { LogLoss } from './losses/log-loss.js';
export { BprLoss } from './losses/bpr-loss.js';
export { WeightedSquaredError } from './losses/weighted-squared-error.js';
export { NormalizedCrossEntropy } from './losses/normalized-cross-entropy.js';
export { createLoss } from './losses/create-loss.js';
export type { NegativeSampler } from './samplers/negative-sampler.js';
export { UniformNegatives } from './samplers/uniform-negatives.js';
export { PopularityNegatives } from './samplers/popularity-negatives.js';
export { pointwiseEpoch, shuffleTogether, type PointwiseExamples } from './samplers/pointwise-epoch.js';
export { pairwiseTriples, type PairwiseTriples } from './samplers/pairwise-triples.js';
export { SparseTable, Scratch } from './engine/sparse-table.js';
export { StepContext, type Lookup } from './engine/step-context.js';
export { DenseParam } from './engine/dense-param.js';
export { SparseEngine, type Forward, type StepResult } from './engine/sparse-engine.js';
export type { TrainableModel } from './trainer/trainable.js';
export { ProgressBar, type ProgressSink } from './trainer/progress.js';
export { takeSnapshot, restoreSnapshot, type Snapshot } from './trainer/snapshot.js';
export {
  fitModel,
  type FitModelOptions,
  type ValidationOptions,
  type BatchInfo,
  type EpochInfo,
  type TrainingHistory,
} from './trainer/fit.js';
export * from './backend/index.js';
export * from './kernels/index.js';
