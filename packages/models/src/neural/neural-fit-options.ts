import type { Interactions, TestNegatives } from '@recsys/data';
import {
  EXAMPLE_ORDERS,
  LOSS_NAMES,
  SAMPLER_NAMES,
  type EpochInfo,
  type ExampleOrder,
  type LossName,
  type NegativeSampler,
  type OptimizerName,
  type ProgressSink,
  type SamplerName,
  type StepProfile,
  type TrainingHistory,
} from '@recsys/train';
import { option, type OptionSchema } from '../options/option-spec.js';
import type { FitOptions, FitReport } from '../recommender.js';
import type { Validator } from './validation.js';

/** Options of a neural model's `fit`: the training loop's, the batches', and the validation that picks the epoch. */
export interface NeuralFitOptions extends FitOptions {
  /** Passes over the data. Default 20. */
  epochs?: number;
  /** Examples per step. Default 256. */
  batchSize?: number;
  /** Negatives per positive, re-drawn every epoch. Default 4 (pointwise) or 1 (pairwise). */
  negatives?: number;
  /** Negative sampler: `'uniform'`, `'popularity'` (∝ count^{@link popularityExponent}), or your own. Default uniform. */
  sampler?: SamplerName | NegativeSampler;
  /** Exponent of the popularity sampler. Default 0.75. */
  popularityExponent?: number;
  /**
   * Target of a training positive in a pointwise loss: `'binary'` (1) or `'rating'` (the row's value divided by the
   * largest value in the log, DMF's normalisation; needs a value column). Default `'binary'`.
   */
  targets?: 'binary' | 'rating';
  /**
   * Order of a pointwise epoch: `'shuffled'` (example by example) or `'grouped'` (each positive with its negatives in
   * one batch, the groups shuffled; cheaper for models that encode users from their histories). Default `'shuffled'`
   * (`'grouped'` for DMF).
   */
  order?: ExampleOrder;
  /** Learning rate. Default 0.001. */
  learningRate?: number;
  /** Per-epoch learning-rate decay factor: epoch e trains at `learningRate · decay^(e−1)`. Default 1 (constant). */
  learningRateDecay?: number;
  /** Optimizer. Default `'adam'` (`'sgd'` for NeuMF built from pre-trained GMF and MLP, as in the paper). */
  optimizer?: OptimizerName;
  /** Loss, one of the model's (`spec.losses`). Default the model's first (`'log'`; `'bpr'` for BPR-MF). */
  loss?: LossName;
  /**
   * How to pick the epoch: held-out interactions (e.g. the second-latest per user from a leave-one-out split),
   * evaluated with the sampled protocol after every epoch, or any {@link Validator} (e.g. holdout Recall@M). The best
   * epoch is restored at the end.
   */
  validation?: Interactions | Validator;
  /**
   * Negatives of held-out validation interactions, or how many to sample (seeded, never a training or validation
   * item). Default 99. Only with `validation` interactions.
   */
  validationNegatives?: TestNegatives | number;
  /** Validation metric that picks the epoch. Default the validator's (`'ndcg'` for the sampled protocol). */
  monitor?: string;
  /** Cut-off of the sampled validation metrics. Default 10. */
  k?: number;
  /** Stop after this many epochs without a better validation score. Default: train all epochs, keep the best. */
  patience?: number;
  /** tfjs backend (`'auto'` picks tfjs-node, then wasm, then cpu). Default `'auto'` or `RECSYS_BACKEND`. */
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Where progress goes (a bar on a terminal, a line per epoch). Default `process.stderr`; `false` for none. */
  progress?: ProgressSink | false;
  /** Called after every epoch. */
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>;
  /**
   * Ends training early but gracefully when aborted (the CLI aborts it on Ctrl-C): the model keeps its best validated
   * epoch so far (or, without validation, what its last step left) and the report's `history.interrupted` says where
   * training stopped. See `fitModel`'s `stop` in `@recsys/train`.
   */
  stop?: AbortSignal;
  /** Times each training step's phases into this profile (see `StepProfile` in `@recsys/train`). */
  profile?: StepProfile;
  /**
   * Worker threads training at once (Node). Default 1: one thread, the same model for the same seed on a backend.
   * With 2 or more, each worker trains a replica of the model on its share of every epoch's batches and all of them
   * update the shared parameters in place, without locks (Hogwild): faster on several cores (one per core is the
   * sensible most), but not bit-for-bit repeatable. Not with `profile`. See
   * docs/training-engine.md for the measured speed and accuracy.
   */
  workers?: number;
}

