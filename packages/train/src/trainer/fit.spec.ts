import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { Interactions, synthetic } from '@recsys/data';
import { dense, multiply, splitRows } from '@recsys/layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTripleBatch, type Batch, type PairBatch, type Pairs, type TripleBatch } from '../batches/batch.js';
import { pairwiseBatches } from '../batches/pairwise-batches.js';
import { pointwiseBatches } from '../batches/pointwise-batches.js';
import { SparseTable } from '../engine/sparse-table.js';
import type { StepContext } from '../engine/step-context.js';
import { STEP_PHASES, StepProfile, type StepPhase } from '../engine/step-profile.js';
import { BprLoss } from '../losses/bpr-loss.js';
import { LogLoss } from '../losses/log-loss.js';
import { SGD } from '../optimizers/sgd.js';
import { fitModel } from './fit.js';
import type { TrainableModel } from './trainable.js';

/** A GMF written with the raw ops (not layers): (p_u ⊙ q_i)·h, trained pointwise (log loss) or pairwise (BPR). */
class TinyGmf implements TrainableModel<PairBatch | TripleBatch> {
  readonly tables: SparseTable[];
  readonly h: tf.Variable;

  constructor(users: number, items: number, dim: number, seed: number) {
    this.tables = [
      SparseTable.randomNormal('users', users, dim, { seed, std: 0.1 }),
      SparseTable.randomNormal('items', items, dim, { seed: seed + 1, std: 0.1 }),
    ];
    this.h = tf.variable(tf.randomNormal([dim, 1], 0, 0.1, 'float32', seed));
  }

  denseWeights() {
    return [{ name: 'h', variable: this.h }];
  }

  forward(ctx: StepContext, { users, items }: Pairs): tf.Tensor2D {
    const product = multiply(ctx.rows(this.tables[0]!, users), ctx.rows(this.tables[1]!, items), ctx.tape);
    return dense(product as tf.Tensor2D, this.h as tf.Tensor2D, null, 'linear', ctx.tape);
  }

  loss(ctx: StepContext, batch: PairBatch | TripleBatch): tf.Tensor {
    if (!isTripleBatch(batch)) return new LogLoss().apply(this.forward(ctx, batch), batch.targets, null, ctx.tape);
    const n = batch.users.length;
    const users = new Int32Array(2 * n);
    users.set(batch.users);
    users.set(batch.users, n);
    const items = new Int32Array(2 * n);
    items.set(batch.positives);
    items.set(batch.negatives, n);
    const [positive, negative] = splitRows(this.forward(ctx, { users, items }), [n, n], ctx.tape);
    return new BprLoss().apply(positive!, negative!, ctx.tape);
  }

  dispose() {
    this.h.dispose();
  }
}

const { interactions: log } = synthetic({ users: 60, items: 80, interactionsPerUser: 12, seed: 5 });
const quiet = { progress: false as const };

describe.each(['cpu', 'wasm'])('fitModel on the %s backend', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it('lowers the loss, keeps the tensor count flat across epochs, and is repeatable for a seed', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 8, 1);
    const counts: number[] = [];
    const history = await fitModel(model, pointwiseBatches(log, { batchSize: 64 }), {
      ...quiet,
      epochs: 4,
      learningRate: 0.01,
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    expect(history.epochs).toHaveLength(4);
    expect(history.epochs[3].loss).toBeLessThan(history.epochs[0].loss);
    expect(new Set(counts).size).toBe(1);

    const again = new TinyGmf(log.numUsers, log.numItems, 8, 1);
    await fitModel(again, pointwiseBatches(log, { batchSize: 64 }), { ...quiet, epochs: 4, learningRate: 0.01 });
    expect(again.tables[0].data).toEqual(model.tables[0].data);
    expect(again.h.dataSync()).toEqual(model.h.dataSync());
    model.dispose();
    again.dispose();
  });

  it('updates only the rows a batch touches', async () => {
    // Users 0 and 1 interact with items 0..3 only; user 2 and items 4..9 never appear in training.
    const train = Interactions.fromColumns(
      { users: Int32Array.of(0, 0, 1, 1), items: Int32Array.of(0, 1, 2, 3) },
      { numUsers: 3, numItems: 10 },
    );
    const model = new TinyGmf(3, 10, 4, 2);
    const users = Float32Array.from(model.tables[0].data);
    const items = Float32Array.from(model.tables[1].data);
    const targets = Float32Array.of(1, 0.5, 1, 0.5); // rating targets: no negatives needed
    await fitModel(model, pointwiseBatches(train, { negatives: 0, targets, batchSize: 4 }), { ...quiet, epochs: 1 });
    expect(model.tables[0].data.subarray(8)).toEqual(users.subarray(8)); // user 2 untouched
    expect(model.tables[0].data.subarray(0, 4)).not.toEqual(users.subarray(0, 4));
    expect(model.tables[1].data.subarray(16)).toEqual(items.subarray(16)); // items 4..9 untouched
    model.dispose();
  });

  it('trains with the pairwise BPR loss', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 8, 3);
    const history = await fitModel(model, pairwiseBatches(log, { batchSize: 64 }), {
      ...quiet,
      epochs: 3,
      learningRate: 0.01,
    });
    expect(history.epochs[0].samples).toBe(2 * log.size);
    expect(history.epochs[2].loss).toBeLessThan(history.epochs[0].loss);
    model.dispose();
  });
});

