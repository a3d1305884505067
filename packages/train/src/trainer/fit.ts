import { Random, type Interactions } from '@recsys/data';
import { SparseEngine } from '../engine/sparse-engine.js';
import { createLoss } from '../losses/create-loss.js';
import type { Loss, LossName } from '../losses/loss.js';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import type { Optimizer, OptimizerName } from '../optimizers/optimizer.js';
import type { NegativeSampler } from '../samplers/negative-sampler.js';
import { pairwiseTriples } from '../samplers/pairwise-triples.js';
import { pointwiseEpoch } from '../samplers/pointwise-epoch.js';
import { PopularityNegatives } from '../samplers/popularity-negatives.js';
import { UniformNegatives } from '../samplers/uniform-negatives.js';
import { ProgressBar, type ProgressSink } from './progress.js';
import { restoreSnapshot, takeSnapshot, type Snapshot } from './snapshot.js';
import type { TrainableModel } from './trainable.js';

/** Validation run after every epoch, for early stopping and restore-best. */
export interface ValidationOptions {
  /** Evaluates the model as it is now (e.g. sampled HR/NDCG on the validation split); higher is better. */
  evaluate(): Promise<Record<string, number>>;
  /** The metric that decides the best epoch. Default `'ndcg'`. */
  monitor?: string;
  /** Stop after this many epochs without improvement. Default: never stop early (still restore the best). */
  patience?: number;
  /** Restore the parameters of the best epoch at the end. Default `true`. */
  restoreBest?: boolean;
}

/** Options of {@link fitModel}. Defaults are the NCF paper's. */
export interface FitModelOptions {
  /** Passes over the training data. Default 20. */
  epochs?: number;
  /** Examples per step (positives and negatives count alike; triples for pairwise losses). Default 256. */
  batchSize?: number;
  /** Negatives per positive, re-drawn every epoch. Default 4 (pointwise) or 1 (pairwise). */
  negatives?: number;
  /** Loss. Default `'log'`. */
  loss?: LossName | Loss;
  /** Optimizer. Default `'adam'`. */
  optimizer?: OptimizerName | Optimizer;
  /** Learning rate (ignored with an optimizer instance). Default 0.001. */
  learningRate?: number;
  /**
   * Multiplies the learning rate by this factor after every epoch (exponential decay: epoch e trains at
   * `learningRate · decay^(e−1)`), which lets long runs settle instead of oscillating. Default 1 (constant).
   */
  learningRateDecay?: number;
  /** Negative sampler. Default `'uniform'`. */
  sampler?: 'uniform' | 'popularity' | NegativeSampler;
  /** Exponent of the popularity sampler. Default 0.75. */
  popularityExponent?: number;
  /** Target of each training row for pointwise losses (e.g. rating / max rating for DMF). Default 1. */
  positiveTargets?: Float32Array;
  /** Seed of sampling and shuffling. Default 42. */
  seed?: number;
  /** Validation for early stopping and restore-best. */
  validation?: ValidationOptions;
  /** Called after every step. */
  onBatchEnd?: (info: BatchInfo) => void;
  /** Called after every epoch (after validation); may be async. */
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>;
  /** Where progress goes: a bar per batch on a terminal, a line per epoch. Default `process.stderr`; `false` for none. */
  progress?: ProgressSink | false;
}

