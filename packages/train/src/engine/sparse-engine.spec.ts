import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { concatColumns, dense, MLPTower } from '@recsys/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { autodiffGradients, engineGradients, maxDiff } from '../../test/engine-gradients.js';
import type { PairBatch } from '../batches/batch.js';
import { registerTrainingKernels } from '../kernels/register-training-kernels.js';
import { LogLoss } from '../losses/log-loss.js';
import { LazyAdam } from '../optimizers/lazy-adam.js';
import type { TrainableModel } from '../trainer/trainable.js';
import type { DenseWeight } from './dense-param.js';
import { SparseEngine } from './sparse-engine.js';
import { SparseTable } from './sparse-table.js';
import { paddingMask, type StepContext } from './step-context.js';

const batch: PairBatch = {
  users: Int32Array.of(0, 1, 2, 3),
  items: Int32Array.of(1, 2, 3, 4),
  targets: Float32Array.of(1, 0, 1, 0),
  size: 4,
};

/** Three examples for the models whose loss reads only the targets (the rows come from the bag or the ids). */
const threeExamples: PairBatch = {
  users: Int32Array.of(0, 1, 2),
  items: Int32Array.of(0, 0, 0),
  targets: Float32Array.of(1, 0, 1),
  size: 3,
};

/** A two-tower model whose forward pass is given (to try right and wrong ways of writing it). */
function probe(
  forward: (ctx: StepContext, m: { users: SparseTable; items: SparseTable; k: tf.Variable }) => tf.Tensor,
) {
  const users = SparseTable.randomNormal('users', 5, 3, { seed: 1, std: 0.5 });
  const items = SparseTable.randomNormal('items', 6, 3, { seed: 2, std: 0.5 });
  const k = tf.variable(tf.randomNormal([6, 1], 0, 0.5, 'float32', 3));
  const model: TrainableModel<PairBatch> = {
    tables: [users, items],
    denseWeights: () => [{ name: 'head/kernel', variable: k }],
    loss: (ctx, b) => new LogLoss().apply(forward(ctx, { users, items, k }), b.targets, null, ctx.tape),
  };
  return { model, users, items, k };
}

