// What the main thread and the workers of a parallel fit (`FitModelOptions.parallel`) tell each other. No Node
// imports here: the browser build shares these types.
import type { SharedParameters } from '../engine/shared-parameters.js';
import type { OptimizerName } from '../optimizers/optimizer.js';

/** How a fit trains on several threads: see `FitModelOptions.parallel`. */
export interface ParallelOptions {
  /** Worker threads training at once, ≥ 2 (one per core is the sensible most). */
  workers: number;
  /**
   * The module every worker runs: it builds a replica of the model and its batch source from `workerData.replica`
   * and calls `serveEpochs(model, source, workerData.init)`. recsys's models bring their own.
   */
  worker: URL;
  /** What the worker module needs to build the replica; posted by structured clone (typed arrays, plain objects). */
  replica: unknown;
  /** Called on the main thread after the workers' updates are in the model (before validation and at the end). */
  onSync?: () => void;
}

/** What an epoch's training did: on one worker, across the workers, or on the main thread of a one-thread fit. */
export interface ParallelEpoch {
  /** Batches run (less than `batches` when stopped). */
  done: number;
  batches: number;
  lossSum: number;
  seen: number;
  /** The slowest worker's seconds drawing the epoch (every worker draws it). */
  samplingSeconds: number;
  /** The epoch's wall-clock seconds on the main thread, less {@link samplingSeconds}. */
  stepSeconds: number;
}

/** Progress while an epoch runs: batches done and the loss so far, over all workers. */
export type ParallelProgress = (done: number, batches: number, lossSum: number, seen: number) => void;

/** What a parallel fit gives each of its workers (see {@link serveEpochs}). */
export interface EpochWorkerInit {
  /** The model's parameters, which the worker's replica adopts and trains in place. */
  shared: SharedParameters;
  /** The fit's optimizer, which each worker creates for itself (its learning rate comes with every epoch). */
  optimizer: OptimizerName;
  /** The fit's seed: every worker draws the same epochs from it and takes its share of their batches. */
  seed: number;
  /** This worker's number, 0-based: it runs batches `worker, worker + workers, …` of every epoch. */
  worker: number;
  /** Workers in the fit. */
  workers: number;
  /** `[0]` turns 1 when the fit is stopped or aborted: the worker ends its epoch before its next batch. */
  control: Int32Array;
}

/** Main thread → worker: run an epoch (the main thread ends a worker with `terminate()`). */
export interface EpochRequest {
  type: 'epoch';
  epoch: number;
  learningRate: number;
}

/** Worker → main thread. */
export type EpochReply =
  | { type: 'ready' }
  | { type: 'progress'; done: number; batches: number; lossSum: number; seen: number }
  | ({ type: 'epoch' } & ParallelEpoch) // stepSeconds: the worker's own
  | { type: 'error'; message: string; stack?: string };
