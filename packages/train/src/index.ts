/**
 * The training engine every recsys model uses: sparse host-side embedding tables, batch sources, losses, negative
 * samplers, optimizers and the loop ({@link fitModel}). The models of `@recsys/models` bring it with them; use it
 * directly to write a model of your own or to train one outside a `NeuralRecommender`.
 *
 * - Embedding tables live host-side ({@link SparseTable}) and are trained sparsely: only the rows a batch touches get
 *   gradients and (lazy) optimizer updates, so no step costs O(table size). A forward pass reads them through a
 *   {@link StepContext}: rows (`[n, dim]`, or `[n, length, dim]` padded histories) and weighted bags of rows.
 * - Dense towers run in tfjs: one forward and one backward pass per step on an explicit tape ({@link SparseEngine});
 *   any differentiable tfjs function joins it through `ctx.op`. A table or weight no gradient reaches is an error.
 * - A model defines the loss of a batch ({@link TrainableModel}); batches come from a {@link BatchSource}
 *   ({@link pointwiseBatches}, {@link pairwiseBatches}, or a model's own); losses ({@link LogLoss}, {@link BprLoss},
 *   {@link WeightedSquaredError}, {@link NormalizedCrossEntropy}) are tape ops with closed-form gradients; the loop
 *   ({@link fitModel}) draws every epoch anew, validates, stops early and restores the best epoch.
 *
 * @packageDocumentation
 * @module \@recsys/train
 */
export type { Optimizer, OptimizerState, OptimizerName } from './optimizers/optimizer.js';
export { LazyAdam, type AdamOptions } from './optimizers/lazy-adam.js';
export { SGD } from './optimizers/sgd.js';
export { Adagrad } from './optimizers/adagrad.js';
export { Momentum } from './optimizers/momentum.js';
export { createOptimizer } from './optimizers/create-optimizer.js';
export { type Loss, type LossName, type PointwiseLoss, type PairwiseLoss, LOSS_NAMES } from './losses/loss.js';
export { LogLoss } from './losses/log-loss.js';
export { BprLoss } from './losses/bpr-loss.js';
export { WeightedSquaredError } from './losses/weighted-squared-error.js';
export { NormalizedCrossEntropy } from './losses/normalized-cross-entropy.js';
export { createLoss } from './losses/create-loss.js';
export type { NegativeSampler } from './samplers/negative-sampler.js';
export { createSampler, type SamplerName, SAMPLER_NAMES } from './samplers/create-sampler.js';
export { UniformNegatives } from './samplers/uniform-negatives.js';
export { PopularityNegatives } from './samplers/popularity-negatives.js';
export {
  SupportiveNegatives,
  type SupportiveNegativesOptions,
  type SupportiveDraws,
} from './samplers/supportive-negatives.js';
export {
  pointwiseEpoch,
  shuffleTogether,
  EXAMPLE_ORDERS,
  type ExampleOrder,
  type PointwiseExamples,
} from './samplers/pointwise-epoch.js';
export { pairwiseTriples, type PairwiseTriples } from './samplers/pairwise-triples.js';
export {
  type Batch,
  type Pairs,
  type PairBatch,
  type TripleBatch,
  type BatchSource,
  type EpochBatches,
  isTripleBatch,
} from './batches/batch.js';
export { pointwiseBatches, type PointwiseBatchOptions } from './batches/pointwise-batches.js';
export { pairwiseBatches, type PairwiseBatchOptions } from './batches/pairwise-batches.js';
export { dualBlocks, type DualBlockBatch, type DualBlockOptions, type DualBlockSource } from './batches/dual-blocks.js';
export { SparseTable, type SparseTableOptions } from './engine/sparse-table.js';
export { type Bag, bagSize } from './engine/bag.js';
export { RecentHistories, type HistorySide, type PaddedHistories } from './histories/recent-histories.js';
export { ratingVectors, leftOutEntries, type RatingVectorOptions } from './histories/rating-vectors.js';
export { featureBags, withInputNoise } from './histories/feature-bags.js';
export { RowGradients } from './engine/row-gradients.js';
export { StepContext, paddingMask, type Lookup } from './engine/step-context.js';
export { DenseParam, type DenseWeight } from './engine/dense-param.js';
export { SparseEngine, type StepLoss, type StepResult } from './engine/sparse-engine.js';
export { StepProfile, STEP_PHASES, type StepPhase } from './engine/step-profile.js';
export type { TrainableModel } from './trainer/trainable.js';
export { compactRate, duration, ProgressBar, type ProgressSink } from './trainer/progress.js';
export { takeSnapshot, restoreSnapshot, type Snapshot } from './trainer/snapshot.js';
export {
  fitModel,
  type FitModelOptions,
  type ValidationOptions,
  type BatchInfo,
  type EpochInfo,
  type TrainingHistory,
} from './trainer/fit.js';
export { serveEpochs } from './trainer/epoch-worker.js';
export type { EpochWorkerInit, ParallelOptions } from './trainer/parallel-protocol.js';
export type { SharedParameters, SharedSlots } from './engine/shared-parameters.js';
export * from './backend/index.js';
export * from './kernels/index.js';
