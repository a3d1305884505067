// Browser twin of parallel-epochs.ts: no worker_threads in a browser; a parallel fit is refused with a reason.
import type { SparseEngine } from '../engine/sparse-engine.js';
import type { ParallelEpoch, ParallelOptions, ParallelProgress } from './parallel-protocol.js';

export class ParallelEpochs {
  static start(_engine: SparseEngine, _options: ParallelOptions, _seed: number): Promise<ParallelEpochs> {
    return Promise.reject(new Error('fitModel: parallel training runs on Node worker threads, not in a browser'));
  }

  stop(): void {}

  run(_epoch: number, _learningRate: number, _progress?: ParallelProgress): Promise<ParallelEpoch> {
    return Promise.reject(new Error('unreachable'));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