describe.each(['cpu', 'wasm'])('SparseEngine on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    registerTrainingKernels(); // the references differentiate tf.gather, whose gradient wasm lacks
  });

  it('fails loudly when a plain tf op cuts the graph, naming the tables, and changes nothing', () => {
    // The custom-model probe: tf.concat instead of concatColumns(…, ctx.tape).
    const { model, users, items, k } = probe((ctx, m) => {
      const x = tf.concat([ctx.rows(m.users, batch.users), ctx.rows(m.items, batch.items)], 1) as tf.Tensor2D;
      return dense(x, m.k as tf.Tensor2D, null, 'linear', ctx.tape);
    });
    const before = [Float32Array.from(users.data), Float32Array.from(items.data), Float32Array.from(k.dataSync())];
    const engine = new SparseEngine(model.tables, model.denseWeights(), new LazyAdam());
    expect(() => engine.step((ctx) => model.loss(ctx, batch))).toThrow(
      /step 1: no gradient reached table "users", table "items"\. An op outside the tape cut the graph.*ctx\.op\(f, \.\.\.inputs\)/,
    );
    expect([users.data, items.data, Float32Array.from(k.dataSync())]).toEqual(before);
    expect(engine.steps).toBe(0);
  });

  it('trains the same model written on the tape, or with the concat through ctx.op', () => {
    for (const concat of [
      (ctx: StepContext, xs: tf.Tensor2D[]) => concatColumns(xs, ctx.tape),
      (ctx: StepContext, [a, b]: tf.Tensor2D[]) =>
        ctx.op((x: tf.Tensor, y: tf.Tensor) => tf.concat([x, y], 1), a!, b!) as tf.Tensor2D,
    ]) {
      const { model, users } = probe((ctx, m) => {
        const x = concat(ctx, [ctx.rows(m.users, batch.users), ctx.rows(m.items, batch.items)]);
        return dense(x, m.k as tf.Tensor2D, null, 'linear', ctx.tape);
      });
      const before = Float32Array.from(users.data);
      new SparseEngine(model.tables, model.denseWeights(), new LazyAdam()).step((ctx) => model.loss(ctx, batch));
      const changed = users.data.filter((v, j) => v !== before[j]).length;
      expect(changed).toBe(4 * 3); // users 0..3 of 5, all 3 dims
    }
  });

  it('names a dense weight no gradient reached, unless it is marked optional', () => {
    const unused = tf.variable(tf.ones([2]));
    const { model } = probe((ctx, m) =>
      dense(
        concatColumns([ctx.rows(m.users, batch.users), ctx.rows(m.items, batch.items)], ctx.tape),
        m.k as tf.Tensor2D,
        null,
        'linear',
        ctx.tape,
      ),
    );
    const weights = (gradient?: DenseWeight['gradient']): DenseWeight[] => [
      ...model.denseWeights(),
      { name: 'branch/bias', variable: unused, gradient },
    ];
    expect(() =>
      new SparseEngine(model.tables, weights(), new LazyAdam()).step((ctx) => model.loss(ctx, batch)),
    ).toThrow(/no gradient reached dense weight "branch\/bias"/);
    const { loss } = new SparseEngine(model.tables, weights('optional'), new LazyAdam()).step((ctx) =>
      model.loss(ctx, batch),
    );
    expect(Number.isFinite(loss)).toBe(true);
    expect(Array.from(unused.dataSync())).toEqual([1, 1]);
  });

  it('rejects a loss computed off the tape, and a non-finite loss, before changing anything', () => {
    const users = new SparseTable('users', 2, 1, Float32Array.of(1, Number.NaN));
    const engine = new SparseEngine([users], [], new LazyAdam());
    expect(() => engine.step((ctx) => tf.sum(ctx.rows(users, Int32Array.of(0))))).toThrow(
      /the loss was not computed on the tape/,
    );
    const loss = (ids: number[]) => (ctx: StepContext) =>
      new LogLoss().apply(
        ctx.rows(users, Int32Array.from(ids)),
        Float32Array.from(ids, () => 1),
        null,
        ctx.tape,
      );
    expect(() => engine.step(loss([1]))).toThrow(/step 1: the loss is NaN/);
    expect(users.data[0]).toBe(1);
    engine.step(loss([0]));
    expect(users.data[0]).toBeGreaterThan(1);
  });

  it('refuses a non-finite gradient behind a finite loss (‖x‖ at x = 0), changing nothing', () => {
    const rows = new SparseTable('vectors', 2, 3, Float32Array.of(0, 0, 0, 1, 2, 2));
    const engine = new SparseEngine([rows], [], new LazyAdam());
    const norm = (ctx: StepContext) =>
      new LogLoss().apply(
        ctx.op((x: tf.Tensor) => tf.sqrt(tf.sum(tf.square(x), 1, true)), ctx.rows(rows, Int32Array.of(0, 1))),
        Float32Array.of(1, 0),
        null,
        ctx.tape,
      );
    expect(() => engine.step(norm)).toThrow(
      /step 1: the gradient of table "vectors" is not finite \(loss 1\.87.*clamp its input or add an epsilon/,
    );
    expect(Array.from(rows.data)).toEqual([0, 0, 0, 1, 2, 2]);
  });

  it('gives padded histories zero rows and no updates, and sums two lookups of a table into one update', () => {
    const items = SparseTable.randomNormal('items', 4, 2, { seed: 5, std: 1 });
    const ids = Int32Array.of(0, 2, -1, 3, -1, -1); // two histories of length 3
    tf.tidy(() => {
      const model: TrainableModel<PairBatch> = {
        tables: [items],
        denseWeights: () => [],
        loss: (ctx, b) => {
          const history = ctx.rows(items, ids, [2, 3]);
          expect(history.shape).toEqual([2, 3, 2]);
          const mask = paddingMask(ids, [2, 3]);
          const pooled = ctx.op((h, m) => tf.sum(tf.mul(h, tf.expandDims(m, 2)), 1), history, mask);
          const own = ctx.rows(items, b.items);
          const score = ctx.op((a, c) => tf.sum(tf.mul(a, c), 1, true), pooled, own);
          return new LogLoss().apply(score, b.targets, null, ctx.tape);
        },
      };
      const pairs: PairBatch = {
        users: Int32Array.of(0, 1),
        items: Int32Array.of(0, 1),
        targets: Float32Array.of(1, 0),
        size: 2,
      };
      const ours = engineGradients(model, pairs);
      const table = tf.variable(tf.tensor2d(items.data, [4, 2]));
      const gatherRows = (t: tf.Tensor, list: number[]) => tf.gather(t, tf.tensor1d(list, 'int32'));
      const reference = autodiffGradients(
        () => {
          const h0 = tf.sum(gatherRows(table, [0, 2]), 0);
          const h1 = tf.reshape(gatherRows(table, [3]), [2]);
          const pooled = tf.stack([h0, h1]);
          const own = gatherRows(table, [0, 1]);
          const score = tf.sum(tf.mul(pooled, own), 1, true);
          return tf.losses.sigmoidCrossEntropy(tf.tensor2d([1, 0], [2, 1]), score) as tf.Scalar;
        },
        { items: table },
      );
      expect(ours.loss).toBeCloseTo(reference.loss, 5);
      expect(maxDiff(ours.tables.get('items')!, reference.grads.get('items')!)).toBeLessThan(1e-5);
      table.dispose();
    });
  });

  it('trains a bag of rows like the dense weighted sum it stands for (gradients equal autodiff)', () => {
    const words = SparseTable.randomNormal('words', 5, 3, { seed: 9, std: 1 });
    const tower = new MLPTower({ units: [2], activation: 'tanh', seed: 4 });
    const bag = {
      offsets: Int32Array.of(0, 2, 2, 5),
      ids: Int32Array.of(1, 4, 0, 1, 3),
      weights: Float32Array.of(0.5, 2, 1, -1, 3),
    };
    const model: TrainableModel<PairBatch> = {
      tables: [words],
      denseWeights: () => tower.trainableWeights.map((w) => ({ name: w.name, variable: w.read() as tf.Variable })),
      loss: (ctx, b) => {
        const h = tower.forward(ctx.bag(words, bag), ctx);
        const score = ctx.op((x) => tf.sum(x, 1, true), h);
        return new LogLoss().apply(score, b.targets, null, ctx.tape);
      },
    };
    tf.tidy(() => {
      tower.apply(tf.zeros([1, 3]));
    });
    const ours = engineGradients(model, threeExamples);
    const table = tf.variable(tf.tensor2d(words.data, [5, 3]));
    // The bag as a dense [examples, rows] weight matrix times the table.
    const weights = tf.tensor2d([
      [0, 0.5, 0, 0, 2],
      [0, 0, 0, 0, 0],
      [1, -1, 0, 3, 0],
    ]);
    const [k, b] = tower.trainableWeights.map((w) => w.read() as tf.Variable);
    const reference = autodiffGradients(
      () => {
        const h = tf.tanh(tf.add(tf.matMul(tf.matMul(weights, table), k!), b!));
        return tf.losses.sigmoidCrossEntropy(tf.tensor2d([1, 0, 1], [3, 1]), tf.sum(h, 1, true)) as tf.Scalar;
      },
      { words: table, kernel: k!, bias: b! },
    );
    expect(ours.loss).toBeCloseTo(reference.loss, 5);
    expect(maxDiff(ours.tables.get('words')!, reference.grads.get('words')!)).toBeLessThan(1e-5);
    const [kernelName, biasName] = tower.trainableWeights.map((w) => w.name);
    expect(maxDiff(ours.dense.get(kernelName!)!, reference.grads.get('kernel')!)).toBeLessThan(1e-5);
    expect(maxDiff(ours.dense.get(biasName!)!, reference.grads.get('bias')!)).toBeLessThan(1e-5);
    tf.dispose([table, weights]);
  });

  it('weighs a table’s rows straight from the host like the dense sum it stands for (gradients equal autodiff)', () => {
    // dim 5: the weights' gradient sums four columns at a time, then the one left over.
    const items = SparseTable.randomNormal('items', 6, 5, { seed: 5, std: 1 });
    const alpha = tf.variable(tf.randomNormal([3, 4], 0, 1, 'float32', 6));
    const ids = Int32Array.of(0, 5, 2, -1, 1, 1, -1, -1, 4, 3, 0, 2); // −1: padding, weight ignored
    const model: TrainableModel<PairBatch> = {
      tables: [items],
      denseWeights: () => [{ name: 'alpha', variable: alpha }],
      loss: (ctx, b) => {
        const m = ctx.weightedRows(items, ids, [3, 4], alpha);
        return new LogLoss().apply(
          ctx.op((x) => tf.sum(x, 1, true), m),
          b.targets,
          null,
          ctx.tape,
        );
      },
    };
    const ours = engineGradients(model, threeExamples);
    const table = tf.variable(tf.tensor2d(items.data, [6, 5]));
    const real = tf.tensor2d(
      Array.from(ids, (id) => (id < 0 ? 0 : 1)),
      [3, 4],
    );
    const reference = autodiffGradients(
      () => {
        const rows = tf.reshape(
          tf.gather(
            table,
            tf.tensor1d(
              Array.from(ids, (id) => Math.max(id, 0)),
              'int32',
            ),
          ),
          [3, 4, 5],
        );
        const m = tf.sum(tf.mul(tf.expandDims(tf.mul(alpha, real), 2), rows), 1);
        return tf.losses.sigmoidCrossEntropy(tf.tensor2d([1, 0, 1], [3, 1]), tf.sum(m, 1, true)) as tf.Scalar;
      },
      { items: table, alpha },
    );
    expect(ours.loss).toBeCloseTo(reference.loss, 5);
    expect(maxDiff(ours.tables.get('items')!, reference.grads.get('items')!)).toBeLessThan(1e-5);
    expect(maxDiff(ours.dense.get('alpha')!, reference.grads.get('alpha')!)).toBeLessThan(1e-5);
    tf.dispose([table, real, alpha]);
  });

  it('leaves a frozen table as it is, and leaks no tensors per step', () => {
    const frozen = new SparseTable('frozen', 3, 2, Float32Array.of(1, 2, 3, 4, 5, 6), { trainable: false });
    const { model, users } = probe((ctx, m) =>
      dense(
        concatColumns(
          [ctx.rows(m.users, batch.users), ctx.rows(frozen, Int32Array.of(0, 1, 2, 0)), ctx.rows(m.items, batch.items)],
          ctx.tape,
        ),
        tf.ones([8, 1]) as tf.Tensor2D,
        null,
        'linear',
        ctx.tape,
      ),
    );
    const engine = new SparseEngine([...model.tables, frozen], [], new LazyAdam());
    engine.step((ctx) => model.loss(ctx, batch));
    const tensors = tf.memory().numTensors;
    const before = Float32Array.from(users.data);
    engine.step((ctx) => model.loss(ctx, batch));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(users.data).not.toEqual(before);
    expect(Array.from(frozen.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
