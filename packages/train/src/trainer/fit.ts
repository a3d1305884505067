import { describeValue, Random, refuseUnknownOptions } from '@recsys/data';
import type { Batch, BatchSource } from '../batches/batch.js';
import { SparseEngine } from '../engine/sparse-engine.js';
import { StepProfile } from '../engine/step-profile.js';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import type { Optimizer, OptimizerName } from '../optimizers/optimizer.js';
import { ParallelEpochs } from './parallel-epochs.js';
import type { ParallelEpoch as EpochRun, ParallelOptions, ParallelProgress } from './parallel-protocol.js';
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
  /** Optimizer. Default `'adam'`. */
  optimizer?: OptimizerName | Optimizer;
  /** Learning rate (ignored with an optimizer instance). Default 0.001. */
  learningRate?: number;
  /**
   * Multiplies the learning rate by this factor after every epoch (exponential decay: epoch e trains at
   * `learningRate · decay^(e−1)`), which lets long runs settle instead of oscillating. Default 1 (constant).
   */
  learningRateDecay?: number;
  /** Seed of the batch source's draws (negatives, shuffles) and of the steps' random ops (dropout). Default 42. */
  seed?: number;
  /** Validation for early stopping and restore-best. */
  validation?: ValidationOptions;
  /** Called after every step. */
  onBatchEnd?: (info: BatchInfo) => void;
  /** Called after every epoch (after validation); may be async. */
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>;
  /** Where progress goes: a bar per batch on a terminal, a line per epoch. Default `process.stderr`; `false` for none. */
  progress?: ProgressSink | false;
  /**
   * Stops training when aborted. Checked between batches (and before each epoch): the loop then throws an error
   * named `'AbortError'` whose message names the epoch and the batch it stopped before, with `signal.reason` as its
   * `cause`. The model keeps whatever the last completed step left (no restore-best, no rollback): the caller decides
   * whether to keep, restore or discard it.
   */
  signal?: AbortSignal;
  /**
   * Ends training early but gracefully when aborted (the CLI aborts it on Ctrl-C): the loop stops before the next
   * batch, skips the rest of that epoch and its validation, and returns as after early stopping — the best validated
   * epoch restored (with validation and `restoreBest`), otherwise the model as its last step left it — with
   * {@link TrainingHistory.interrupted} saying where it stopped. Unlike {@link signal}, nothing is thrown.
   */
  stop?: AbortSignal;
  /**
   * Times every step's phases (host lookups, forward, backward, gradient read-back, sparse scatter, optimizer) and the
   * epochs' batch drawing into this profile; print `profile.format()` afterwards. Profiles add up over fits.
   */
  profile?: StepProfile;
  /**
   * Trains on several worker threads at once (Node only): the parameters move into shared memory, each worker trains
   * a replica of the model on its share of every epoch's batches, and all of them update the shared parameters in
   * place without locks (Hogwild, Recht et al. 2011), with an epoch barrier for validation. Faster on several cores;
   * not bit-for-bit repeatable (the threads' updates interleave as they happen to), unlike the default single-thread
   * loop. Takes the optimizer by name; `onBatchEnd` and `profile` need the single-thread loop.
   */
  parallel?: ParallelOptions;
}

/** Every key of {@link FitModelOptions}: others are refused, not ignored. */
const FIT_MODEL_OPTION_KEYS: readonly (keyof FitModelOptions)[] = [
  'epochs',
  'optimizer',
  'learningRate',
  'learningRateDecay',
  'seed',
  'validation',
  'onBatchEnd',
  'onEpochEnd',
  'progress',
  'signal',
  'stop',
  'profile',
  'parallel',
];

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
  /** Training examples seen (as the batches count them: positives + negatives). */
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
  /**
   * Set when {@link FitModelOptions.stop} ended training: the epoch it stopped in and the batches of it done (their
   * steps are in the model unless the best epoch was restored; the epoch is not in {@link epochs}).
   */
  interrupted?: { epoch: number; batch: number; batches: number };
}