/** Every key of {@link NeuralFitOptions}: `fit` refuses others (a misplaced hyper-parameter is not silently ignored). */
export const NEURAL_FIT_OPTION_KEYS: Readonly<Record<keyof NeuralFitOptions, true>> = {
  seed: true,
  log: true,
  epochs: true,
  batchSize: true,
  negatives: true,
  sampler: true,
  popularityExponent: true,
  targets: true,
  order: true,
  learningRate: true,
  learningRateDecay: true,
  optimizer: true,
  loss: true,
  validation: true,
  validationNegatives: true,
  monitor: true,
  k: true,
  patience: true,
  backend: true,
  progress: true,
  onEpochEnd: true,
  stop: true,
  profile: true,
  workers: true,
};

/** A neural model's fit report: the common one plus the epoch history. */
export interface NeuralFitReport extends FitReport {
  history: TrainingHistory;
  /** The optimizer the fit used (`'sgd'` by default after pre-training). */
  optimizer: OptimizerName;
  /** The loss the fit used. */
  loss: LossName;
}

/**
 * The training options of {@link NeuralFitOptions} a command line can set, as an option schema (`recsys train` builds
 * its flags and help from it). `losses` are the model's, first the default.
 */
export function neuralFitOptionSchema(losses: readonly LossName[]): OptionSchema {
  return {
    epochs: option.int({ description: 'Training epochs', default: 20, min: 1 }),
    batchSize: option.int({ description: 'Examples per step', default: 256, min: 1 }),
    negatives: option.int({
      description: 'Sampled negatives per positive, re-drawn each epoch',
      min: 0,
      defaultText: '4; 1 with a pairwise loss',
    }),
    sampler: option.choice({ description: 'Negative sampler', choices: SAMPLER_NAMES, default: 'uniform' }),
    popularityExponent: option.number({
      description: 'With --sampler popularity: draw items ∝ (count + 1)^e',
      min: 0,
      defaultText: '0.75',
    }),
    targets: option.choice({
      description: "Positives' target: 1, or rating / max rating (DMF)",
      choices: ['binary', 'rating'] as const,
      default: 'binary',
    }),
    order: option.choice({
      description: 'Pointwise epochs: examples shuffled one by one, or each positive kept with its negatives',
      choices: EXAMPLE_ORDERS,
      default: 'shuffled',
    }),
    learningRate: option.number({
      description: 'Learning rate',
      flag: 'lr',
      min: 0,
      minExclusive: true,
      default: 0.001,
    }),
    learningRateDecay: option.number({
      description: 'Multiply the learning rate by d after every epoch',
      flag: 'lr-decay',
      placeholder: '<d>',
      min: 0,
      minExclusive: true,
      max: 1,
      default: 1,
    }),
    optimizer: option.choice({
      description: 'Optimizer',
      choices: ['adam', 'sgd', 'momentum', 'adagrad'] as const,
      defaultText: 'adam (sgd after pre-training)',
    }),
    loss: option.choice({
      description: 'Loss',
      choices: losses.filter((name) => LOSS_NAMES.includes(name)),
      default: losses[0]!,
    }),
    monitor: option.choice({
      description: 'Validation metric that picks the epoch',
      choices: ['hr', 'ndcg', 'mrr', 'auc'] as const,
      default: 'ndcg',
    }),
    patience: option.int({ description: 'Stop after P epochs without a better validation score', min: 1 }),
    workers: option.int({
      description: 'Worker threads training at once (Hogwild; 1 is repeatable)',
      default: 1,
      min: 1,
    }),
    backend: option.choice({
      description: 'tfjs backend (also RECSYS_BACKEND)',
      choices: ['auto', 'tensorflow', 'wasm', 'cpu'] as const,
      default: 'auto',
    }),
  };
}