/** What {@link FitModelOptions.onBatchEnd} receives. */
export interface BatchInfo {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

/** One epoch's record. */
export interface EpochInfo {
  /** 1-based. */
  epoch: number;
  /** Mean training loss. */
  loss: number;
  /** The learning rate this epoch trained at (see {@link FitModelOptions.learningRateDecay}). */
  learningRate: number;
  /** Training examples seen (positives + negatives). */
  samples: number;
  /** Seconds spent in training steps. */
  stepSeconds: number;
  /** Seconds spent drawing negatives and shuffling. */
  samplingSeconds: number;
  /** Training examples per second of training steps. */
  samplesPerSecond: number;
  /** Validation metrics, when validating. */
  validation?: Record<string, number>;
}

/** What {@link fitModel} returns. */
export interface TrainingHistory {
  epochs: EpochInfo[];
  /** The epoch whose parameters the model has at the end (the best one on validation, or the last). */
  bestEpoch: number;
  stoppedEarly: boolean;
  seconds: number;
}

/**
 * Trains a model: each epoch draws fresh negatives (pointwise: `negatives` per positive; pairwise losses: triples),
 * shuffles, and runs {@link SparseEngine} steps over batches; optionally validates after each epoch, stops early and
 * restores the best epoch. Deterministic for a seed on a given backend.
 *
 * @example
 * ```ts
 * const history = await fitModel(model, train, {
 *   epochs: 20,
 *   validation: { evaluate: () => validate(model), monitor: 'ndcg', patience: 3 },
 * });
 * ```
 */
export async function fitModel(
  model: TrainableModel,
  train: Interactions,
  options: FitModelOptions = {},
): Promise<TrainingHistory> {
  const loss = typeof options.loss === 'object' ? options.loss : createLoss(options.loss ?? 'log');
  const epochs = positiveInteger('epochs', options.epochs ?? 20);
  const batchSize = positiveInteger('batchSize', options.batchSize ?? 256);
  const negatives = options.negatives ?? (loss.pairwise ? 1 : 4);
  if (!(Number.isInteger(negatives) && negatives >= (loss.pairwise ? 1 : 0))) {
    throw new RangeError(`negatives must be an integer ≥ ${loss.pairwise ? 1 : 0}, got ${negatives}`);
  }
  if (train.size === 0) throw new Error('fitModel: the training log is empty');
  const optimizer =
    typeof options.optimizer === 'object'
      ? options.optimizer
      : createOptimizer(options.optimizer ?? 'adam', options.learningRate ?? 1e-3);
  const decay = options.learningRateDecay ?? 1;
  if (!(decay > 0 && decay <= 1)) throw new RangeError(`learningRateDecay must be in (0, 1], got ${decay}`);
  const baseLearningRate = optimizer.learningRate;
  const sampler = makeSampler(train, options);
  const seed = options.seed ?? 42;
  const random = new Random(seed);
  const engine = new SparseEngine(model.tables, model.denseVariables(), optimizer, seed);
  const progress = options.progress === false ? undefined : new ProgressBar(options.progress ?? process.stderr);
  const validation = options.validation;
  const monitor = validation?.monitor ?? 'ndcg';

  const history: TrainingHistory = { epochs: [], bestEpoch: 0, stoppedEarly: false, seconds: 0 };
  const start = performance.now();
  let best = -Infinity;
  let bestSnapshot: Snapshot | undefined;
  let sinceBest = 0;

  for (let epoch = 1; epoch <= epochs; epoch++) {
    optimizer.learningRate = baseLearningRate * decay ** (epoch - 1);
    const sampleStart = performance.now();
    const examples: Examples = loss.pairwise
      ? toPairwiseBatches(pairwiseTriples(train, sampler, negatives, random))
      : pointwiseEpoch(train, sampler, negatives, random, options.positiveTargets);
    const samplingSeconds = (performance.now() - sampleStart) / 1000;

    const stepStart = performance.now();
    const n = examples.users.length;
    const batches = Math.ceil(n / batchSize);
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      const from = b * batchSize;
      const to = Math.min(n, from + batchSize);
      const users = examples.users.subarray(from, to);
      const items = examples.items.subarray(from, to);
      const result = loss.pairwise
        ? engine.step(
            (ctx) => model.forward(ctx, pairUp(users), pairUp(items, examples.negatives?.subarray(from, to))),
            loss,
            null,
          )
        : engine.step((ctx) => model.forward(ctx, users, items), loss, examples.targets!.subarray(from, to));
      lossSum += result.loss * (to - from);
      options.onBatchEnd?.({ epoch, batch: b + 1, batches, loss: result.loss });
      progress?.batch(epoch, epochs, b + 1, batches, lossSum / to);
    }
    const stepSeconds = (performance.now() - stepStart) / 1000;
    const samples = loss.pairwise ? 2 * n : n;
    const info: EpochInfo = {
      epoch,
      loss: lossSum / n,
      learningRate: optimizer.learningRate,
      samples,
      stepSeconds,
      samplingSeconds,
      samplesPerSecond: samples / stepSeconds,
    };

    let improved = true;
    if (validation) {
      info.validation = await validation.evaluate();
      const score = info.validation[monitor];
      if (score === undefined)
        throw new Error(`validation has no metric "${monitor}" (has ${Object.keys(info.validation).join(', ')})`);
      improved = score > best;
      if (improved) {
        best = score;
        history.bestEpoch = epoch;
        sinceBest = 0;
        if (validation.restoreBest !== false) bestSnapshot = takeSnapshot(model);
      } else sinceBest++;
    } else history.bestEpoch = epoch;
    history.epochs.push(info);
    progress?.epoch(epochLine(info, epochs, monitor, improved && Boolean(validation)));
    await options.onEpochEnd?.(info);
    if (validation?.patience !== undefined && sinceBest >= validation.patience) {
      history.stoppedEarly = epoch < epochs;
      break;
    }
  }
  optimizer.learningRate = baseLearningRate; // a caller's optimizer instance leaves as it came
  if (bestSnapshot && history.bestEpoch !== history.epochs.length) {
    restoreSnapshot(model, bestSnapshot);
    engine.refreshDense();
  }
  history.seconds = (performance.now() - start) / 1000;
  return history;
}

interface Examples {
  users: Int32Array;
  items: Int32Array;
  targets?: Float32Array;
  negatives?: Int32Array;
}

/** Triples as the batch loop reads them: `items` are the positives, `negatives` their negatives. */
function toPairwiseBatches(triples: { users: Int32Array; positives: Int32Array; negatives: Int32Array }): Examples {
  return { users: triples.users, items: triples.positives, negatives: triples.negatives };
}

/** `[a; b]` — or `[a; a]` when b is absent (users of a pairwise batch score both halves). */
function pairUp(a: Int32Array, b?: Int32Array): Int32Array {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  out.set(b ?? a, a.length);
  return out;
}

function makeSampler(train: Interactions, options: FitModelOptions): NegativeSampler {
  const sampler = options.sampler ?? 'uniform';
  if (typeof sampler === 'object') return sampler;
  if (sampler === 'popularity') return new PopularityNegatives(train, { exponent: options.popularityExponent ?? 0.75 });
  if (sampler === 'uniform') return new UniformNegatives(train);
  throw new RangeError(`unknown sampler "${String(sampler)}" (known: uniform, popularity)`);
}

function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1))
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function epochLine(info: EpochInfo, epochs: number, monitor: string, best: boolean): string {
  const parts = [
    `epoch ${info.epoch}/${epochs}`,
    `loss ${info.loss.toFixed(4)}`,
    `${Math.round(info.samplesPerSecond).toLocaleString('en-US')} samples/s`,
    `${(info.stepSeconds + info.samplingSeconds).toFixed(1)} s`,
  ];
  if (info.validation) {
    const metrics = Object.entries(info.validation)
      .map(([k, v]) => `${k} ${v.toFixed(4)}`)
      .join(' ');
    parts.push(`validation ${metrics}${best ? ` (best ${monitor})` : ''}`);
  }
  return `recsys: ${parts.join(', ')}`;
}