/**
 * Trains a model on batches from `source`: each epoch draws its batches anew (fresh negatives, a new shuffle) and runs
 * one {@link SparseEngine} step per batch on `model.loss(ctx, batch)`; optionally validates after each epoch, stops
 * early and restores the best epoch. Deterministic for a seed on a given backend (on one thread: not with
 * {@link FitModelOptions.parallel}).
 *
 * The loop yields to the event loop after every epoch and about every 50 ms of steps, so timers,
 * I/O and an {@link FitModelOptions.signal | abort signal} are served while it trains.
 *
 * @example
 * ```ts
 * const history = await fitModel(model, pointwiseBatches(train, { negatives: 4 }), {
 *   epochs: 20,
 *   validation: { evaluate: () => validate(model), monitor: 'ndcg', patience: 3 },
 *   signal: AbortSignal.timeout(60_000),
 * });
 * ```
 * @throws RangeError on an unknown option key, or epochs, learningRateDecay out of range; TypeError when progress is
 *   not `false` or a sink with a `write` method, onBatchEnd/onEpochEnd are not functions, or signal is not an
 *   AbortSignal.
 * @throws Error ("already training") when another fitModel on the same model has not finished.
 * @throws Error named `'AbortError'` when `signal` aborts (see {@link FitModelOptions.signal}).
 * @throws Error naming the epoch and batch when a step fails, or when validation lacks the monitored metric.
 */
