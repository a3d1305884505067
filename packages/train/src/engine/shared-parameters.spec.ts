import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { concatColumns, dense } from '@recsys/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PairBatch } from '../batches/batch.js';
import { LogLoss } from '../losses/log-loss.js';
import { LazyAdam } from '../optimizers/lazy-adam.js';
import type { TrainableModel } from '../trainer/trainable.js';
import { sharedCopy } from './shared-parameters.js';
import { SparseEngine } from './sparse-engine.js';
import { SparseTable } from './sparse-table.js';

const batch: PairBatch = {
  users: Int32Array.of(0, 1, 2, 3),
  items: Int32Array.of(1, 2, 3, 4),
  targets: Float32Array.of(1, 0, 1, 0),
  size: 4,
};

/** A two-tower model: users and items tables, one dense head; `replica` builds another one the same way. */
function model(seed = 1): TrainableModel<PairBatch> & { kernel: tf.Variable } {
  const users = SparseTable.randomNormal('users', 5, 3, { seed, std: 0.5 });
  const items = SparseTable.randomNormal('items', 6, 3, { seed: seed + 1, std: 0.5 });
  const kernel = tf.variable(tf.randomNormal([6, 1], 0, 0.5, 'float32', seed + 2));
  return {
    tables: [users, items],
    kernel,
    denseWeights: () => [{ name: 'head/kernel', variable: kernel }],
    loss: (ctx, b) => {
      const x = concatColumns([ctx.rows(users, b.users), ctx.rows(items, b.items)], ctx.tape);
      return new LogLoss().apply(dense(x, kernel, null, 'linear', ctx.tape), b.targets, null, ctx.tape);
    },
  };
}

const values = (m: TrainableModel<PairBatch>) => m.tables.map((t) => Array.from(t.data));

describe('SparseEngine.share / adoptShared / unshare', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('moves the parameters into shared memory; a replica adopting them trains the same values in place', () => {
    const main = model(1);
    const before = values(main);
    const engine = new SparseEngine(main.tables, main.denseWeights(), new LazyAdam({ learningRate: 0.1 }));
    const shared = engine.share();
    expect(main.tables.every((t) => t.data.buffer instanceof SharedArrayBuffer)).toBe(true);
    expect(values(main)).toEqual(before); // moved, not changed
    expect(shared.tables[0]!.state[0]!.buffer).toBeInstanceOf(SharedArrayBuffer); // Adam's moments too

    const replica = model(7); // other initial values: the adopted ones replace them
    const worker = new SparseEngine(replica.tables, replica.denseWeights(), new LazyAdam({ learningRate: 0.1 }));
    worker.adoptShared(shared);
    expect(values(replica)).toEqual(before);
    expect(Array.from(replica.kernel.dataSync())).toEqual(Array.from(main.kernel.dataSync()));

    worker.step((ctx) => replica.loss(ctx, batch));
    // The replica's step changed the main model's tables (the same memory) and, once pulled, its dense weight.
    expect(values(main)).toEqual(values(replica));
    expect(values(main)).not.toEqual(before);
    engine.pullDense();
    expect(Array.from(main.kernel.dataSync())).toEqual(Array.from(replica.kernel.dataSync()));
  });

  it("writes the dense variables from the shared values before each step (another thread's updates)", () => {
    const main = model(1);
    const engine = new SparseEngine(main.tables, main.denseWeights(), new LazyAdam());
    const shared = engine.share();
    shared.dense[0]!.values.fill(0); // "another thread" zeroes the head
    const seen: number[] = [];
    engine.step((ctx) => {
      seen.push(...main.kernel.dataSync());
      return main.loss(ctx, batch);
    });
    expect(seen).toEqual(new Array(6).fill(0));
  });

  it('leaves no tensor behind: steps, pulls and unshare keep the count flat', () => {
    const main = model(1);
    const engine = new SparseEngine(main.tables, main.denseWeights(), new LazyAdam());
    engine.share();
    engine.step((ctx) => main.loss(ctx, batch));
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) engine.step((ctx) => main.loss(ctx, batch));
    engine.pullDense();
    engine.unshare();
    engine.step((ctx) => main.loss(ctx, batch));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('unshare moves the parameters back to memory of their own, keeping the trained values', () => {
    const main = model(1);
    const engine = new SparseEngine(main.tables, main.denseWeights(), new LazyAdam({ learningRate: 0.1 }));
    const shared = engine.share();
    engine.step((ctx) => main.loss(ctx, batch));
    const trained = values(main);
    engine.unshare();
    expect(main.tables.every((t) => !(t.data.buffer instanceof SharedArrayBuffer))).toBe(true);
    expect(values(main)).toEqual(trained);
    shared.tables[0]!.values.fill(9); // the shared memory no longer reaches the model
    expect(values(main)).toEqual(trained);
    // A step after unshare updates the variable itself again (no pull needed).
    const kernel = Array.from(main.kernel.dataSync());
    engine.step((ctx) => main.loss(ctx, batch));
    expect(Array.from(main.kernel.dataSync())).not.toEqual(kernel);
  });

  it('refuses shared parameters of another shape, naming the parameter', () => {
    const main = model(1);
    const shared = new SparseEngine(main.tables, main.denseWeights(), new LazyAdam()).share();
    const other = model(1);
    const engine = new SparseEngine(other.tables, other.denseWeights(), new LazyAdam());
    const wrongTable = {
      ...shared,
      tables: [shared.tables[0]!, { values: sharedCopy(new Float32Array(5)), state: [] }],
    };
    expect(() => engine.adoptShared(wrongTable)).toThrow(/table "items" holds 5 values and 0 optimizer slots/);
    expect(() => engine.adoptShared({ ...shared, dense: [] })).toThrow(/nothing for dense weight "head\/kernel"/);
    expect(() => engine.adoptShared({ ...shared, tables: [...shared.tables, shared.tables[0]!] })).toThrow(
      /3 tables and 1 dense weights for the replica's 2 and 1/,
    );
    expect(other.tables.every((t) => !(t.data.buffer instanceof SharedArrayBuffer))).toBe(true); // nothing adopted
  });
});
