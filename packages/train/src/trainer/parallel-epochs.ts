import { Worker } from 'node:worker_threads';
import type { SparseEngine } from '../engine/sparse-engine.js';
import type {
  EpochReply,
  EpochRequest,
  EpochWorkerInit,
  ParallelEpoch,
  ParallelOptions,
  ParallelProgress,
} from './parallel-protocol.js';

/**
 * The main thread's side of a parallel fit: the model's parameters moved into shared memory, `workers` threads each
 * training a replica of the model on its share of every epoch's batches, Hogwild-style (the steps of all workers
 * update the shared parameters in place, without locks), and an epoch barrier: the main thread starts an epoch, the
 * workers run it, the main thread validates between epochs while they wait.
 */
export class ParallelEpochs {
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  private readonly workers: Worker[] = [];
  /** Rejects the epoch in flight (a worker failed or exited). */
  private fail: ((error: Error) => void) | undefined;
  /** Why a worker is gone, when one failed or exited between epochs: the next epoch is refused with it. */
  private lost: Error | undefined;

  private constructor(
    private readonly engine: SparseEngine,
    private readonly options: ParallelOptions,
  ) {}

  /**
   * Shares the engine's parameters and starts the workers; resolves once every replica is built and has adopted them.
   *
   * @throws when a worker fails to start or to build its replica (the workers started are stopped, the parameters
   *   moved back).
   */
  static async start(engine: SparseEngine, options: ParallelOptions, seed: number): Promise<ParallelEpochs> {
    const runner = new ParallelEpochs(engine, options);
    const shared = engine.share();
    try {
      await Promise.all(
        Array.from({ length: options.workers }, (_, worker) => {
          const init: EpochWorkerInit = {
            shared,
            optimizer: engine.optimizer.name as EpochWorkerInit['optimizer'],
            seed,
            worker,
            workers: options.workers,
            control: runner.control,
          };
          return runner.spawn(worker, init);
        }),
      );
    } catch (error) {
      await runner.close();
      throw error;
    }
    return runner;
  }

  /** Asks every worker to stop before its next batch (the epoch then resolves with what was done). */
  stop(): void {
    Atomics.store(this.control, 0, 1);
  }

  /**
   * Runs epoch `epoch` on the workers at `learningRate`; resolves when all of them have finished their share (or
   * stopped, after {@link stop}), with the workers' updates in the model.
   *
   * @throws naming the worker, the epoch and the batch when a step fails (the other workers are stopped).
   */
  async run(epoch: number, learningRate: number, progress?: ParallelProgress): Promise<ParallelEpoch> {
    if (this.lost) throw this.lost;
    const start = performance.now();
    const count = this.workers.length;
    const latest = Array.from({ length: count }, () => ({ done: 0, lossSum: 0, seen: 0 }));
    const replies = await new Promise<Extract<EpochReply, { type: 'epoch' }>[]>((resolve, reject) => {
      const results: Extract<EpochReply, { type: 'epoch' }>[] = [];
      let pending = count;
      this.fail = (error) => {
        this.stop();
        reject(error);
      };
      this.workers.forEach((worker, k) => {
        const onMessage = (reply: EpochReply): void => {
          if (reply.type === 'progress') {
            latest[k] = reply;
            if (progress) {
              const sum = latest.reduce((s, r) => ({
                done: s.done + r.done,
                lossSum: s.lossSum + r.lossSum,
                seen: s.seen + r.seen,
              }));
              progress(sum.done, reply.batches, sum.lossSum, sum.seen);
            }
            return;
          }
          worker.off('message', onMessage);
          if (reply.type === 'error') {
            this.fail?.(new Error(`worker ${k + 1}/${count}: ${reply.message}`));
            return;
          }
          if (reply.type !== 'epoch') return;
          results[k] = reply;
          if (--pending === 0) resolve(results);
        };
        worker.on('message', onMessage);
        worker.postMessage({ type: 'epoch', epoch, learningRate } satisfies EpochRequest);
      });
    }).finally(() => {
      this.fail = undefined;
    });
    this.sync();
    // Wall-clock: the epoch took as long as its slowest worker plus the messages; what its drawing did not take
    // counts as steps, so samples/s is never flattered by the workers' own clocks.
    const seconds = (performance.now() - start) / 1000;
    const samplingSeconds = Math.max(...replies.map((r) => r.samplingSeconds));
    return {
      done: replies.reduce((s, r) => s + r.done, 0),
      batches: replies[0]!.batches,
      lossSum: replies.reduce((s, r) => s + r.lossSum, 0),
      seen: replies.reduce((s, r) => s + r.seen, 0),
      samplingSeconds,
      stepSeconds: Math.max(seconds - samplingSeconds, ...replies.map((r) => r.stepSeconds)),
    };
  }

  /** Stops the workers and moves the parameters back to the model's own memory (the trained values kept). */
  async close(): Promise<void> {
    this.stop();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
    this.engine.unshare();
    this.options.onSync?.();
  }

  private sync(): void {
    this.engine.pullDense();
    this.options.onSync?.();
  }

  private spawn(k: number, init: EpochWorkerInit): Promise<void> {
    const { workers: count, worker: url, replica } = this.options;
    return new Promise<void>((resolve, reject) => {
      const worker = new Worker(url, { workerData: { replica, init } });
      this.workers.push(worker);
      const onReady = (reply: EpochReply): void => {
        worker.off('message', onReady);
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'error') reject(new Error(`worker ${k + 1}/${count}: ${reply.message}`));
        else reject(new Error(`worker ${k + 1}/${count}: sent "${reply.type}" before it was ready`));
      };
      worker.on('message', onReady);
      // Each failure settles whatever waits on this worker: its start, the epoch in flight, or the next epoch.
      const lose = (failure: Error): void => {
        this.lost ??= failure;
        reject(failure); // no-op once ready
        this.fail?.(failure);
      };
      worker.on('error', (error) =>
        lose(new Error(`worker ${k + 1}/${count} failed: ${error.message}`, { cause: error })),
      );
      worker.on('exit', (code) => {
        if (Atomics.load(this.control, 0) === 0) lose(new Error(`worker ${k + 1}/${count} exited (code ${code})`));
      });
    });
  }
}