describe('early stopping and restore-best', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => tf.disposeVariables());

  it('stops after `patience` epochs without improvement and restores the best epoch', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 8, 4);
    const scores = [0.1, 0.3, 0.2, 0.25, 0.29, 0.5];
    let atBest: Float32Array | undefined;
    let epoch = 0;
    const history = await fitModel(model, pointwiseBatches(log), {
      ...quiet,
      epochs: 6,
      learningRate: 0.01,
      validation: {
        evaluate: async () => ({ ndcg: scores[epoch++] }),
        patience: 2,
      },
      onEpochEnd: (info) => {
        if (info.epoch === 2) atBest = Float32Array.from(model.tables[1].data);
      },
    });
    expect(history.epochs).toHaveLength(4); // epochs 3 and 4 did not beat epoch 2
    expect(history.stoppedEarly).toBe(true);
    expect(history.bestEpoch).toBe(2);
    expect(model.tables[1].data).toEqual(atBest);
    model.dispose();
  });

  it('a stop signal ends training gracefully: the best epoch restored, not the interrupted epoch steps', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 8, 4);
    const controller = new AbortController();
    let atEpoch2: Float32Array | undefined;
    let epoch = 0;
    const history = await fitModel(model, pointwiseBatches(log, { batchSize: 64 }), {
      ...quiet,
      epochs: 6,
      learningRate: 0.01,
      // Improving every epoch: the best is the last completed one, and the interrupted epoch's steps must go.
      validation: { evaluate: async () => ({ ndcg: ++epoch }) },
      stop: controller.signal,
      onEpochEnd: (info) => {
        if (info.epoch === 2) atEpoch2 = Float32Array.from(model.tables[1].data);
      },
      onBatchEnd: (info) => {
        if (info.epoch === 3 && info.batch === 2) controller.abort();
      },
    });
    expect(history.interrupted).toEqual({ epoch: 3, batch: 2, batches: expect.any(Number) });
    expect(history.epochs).toHaveLength(2);
    expect(history.bestEpoch).toBe(2);
    expect(history.stoppedEarly).toBe(false);
    expect(model.tables[1].data).toEqual(atEpoch2);
    model.dispose();
  });

  it('a stop signal without validation keeps the last steps, and one aborted before training runs no epoch', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 8, 4);
    const controller = new AbortController();
    let afterStep = new Float32Array();
    const history = await fitModel(model, pointwiseBatches(log, { batchSize: 64 }), {
      ...quiet,
      epochs: 4,
      stop: controller.signal,
      onBatchEnd: (info) => {
        afterStep = Float32Array.from(model.tables[1].data);
        if (info.epoch === 2 && info.batch === 1) controller.abort();
      },
    });
    expect(history.interrupted).toMatchObject({ epoch: 2, batch: 1 });
    expect(history.epochs).toHaveLength(1);
    expect(model.tables[1].data).toEqual(afterStep);

    const none = await fitModel(model, pointwiseBatches(log), { ...quiet, stop: AbortSignal.abort() });
    expect(none).toMatchObject({ epochs: [], bestEpoch: 0, interrupted: { epoch: 1, batch: 0, batches: 0 } });
    await expect(fitModel(model, pointwiseBatches(log), { ...quiet, stop: {} } as never)).rejects.toThrow(
      /stop must be an AbortSignal/,
    );
    model.dispose();
  });

  it('decays the learning rate after every epoch', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 4, 5);
    const optimizer = new SGD({ learningRate: 0.08 });
    const history = await fitModel(model, pointwiseBatches(log), {
      ...quiet,
      epochs: 3,
      optimizer,
      learningRateDecay: 0.5,
    });
    expect(history.epochs.map((e) => e.learningRate)).toEqual([0.08, 0.04, 0.02]);
    expect(optimizer.learningRate).toBe(0.08);
    model.dispose();
  });

  it('names a missing monitored metric and rejects bad options', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 4, 1);
    const source = pointwiseBatches(log);
    await expect(
      fitModel(model, source, {
        ...quiet,
        epochs: 1,
        validation: { evaluate: async () => ({ hr: 1 }), monitor: 'ndcg' },
      }),
    ).rejects.toThrow(/no metric "ndcg"/);
    await expect(
      fitModel(model, source, { ...quiet, epochs: 1, validation: { evaluate: async () => ({ ndcg: Number.NaN }) } }),
    ).rejects.toThrow(/validation ndcg is NaN/);
    // A misspelt option used to be ignored: { epoch: 1 } trained the default 20 epochs.
    await expect(fitModel(model, source, { ...quiet, epoch: 1 } as never)).rejects.toThrow(
      'fitModel has no option "epoch"',
    );
    expect(() => pointwiseBatches(log, { batchSize: 0 })).toThrow(/batchSize/);
    expect(() => pointwiseBatches(log, { negatives: -1 })).toThrow(/negatives/);
    expect(() => pairwiseBatches(log, { negatives: 0 })).toThrow(/negatives/);
    // Binary targets without negatives: every target 1, a model that scores everything 1 is perfect.
    expect(() => pointwiseBatches(log, { negatives: 0 })).toThrow(
      /negatives 0 with binary targets gives positives only/,
    );
    expect(() => pointwiseBatches(log, { targets: new Float32Array(3) })).toThrow(/3 values for/);
    await expect(fitModel(model, source, { ...quiet, learningRateDecay: 0 })).rejects.toThrow(/learningRateDecay/);
    await expect(fitModel(model, source, { ...quiet, learningRateDecay: 1.5 })).rejects.toThrow(/learningRateDecay/);
    model.dispose();
  });
});

