import { parentPort } from 'node:worker_threads';
import { Random } from '@recsys/data';
import type { Batch, BatchSource } from '../batches/batch.js';
import { SparseEngine } from '../engine/sparse-engine.js';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import type { EpochReply, EpochRequest, EpochWorkerInit } from './parallel-protocol.js';
import type { TrainableModel } from './trainable.js';

/** How often a worker reports progress while it trains. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * The worker side of a parallel fit (`FitModelOptions.parallel`): call it in the worker module with a replica of the
 * model (built like the model: same tables and dense weights, in the same order) and the batch source the fit would
 * use. The replica adopts the shared parameters; then, for every epoch the main thread asks for, the worker draws the
 * epoch from the fit's seed and runs its share of the batches on its own {@link SparseEngine}, updating the shared
 * parameters in place (Hogwild: no locks), and reports the epoch's loss and timings.
 *
 * @example
 * ```ts
 * // my-worker.mjs, given as `parallel.worker`
 * import { workerData } from 'node:worker_threads';
 * const { model, source } = buildReplica(workerData.replica);
 * serveEpochs(model, source, workerData.init);
 * ```
 * @throws when called outside a worker thread, or when the replica does not fit the shared parameters.
 */
export function serveEpochs<B extends Batch>(
  model: TrainableModel<B>,
  source: BatchSource<B>,
  init: EpochWorkerInit,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveEpochs runs in a worker thread of a parallel fit');
  const { worker, workers, control } = init;
  const engine = new SparseEngine(
    model.tables,
    model.denseWeights(),
    createOptimizer(init.optimizer, 1e-3),
    init.seed + 1 + worker,
  );
  engine.adoptShared(init.shared);
  const random = new Random(init.seed);
  const reply = (message: EpochReply): void => port.postMessage(message);
  port.on('message', (request: EpochRequest) => {
    try {
      reply(runEpoch(request.epoch, request.learningRate));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      reply({ type: 'error', message: e.message, stack: e.stack });
    }
  });
  reply({ type: 'ready' });

  function runEpoch(epoch: number, learningRate: number): EpochReply {
    engine.optimizer.learningRate = learningRate;
    const sampleStart = performance.now();
    const batches = source.epoch(random);
    const samplingSeconds = (performance.now() - sampleStart) / 1000;
    const stepStart = performance.now();
    let lossSum = 0;
    let seen = 0;
    let done = 0;
    let lastReport = stepStart;
    for (let b = worker; b < batches.length; b += workers) {
      if (Atomics.load(control, 0) !== 0) break;
      const batch = batches.batch(b);
      let loss: number;
      try {
        loss = engine.step((ctx) => model.loss(ctx, batch)).loss;
      } catch (error) {
        if (error instanceof Error)
          error.message = `epoch ${epoch}, batch ${b + 1}/${batches.length}: ${error.message}`;
        throw error;
      }
      lossSum += loss * batch.size;
      seen += batch.size;
      done++;
      if ((done & 7) === 0 && performance.now() - lastReport >= PROGRESS_INTERVAL_MS) {
        reply({ type: 'progress', done, batches: batches.length, lossSum, seen });
        lastReport = performance.now();
      }
    }
    const stepSeconds = (performance.now() - stepStart) / 1000;
    return { type: 'epoch', done, batches: batches.length, lossSum, seen, samplingSeconds, stepSeconds };
  }
}
