// Browser twin of epoch-worker.ts: no worker_threads in a browser.
import type { Batch, BatchSource } from '../batches/batch.js';
import type { EpochWorkerInit } from './parallel-protocol.js';
import type { TrainableModel } from './trainable.js';

export function serveEpochs<B extends Batch>(
  _model: TrainableModel<B>,
  _source: BatchSource<B>,
  _init: EpochWorkerInit,
): void {
  throw new Error('serveEpochs runs in a Node worker thread of a parallel fit, not in a browser');
}