describe('the generic batch contract', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("hands a custom source's batches to the model's loss, weighting the epoch loss by batch size", async () => {
    interface Odd extends Batch {
      readonly tag: string;
    }
    const table = SparseTable.randomNormal('t', 3, 2, { seed: 1 });
    const seen: string[] = [];
    const model: TrainableModel<Odd> = {
      tables: [table],
      denseWeights: () => [],
      loss: (ctx, batch) => {
        seen.push(batch.tag);
        const rows = ctx.rows(table, Int32Array.of(0, 1, 2));
        const score = ctx.op((x: tf.Tensor) => tf.sum(x, 1, true), rows);
        return new LogLoss().apply(score, Float32Array.of(1, 0, 1), null, ctx.tape);
      },
    };
    const history = await fitModel(
      model,
      { epoch: () => ({ length: 2, examples: 5, batch: (k) => ({ tag: `b${k}`, size: k === 0 ? 4 : 1 }) }) },
      { ...quiet, epochs: 2 },
    );
    expect(seen).toEqual(['b0', 'b1', 'b0', 'b1']);
    expect(history.epochs[0]!.samples).toBe(5);
  });

  it('names the epoch and batch when a step fails', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 4, 1);
    const broken: TrainableModel<PairBatch> = {
      tables: model.tables,
      denseWeights: () => model.denseWeights(),
      loss: (ctx, b) => new LogLoss().apply(tf.concat([model.forward(ctx, b)], 0), b.targets, null, ctx.tape),
    };
    await expect(fitModel(broken, pointwiseBatches(log), { ...quiet, epochs: 1 })).rejects.toThrow(
      /^epoch 1, batch 1\/\d+: step 1: no gradient reached table "users", table "items", dense weight "h"/,
    );
    model.dispose();
  });
});

