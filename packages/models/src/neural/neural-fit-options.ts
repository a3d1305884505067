import type { TestNegatives, Interactions } from '@recsys/data';
import type { EpochInfo, LossName, OptimizerName, ProgressSink, TrainingHistory } from '@recsys/train';
import type { FitOptions, FitReport } from '../recommender.js';

/** Options of a neural model's `fit`: the training loop's, plus validation wired to the sampled protocol. */
export interface NeuralFitOptions extends FitOptions {
  /** Passes over the data. Default 20. */
  epochs?: number;
  /** Examples per step. Default 256. */
  batchSize?: number;
  /** Negatives per positive, re-drawn every epoch. Default 4 (pointwise) or 1 (BPR). */
  negatives?: number;
  /** Learning rate. Default 0.001. */
  learningRate?: number;
  /** Per-epoch learning-rate decay factor: epoch e trains at `learningRate · decay^(e−1)`. Default 1 (constant). */
  learningRateDecay?: number;
  /** Optimizer. Default `'adam'` (`'sgd'` for NeuMF built from pre-trained GMF and MLP, as in the paper). */
  optimizer?: OptimizerName;
  /** Loss. Default the model's own (`'log'`; `'bpr'` for BPR-MF). */
  loss?: LossName;
  /**
   * Held-out interactions to choose the epoch on (e.g. the second-latest per user from a leave-one-out split):
   * after every epoch the model is evaluated with the sampled protocol and the best epoch is restored at the end.
   */
  validation?: Interactions;
  /** Negatives of the validation cases, or how many to sample (seeded, never a training or validation item). Default 99. */
  validationNegatives?: TestNegatives | number;
  /** Validation metric that picks the epoch. Default `'ndcg'`. */
  monitor?: 'hr' | 'ndcg' | 'mrr' | 'auc';
  /** Cut-off of the validation metrics. Default 10. */
  k?: number;
  /** Stop after this many epochs without a better validation score. Default: train all epochs, keep the best. */
  patience?: number;
  /** tfjs backend (`'auto'` picks tfjs-node, then wasm, then cpu). Default `'auto'` or `RECSYS_BACKEND`. */
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Where progress goes (a bar on a terminal, a line per epoch). Default `process.stderr`; `false` for none. */
  progress?: ProgressSink | false;
  /** Called after every epoch. */
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>;
}

/** A neural model's fit report: the common one plus the epoch history. */
export interface NeuralFitReport extends FitReport {
  history: TrainingHistory;
  /** The optimizer the fit used (`'sgd'` by default after pre-training). */
  optimizer: OptimizerName;
}