export async function fitModel<B extends Batch>(
  model: TrainableModel<B>,
  source: BatchSource<B>,
  options: FitModelOptions = {},
): Promise<TrainingHistory> {
  refuseUnknownOptions('fitModel', options, FIT_MODEL_OPTION_KEYS);
  const epochs = positiveInteger('epochs', options.epochs ?? 20);
  checkCallbacks(options);
  checkParallel(options);
  const signal = options.signal;
  const stop = options.stop;
  if (training.has(model)) {
    throw new Error('fitModel: this model is already training (a previous fitModel on it has not finished)');
  }
  const optimizer =
    typeof options.optimizer === 'object'
      ? options.optimizer
      : createOptimizer(options.optimizer ?? 'adam', options.learningRate ?? 1e-3);
  const decay = options.learningRateDecay ?? 1;
  if (!(decay > 0 && decay <= 1)) throw new RangeError(`learningRateDecay must be in (0, 1], got ${decay}`);
  const baseLearningRate = optimizer.learningRate;
  const seed = options.seed ?? 42;
  const random = new Random(seed);
  const engine = new SparseEngine(model.tables, model.denseWeights(), optimizer, seed);
  const profile = options.profile;
  engine.profile = profile;
  const progress = options.progress === false ? undefined : new ProgressBar(options.progress ?? process.stderr);
  const validation = options.validation;
  const monitor = validation?.monitor ?? 'ndcg';
  const history: TrainingHistory = { epochs: [], bestEpoch: 0, stoppedEarly: false, seconds: 0 };
  const start = performance.now();
  let best = -Infinity;
  let bestSnapshot: Snapshot | undefined;
  let sinceBest = 0;

  /** One epoch on this thread: draws its batches, runs a step per batch; stops early on `stop` or `signal`. */
  const runLocal = async (epoch: number): Promise<EpochRun> => {
    const sampleStart = performance.now();
    const batches = source.epoch(random);
    const samplingSeconds = (performance.now() - sampleStart) / 1000;
    profile?.add('batches', samplingSeconds * 1000);
    if (batches.length === 0) throw new Error(`epoch ${epoch}: the batch source gave no batches`);
    progress?.startEpoch();
    const stepStart = performance.now();
    let lossSum = 0;
    let seen = 0;
    let lastYield = performance.now();
    const run = (done: number): EpochRun => ({
      done,
      batches: batches.length,
      lossSum,
      seen,
      samplingSeconds,
      stepSeconds: (performance.now() - stepStart) / 1000,
    });
    for (let b = 0; b < batches.length; b++) {
      // A clock read every few batches only: a step is far dearer, but the loop stays lean.
      if ((b & (YIELD_CHECK_EVERY - 1)) === 0 && b > 0 && performance.now() - lastYield >= YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (signal?.aborted || stop?.aborted) return run(b);
      const batch = batches.batch(b);
      let result;
      try {
        result = engine.step((ctx) => model.loss(ctx, batch));
      } catch (error) {
        throw withContext(error, `epoch ${epoch}, batch ${b + 1}/${batches.length}`);
      }
      lossSum += result.loss * batch.size;
      seen += batch.size;
      if (profile) profile.samples += batch.size;
      options.onBatchEnd?.({ epoch, batch: b + 1, batches: batches.length, loss: result.loss });
      progress?.batch(epoch, epochs, b + 1, batches.length, lossSum / seen, seen);
    }
    return run(batches.length);
  };
  /** One epoch on the workers, the progress bar fed from their reports. */
  const runParallel = (runner: ParallelEpochs, epoch: number): Promise<EpochRun> => {
    progress?.startEpoch();
    const report: ParallelProgress | undefined =
      progress &&
      ((done, batches, lossSum, seen) => progress.batch(epoch, epochs, done, batches, lossSum / seen, seen));
    return runner.run(epoch, optimizer.learningRate, report);
  };

  training.add(model);
  let runner: ParallelEpochs | undefined;
  const stopWorkers = (): void => runner?.stop();
  signal?.addEventListener('abort', stopWorkers);
  stop?.addEventListener('abort', stopWorkers);
  try {
    if (options.parallel) runner = await ParallelEpochs.start(engine, options.parallel, seed);
    training: for (let epoch = 1; epoch <= epochs; epoch++) {
      throwIfAborted(signal, epoch, 0, undefined);
      if (stop?.aborted) {
        history.interrupted = { epoch, batch: 0, batches: 0 };
        break;
      }
      optimizer.learningRate = baseLearningRate * decay ** (epoch - 1);
      const run = runner ? await runParallel(runner, epoch) : await runLocal(epoch);
      if (run.done < run.batches) {
        throwIfAborted(signal, epoch, run.done, run.batches);
        history.interrupted = { epoch, batch: run.done, batches: run.batches };
        break training;
      }
      const { lossSum, seen, samplingSeconds, stepSeconds } = run;
      await yieldToEventLoop(); // at least once per epoch, however short
      const info: EpochInfo = {
        epoch,
        loss: lossSum / seen,
        learningRate: optimizer.learningRate,
        samples: seen,
        stepSeconds,
        samplingSeconds,
        samplesPerSecond: seen / stepSeconds,
      };
      let improved = true;
      if (validation) {
        progress?.validating(epoch, epochs);
        info.validation = await validation.evaluate();
        const score = info.validation[monitor];
        if (score === undefined)
          throw new Error(`validation has no metric "${monitor}" (has ${Object.keys(info.validation).join(', ')})`);
        if (!Number.isFinite(score)) throw new Error(`epoch ${epoch}: the validation ${monitor} is ${score}`);
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
  } finally {
    signal?.removeEventListener('abort', stopWorkers);
    stop?.removeEventListener('abort', stopWorkers);
    await runner?.close();
    training.delete(model);
    optimizer.learningRate = baseLearningRate; // a caller's optimizer instance leaves as it came
  }
  // An interrupted epoch's steps are not the best epoch's either, even when the best is the last one completed.
  const partial = (history.interrupted?.batch ?? 0) > 0;
  if (bestSnapshot && (history.bestEpoch !== history.epochs.length || partial)) {
    restoreSnapshot(model, bestSnapshot);
    engine.refreshDense();
  }
  history.seconds = (performance.now() - start) / 1000;
  return history;
}

/**
 * Models inside a fitModel call: two loops stepping one model at once would interleave their updates (each yields to
 * the event loop, where the other runs).
 */
const training = new WeakSet<object>();

/** How long the loop may run steps before it yields to the event loop. */
const YIELD_INTERVAL_MS = 50;
/** The clock is read every this many batches (a power of two). */
const YIELD_CHECK_EVERY = 4;

const yieldToEventLoop: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise<void>((resolve) => setImmediate(resolve))
    : () => new Promise<void>((resolve) => setTimeout(resolve, 0)); // browsers: no setImmediate

/** Throws an AbortError naming where the loop stopped, when `signal` is aborted. */
function throwIfAborted(
  signal: AbortSignal | undefined,
  epoch: number,
  done: number,
  batches: number | undefined,
): void {
  if (!signal?.aborted) return;
  const where =
    batches === undefined
      ? `before epoch ${epoch}`
      : `in epoch ${epoch} before batch ${done + 1}/${batches} (${done} batches of this epoch done)`;
  const error = new Error(`fitModel: aborted ${where}`, { cause: signal.reason });
  error.name = 'AbortError';
  throw error;
}

/** Checks of the parallel option, at entry: what a worker cannot do is refused before any thread starts. */
function checkParallel(options: FitModelOptions): void {
  const { parallel } = options;
  if (parallel === undefined) return;
  if (parallel === null || typeof parallel !== 'object') {
    throw new TypeError(`fitModel: parallel must be an object, got ${describeValue(parallel)}`);
  }
  if (!(Number.isInteger(parallel.workers) && parallel.workers >= 2)) {
    throw new RangeError(`fitModel: parallel.workers must be an integer ≥ 2, got ${describeValue(parallel.workers)}`);
  }
  if (!(parallel.worker instanceof URL)) {
    throw new TypeError(
      `fitModel: parallel.worker must be the URL of the worker module, got ${describeValue(parallel.worker)}`,
    );
  }
  for (const key of ['onBatchEnd', 'profile'] as const) {
    if (options[key] !== undefined) {
      throw new RangeError(`fitModel: ${key} needs the single-thread loop (each step runs in a worker with parallel)`);
    }
  }
  if (typeof options.optimizer === 'object') {
    throw new RangeError(
      `fitModel: with parallel, give the optimizer by name (each worker creates its own), not an instance`,
    );
  }
  if (typeof SharedArrayBuffer !== 'function') {
    throw new Error('fitModel: parallel needs SharedArrayBuffer (Node, or a cross-origin isolated page)');
  }
}

/** Type checks of the callback options, at entry: a wrong type would otherwise fail deep in the first batch. */
function checkCallbacks(options: FitModelOptions): void {
  const { progress, onBatchEnd, onEpochEnd, signal, stop, profile } = options;
  if (profile !== undefined && !(profile instanceof StepProfile)) {
    throw new TypeError(`fitModel: profile must be a StepProfile, got ${describeValue(profile)}`);
  }
  if (
    progress !== undefined &&
    progress !== false &&
    (progress === null || typeof progress !== 'object' || typeof progress.write !== 'function')
  ) {
    throw new TypeError(
      `fitModel: progress must be false or a sink with a write(text) method (such as process.stderr), got ` +
        describeValue(progress),
    );
  }
  for (const [name, value] of [
    ['onBatchEnd', onBatchEnd],
    ['onEpochEnd', onEpochEnd],
  ] as const) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`fitModel: ${name} must be a function, got ${describeValue(value)}`);
    }
  }
  for (const [name, value] of [
    ['signal', signal],
    ['stop', stop],
  ] as const) {
    if (value !== undefined && !(value instanceof AbortSignal)) {
      throw new TypeError(`fitModel: ${name} must be an AbortSignal, got ${describeValue(value)}`);
    }
  }
}

/** `error` with `where` in front of its message (the engine's messages name the step, not the epoch). */
function withContext(error: unknown, where: string): Error {
  if (!(error instanceof Error)) return new Error(`${where}: ${String(error)}`);
  error.message = `${where}: ${error.message}`;
  return error;
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