describe('fitModel and the event loop', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  /** A one-table model whose every step also busy-waits `ms`: a slow epoch of `batches` batches. */
  function slowModel(ms: number) {
    const table = SparseTable.randomNormal('t', 3, 2, { seed: 1 });
    const model: TrainableModel<Batch> = {
      tables: [table],
      denseWeights: () => [],
      loss: (ctx) => {
        const until = performance.now() + ms;
        while (performance.now() < until);
        const rows = ctx.rows(table, Int32Array.of(0, 1, 2));
        const score = ctx.op((x: tf.Tensor) => tf.sum(x, 1, true), rows);
        return new LogLoss().apply(score, Float32Array.of(1, 0, 1), null, ctx.tape);
      },
    };
    return model;
  }
  const batchesOf = (n: number) => ({
    epoch: () => ({ length: n, examples: n, batch: () => ({ size: 1 }) }),
  });

  it('yields within a long epoch: a timer fires between batches, not only after training', async () => {
    let batch = 0;
    const firedAt: number[] = [];
    const timer = setInterval(() => firedAt.push(batch), 10);
    try {
      // One epoch of 40 batches × 5 ms = 200 ms: without yielding, no timer fires before fitModel returns.
      await fitModel(slowModel(5), batchesOf(40), {
        ...quiet,
        epochs: 1,
        onBatchEnd: (info) => void (batch = info.batch),
      });
    } finally {
      clearInterval(timer);
    }
    expect(firedAt.filter((b) => b < 40).length).toBeGreaterThanOrEqual(2);
  });

  it('yields once per epoch however short, so a Promise.race timeout can fire', async () => {
    let epochsDone = 0;
    let firedAfter = -1;
    const timer = setTimeout(() => (firedAfter = epochsDone), 0);
    await fitModel(slowModel(0), batchesOf(2), {
      ...quiet,
      epochs: 5,
      onEpochEnd: () => void epochsDone++,
    });
    clearTimeout(timer);
    expect(firedAfter).toBeGreaterThanOrEqual(0);
    expect(firedAfter).toBeLessThan(5);
  });

  it('stops on an abort signal between batches, naming the epoch and batch', async () => {
    const controller = new AbortController();
    const error = await fitModel(slowModel(0), batchesOf(10), {
      ...quiet,
      epochs: 3,
      signal: controller.signal,
      onBatchEnd: (info) => {
        if (info.epoch === 2 && info.batch === 3) controller.abort(new Error('enough'));
      },
    }).then(
      () => new Error('fitModel did not stop'),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AbortError');
    expect(error.message).toBe('fitModel: aborted in epoch 2 before batch 4/10 (3 batches of this epoch done)');
    expect((error.cause as Error).message).toBe('enough');
  });

  it('an AbortSignal.timeout stops a long epoch (the loop yields, so the timer fires)', async () => {
    const start = performance.now();
    // 400 batches × 2 ms ≈ 0.8 s per epoch, 20 epochs: the signal must stop it within the first epoch.
    await expect(
      fitModel(slowModel(2), batchesOf(400), { ...quiet, epochs: 20, signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow(/fitModel: aborted in epoch 1 before batch \d+\/400/);
    expect(performance.now() - start).toBeLessThan(700);
  });

  it('refuses a second fitModel on a model still training, and allows one after it ends or fails', async () => {
    const model = slowModel(1);
    const first = fitModel(model, batchesOf(20), { ...quiet, epochs: 2 });
    await expect(fitModel(model, batchesOf(2), { ...quiet, epochs: 1 })).rejects.toThrow(
      'fitModel: this model is already training (a previous fitModel on it has not finished)',
    );
    await first;
    await expect(fitModel(model, batchesOf(2), { ...quiet, epochs: 1 })).resolves.toMatchObject({ bestEpoch: 1 });
    const controller = new AbortController();
    controller.abort();
    await expect(fitModel(model, batchesOf(2), { ...quiet, signal: controller.signal })).rejects.toThrow(
      'fitModel: aborted before epoch 1',
    );
    await expect(fitModel(model, batchesOf(2), { ...quiet, epochs: 1 })).resolves.toBeDefined();
  });

  it('checks the types of progress, onBatchEnd, onEpochEnd and signal at entry', async () => {
    const model = slowModel(0);
    const source = batchesOf(2);
    await expect(fitModel(model, source, { progress: true } as never)).rejects.toThrow(
      'fitModel: progress must be false or a sink with a write(text) method (such as process.stderr), got true',
    );
    await expect(fitModel(model, source, { progress: {} } as never)).rejects.toThrow(TypeError);
    await expect(fitModel(model, source, { ...quiet, onBatchEnd: 'log' } as never)).rejects.toThrow(
      'fitModel: onBatchEnd must be a function, got "log"',
    );
    await expect(fitModel(model, source, { ...quiet, onEpochEnd: 1 } as never)).rejects.toThrow(
      'fitModel: onEpochEnd must be a function, got 1',
    );
    await expect(fitModel(model, source, { ...quiet, signal: {} } as never)).rejects.toThrow(
      /signal must be an AbortSignal/,
    );
  });
});

describe('fitModel with a StepProfile', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('times every phase of every step without changing what is trained', async () => {
    const source = () => pointwiseBatches(log, { batchSize: 64 });
    const profile = new StepProfile();
    const timed = new TinyGmf(log.numUsers, log.numItems, 8, 3);
    const history = await fitModel(timed, source(), { ...quiet, epochs: 2, learningRate: 0.01, profile });
    const plain = new TinyGmf(log.numUsers, log.numItems, 8, 3);
    const again = await fitModel(plain, source(), { ...quiet, epochs: 2, learningRate: 0.01 });
    expect(history.epochs.map((e) => e.loss)).toEqual(again.epochs.map((e) => e.loss));

    const samples = history.epochs.reduce((sum, e) => sum + e.samples, 0);
    expect(profile.samples).toBe(samples);
    expect(profile.steps).toBe(2 * Math.ceil(history.epochs[0]!.samples / 64));
    const seconds = profile.seconds();
    expect(Object.keys(seconds)).toEqual([...STEP_PHASES]);
    for (const phase of ['host lookups', 'forward', 'backward', 'gradients to host', 'sparse scatter', 'optimizer'])
      expect(seconds[phase as StepPhase], phase).toBeGreaterThan(0);
    for (const value of Object.values(seconds)) expect(value).toBeGreaterThanOrEqual(0);
    // The phases partition the steps and the batch drawing: together no more than the fit took.
    const total = Object.values(seconds).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(history.seconds + 1e-3);
    expect(profile.format()).toMatch(/^\d+ steps, [\d,]+ samples in [\d.]+ s, [\d,]+ samples\/s \(all phases\)\nphase/);
    timed.dispose();
    plain.dispose();
  });

  it('refuses a profile that is not a StepProfile', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 4, 1);
    await expect(
      fitModel(model, pointwiseBatches(log), { ...quiet, profile: {} as unknown as StepProfile }),
    ).rejects.toThrow(/profile must be a StepProfile, got/);
    model.dispose();
  });
});

