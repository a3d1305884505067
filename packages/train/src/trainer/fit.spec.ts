import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { Interactions, Random, synthetic } from '@recsys/data';
import { dense, multiply } from '@recsys/layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparseTable } from '../engine/sparse-table.js';
import type { StepContext } from '../engine/step-context.js';
import { SGD } from '../optimizers/sgd.js';
import { fitModel } from './fit.js';
import type { TrainableModel } from './trainable.js';

/** A GMF written with the raw ops (not layers): σ((p_u ⊙ q_i)·h). */
class TinyGmf implements TrainableModel {
  readonly tables: SparseTable[];
  readonly h: tf.Variable;

  constructor(users: number, items: number, dim: number, seed: number) {
    const random = new Random(seed);
    const init = (n: number) => Float32Array.from({ length: n }, () => random.normal() * 0.1);
    this.tables = [
      new SparseTable('users', users, dim, init(users * dim)),
      new SparseTable('items', items, dim, init(items * dim)),
    ];
    this.h = tf.variable(tf.tensor2d(init(dim), [dim, 1]));
  }

  denseVariables() {
    return [{ variable: this.h }];
  }

  forward(ctx: StepContext, users: Int32Array, items: Int32Array): tf.Tensor {
    const product = multiply(ctx.rows(this.tables[0], users), ctx.rows(this.tables[1], items), ctx.tape);
    return dense(product as tf.Tensor2D, this.h as tf.Tensor2D, null, 'linear', ctx.tape);
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
    const history = await fitModel(model, log, {
      ...quiet,
      epochs: 4,
      batchSize: 64,
      learningRate: 0.01,
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    expect(history.epochs).toHaveLength(4);
    expect(history.epochs[3].loss).toBeLessThan(history.epochs[0].loss);
    expect(new Set(counts).size).toBe(1);

    const again = new TinyGmf(log.numUsers, log.numItems, 8, 1);
    await fitModel(again, log, { ...quiet, epochs: 4, batchSize: 64, learningRate: 0.01 });
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
    await fitModel(model, train, { ...quiet, epochs: 1, negatives: 0, batchSize: 4 });
    expect(model.tables[0].data.subarray(8)).toEqual(users.subarray(8)); // user 2 untouched
    expect(model.tables[0].data.subarray(0, 4)).not.toEqual(users.subarray(0, 4));
    expect(model.tables[1].data.subarray(16)).toEqual(items.subarray(16)); // items 4..9 untouched
    model.dispose();
  });

  it('trains with the pairwise BPR loss', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 8, 3);
    const history = await fitModel(model, log, { ...quiet, loss: 'bpr', epochs: 3, batchSize: 64, learningRate: 0.01 });
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
    const history = await fitModel(model, log, {
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

  it('decays the learning rate after every epoch', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 4, 5);
    const optimizer = new SGD({ learningRate: 0.08 });
    const history = await fitModel(model, log, { ...quiet, epochs: 3, optimizer, learningRateDecay: 0.5 });
    expect(history.epochs.map((e) => e.learningRate)).toEqual([0.08, 0.04, 0.02]);
    expect(optimizer.learningRate).toBe(0.08);
    model.dispose();
  });

  it('names a missing monitored metric and rejects bad options', async () => {
    const model = new TinyGmf(log.numUsers, log.numItems, 4, 1);
    await expect(
      fitModel(model, log, { ...quiet, epochs: 1, validation: { evaluate: async () => ({ hr: 1 }), monitor: 'ndcg' } }),
    ).rejects.toThrow(/no metric "ndcg"/);
    await expect(fitModel(model, log, { ...quiet, batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(fitModel(model, log, { ...quiet, negatives: -1 })).rejects.toThrow(/negatives/);
    await expect(fitModel(model, log, { ...quiet, learningRateDecay: 0 })).rejects.toThrow(/learningRateDecay/);
    await expect(fitModel(model, log, { ...quiet, learningRateDecay: 1.5 })).rejects.toThrow(/learningRateDecay/);
    model.dispose();
  });
});