describe('fitModel with parallel workers: the checks at entry', () => {
  const worker = new URL('file:///nowhere/worker.mjs');

  it('refuses what the workers cannot do before any thread starts, leaving the model as it was', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 4, 1);
    const source = pointwiseBatches(log);
    const before = model.tables.map((t) => Array.from(t.data));
    const parallel = { workers: 2, worker, replica: {} };
    await expect(fitModel(model, source, { ...quiet, parallel: 2 } as never)).rejects.toThrow(
      'fitModel: parallel must be an object, got 2',
    );
    await expect(fitModel(model, source, { ...quiet, parallel: { ...parallel, workers: 1 } })).rejects.toThrow(
      'fitModel: parallel.workers must be an integer ≥ 2, got 1',
    );
    await expect(
      fitModel(model, source, { ...quiet, parallel: { ...parallel, worker: 'worker.mjs' as unknown as URL } }),
    ).rejects.toThrow(/parallel.worker must be the URL of the worker module/);
    await expect(fitModel(model, source, { ...quiet, parallel, onBatchEnd: () => {} })).rejects.toThrow(
      'fitModel: onBatchEnd needs the single-thread loop (each step runs in a worker with parallel)',
    );
    await expect(fitModel(model, source, { ...quiet, parallel, profile: new StepProfile() })).rejects.toThrow(
      /profile needs the single-thread loop/,
    );
    await expect(fitModel(model, source, { ...quiet, parallel, optimizer: new SGD() })).rejects.toThrow(
      /give the optimizer by name/,
    );
    expect(model.tables.map((t) => Array.from(t.data))).toEqual(before);
    model.dispose();
  });

  it('a worker module that cannot start fails the fit, naming the worker; the parameters move back', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 4, 1);
    await expect(
      fitModel(model, pointwiseBatches(log), { ...quiet, parallel: { workers: 2, worker, replica: {} } }),
    ).rejects.toThrow(/worker [12]\/2 failed/);
    expect(model.tables.every((t) => !(t.data.buffer instanceof SharedArrayBuffer))).toBe(true);
    model.dispose();
  });
});
