import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { Random } from '@recsys/data';
import { concatColumns, dense, MLPTower, PredictionHead } from '@recsys/layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch, BatchSource, PairBatch } from '../src/batches/batch.js';
import type { Bag } from '../src/engine/bag.js';
import type { DenseWeight } from '../src/engine/dense-param.js';
import { SparseTable } from '../src/engine/sparse-table.js';
import { paddingMask, type StepContext } from '../src/engine/step-context.js';
import { registerTrainingKernels } from '../src/kernels/register-training-kernels.js';
import { LogLoss } from '../src/losses/log-loss.js';
import { WeightedSquaredError } from '../src/losses/weighted-squared-error.js';
import { fitModel } from '../src/trainer/fit.js';
import type { TrainableModel } from '../src/trainer/trainable.js';
import { autodiffGradients, engineGradients, maxDiff } from './engine-gradients.js';

// Two toys shaped like the papers still to come, trained by the engine through its generic path, with every gradient
// checked against tfjs autodiff of the same function on dense tables.

const USERS = 6;
const ITEMS = 8;
/** Who interacted with what (a small implicit log). */
const LOG: [number, number][] = [
  [0, 0],
  [0, 1],
  [0, 2],
  [1, 1],
  [1, 3],
  [2, 0],
  [2, 4],
  [2, 5],
  [2, 6],
  [3, 2],
  [3, 7],
  [4, 5],
  [5, 6],
  [5, 7],
  [5, 0],
];

/** Rows of `table` for `ids` (−1 → zeros), differentiable through tf.gather: the reference's lookup. */
function gatherRows(table: tf.Tensor, ids: Int32Array, shape?: [number, number]): tf.Tensor {
  const clipped = tf.tensor1d(
    ids.map((i) => Math.max(i, 0)),
    'int32',
  );
  const mask = tf.tensor2d(
    Float32Array.from(ids, (i) => (i >= 0 ? 1 : 0)),
    [ids.length, 1],
  );
  const rows = tf.mul(tf.gather(table, clipped), mask);
  return shape ? tf.reshape(rows, [...shape, table.shape[1]!]) : rows;
}

/** Padded histories `[n, length]` (most recent last, −1 padding) of `ids` from `lists`. */
function padded(lists: number[][], ids: Int32Array, length: number): Int32Array {
  const out = new Int32Array(ids.length * length).fill(-1);
  ids.forEach((id, r) => lists[id]!.slice(-length).forEach((v, k) => (out[r * length + k] = v)));
  return out;
}

const itemsOf = Array.from({ length: USERS }, (_, u) => LOG.filter(([v]) => v === u).map(([, i]) => i));
const usersOf = Array.from({ length: ITEMS }, (_, i) => LOG.filter(([, j]) => j === i).map(([u]) => u));

/** DELF eq. 9–11: an attentive NSVD aggregate of padded history rows, masked (a generic-path op). */
function attend(rows: tf.Tensor, mask: tf.Tensor, w: tf.Tensor, b: tf.Tensor, context: tf.Tensor): tf.Tensor {
  const [n, length, dim] = rows.shape as [number, number, number];
  const h = tf.tanh(tf.add(tf.matMul(tf.reshape(rows, [n * length, dim]), w as tf.Tensor2D), b));
  const scores = tf.reshape(tf.matMul(h, context as tf.Tensor2D), [n, length]);
  const alpha = tf.softmax(tf.add(scores, tf.mul(tf.sub(1, mask), -1e9)));
  return tf.sum(tf.mul(tf.expandDims(alpha, 2), rows), 1);
}

/** The attention weights of {@link attend} alone, `[n, length]` (for ctx.weightedRows). */
function attentionWeights(rows: tf.Tensor, mask: tf.Tensor, w: tf.Tensor, b: tf.Tensor, context: tf.Tensor): tf.Tensor {
  const [n, length, dim] = rows.shape as [number, number, number];
  const h = tf.tanh(tf.add(tf.matMul(tf.reshape(rows, [n * length, dim]), w as tf.Tensor2D), b));
  const scores = tf.reshape(tf.matMul(h, context as tf.Tensor2D), [n, length]);
  return tf.softmax(tf.add(scores, tf.mul(tf.sub(1, mask), -1e9)));
}

/** A DELF-shaped model: dual embeddings, attention over both histories, four pairwise towers, an MLP fusion. */
class DelfToy implements TrainableModel<PairBatch> {
  static readonly LENGTH = 3;
  readonly p = SparseTable.randomNormal('p', USERS, 4, { seed: 1, std: 0.3 });
  readonly q = SparseTable.randomNormal('q', ITEMS, 4, { seed: 2, std: 0.3 });
  readonly x = SparseTable.randomNormal('x', USERS, 4, { seed: 3, std: 0.3 });
  readonly y = SparseTable.randomNormal('y', ITEMS, 4, { seed: 4, std: 0.3 });
  readonly tables = [this.p, this.q, this.x, this.y];
  readonly attention = ['user', 'item'].map((side, k) => ({
    w: tf.variable(tf.randomNormal([4, 5], 0, 0.5, 'float32', 10 + k), true, `${side}_w`),
    b: tf.variable(tf.zeros([5]), true, `${side}_b`),
    context: tf.variable(tf.randomNormal([5, 1], 0, 0.5, 'float32', 20 + k), true, `${side}_context`),
  }));
  readonly towers = [0, 1, 2, 3].map((k) => new MLPTower({ units: [4], seed: 30 + k }));
  readonly head = new PredictionHead({ seed: 40, logits: true });

  constructor() {
    tf.tidy(() => {
      for (const tower of this.towers) tower.apply(tf.zeros([1, 8]));
      this.head.apply(this.towers.map(() => tf.zeros([1, 4])));
    });
  }

  denseWeights(): DenseWeight[] {
    return [
      ...this.attention.flatMap(({ w, b, context }) => [w, b, context].map((v) => ({ name: v.name, variable: v }))),
      ...[...this.towers, this.head].flatMap((l) =>
        l.trainableWeights.map((w) => ({ name: w.name, variable: w.read() as tf.Variable })),
      ),
    ];
  }

  loss(ctx: StepContext, batch: PairBatch): tf.Tensor {
    const n = batch.users.length;
    const L = DelfToy.LENGTH;
    const userHistory = padded(itemsOf, batch.users, L);
    const itemHistory = padded(usersOf, batch.items, L);
    const [ua, ia] = this.attention;
    // The user side sums its rows straight from the table (ctx.weightedRows); the item side through ctx.op.
    const alpha = ctx.op(
      attentionWeights,
      ctx.rows(this.y, userHistory, [n, L]),
      paddingMask(userHistory, [n, L]),
      ua!.w,
      ua!.b,
      ua!.context,
    ) as tf.Tensor2D;
    const m = ctx.weightedRows(this.y, userHistory, [n, L], alpha);
    const nItem = ctx.op(
      attend,
      ctx.rows(this.x, itemHistory, [n, L]),
      paddingMask(itemHistory, [n, L]),
      ia!.w,
      ia!.b,
      ia!.context,
    );
    const p = ctx.rows(this.p, batch.users);
    const q = ctx.rows(this.q, batch.items);
    const pairs = [
      [p, q],
      [p, nItem],
      [m, q],
      [m, nItem],
    ] as tf.Tensor2D[][];
    const interactions = pairs.map((pair, k) => this.towers[k]!.forward(concatColumns(pair, ctx.tape), ctx));
    return new LogLoss().apply(this.head.forward(interactions, ctx), batch.targets, null, ctx.tape);
  }

  /** The same model in plain tfjs on dense table variables, for tfjs autodiff. */
  reference(batch: PairBatch, tables: Record<string, tf.Variable>): tf.Scalar {
    const n = batch.users.length;
    const L = DelfToy.LENGTH;
    const userHistory = padded(itemsOf, batch.users, L);
    const itemHistory = padded(usersOf, batch.items, L);
    const [ua, ia] = this.attention;
    const m = attend(
      gatherRows(tables['y']!, userHistory, [n, L]),
      paddingMask(userHistory, [n, L]),
      ua!.w,
      ua!.b,
      ua!.context,
    );
    const nItem = attend(
      gatherRows(tables['x']!, itemHistory, [n, L]),
      paddingMask(itemHistory, [n, L]),
      ia!.w,
      ia!.b,
      ia!.context,
    );
    const p = gatherRows(tables['p']!, batch.users);
    const q = gatherRows(tables['q']!, batch.items);
    const pairs = [
      [p, q],
      [p, nItem],
      [m, q],
      [m, nItem],
    ];
    const interactions = pairs.map((pair, k) => this.towers[k]!.apply(tf.concat(pair, 1)) as tf.Tensor);
    const logits = this.head.apply(interactions) as tf.Tensor;
    return tf.losses.sigmoidCrossEntropy(tf.tensor2d(batch.targets, [n, 1]), logits) as tf.Scalar;
  }

  dispose(): void {
    for (const { w, b, context } of this.attention) tf.dispose([w, b, context]);
    for (const layer of [...this.towers, this.head]) layer.dispose();
  }
}

/** DualNet's dual mini-batch: `users.length × items.length` scores, targets and confidences row-major. */
interface BlockBatch extends Batch {
  users: Int32Array;
  items: Int32Array;
  targets: Float32Array;
  weights: Float32Array;
}

/** Every epoch: users and items shuffled, cut into blocks of 3 users × 4 items. */
function blocks(): BatchSource<BlockBatch> {
  return {
    epoch(random: Random) {
      const users = random.shuffle(Int32Array.from({ length: USERS }, (_, k) => k));
      const items = random.shuffle(Int32Array.from({ length: ITEMS }, (_, k) => k));
      const list: BlockBatch[] = [];
      for (let u = 0; u < USERS; u += 3) {
        for (let i = 0; i < ITEMS; i += 4) list.push(block(users.slice(u, u + 3), items.slice(i, i + 4)));
      }
      return { length: list.length, examples: USERS * ITEMS, batch: (k: number) => list[k]! };
    },
  };
}

function block(users: Int32Array, items: Int32Array): BlockBatch {
  const targets = new Float32Array(users.length * items.length);
  users.forEach((u, r) => items.forEach((i, c) => (targets[r * items.length + c] = itemsOf[u]!.includes(i) ? 1 : 0)));
  const weights = targets.map((t) => 1 + 4 * t); // confidence c = 1 + α·r
  return { users, items, targets, weights, size: targets.length };
}

/** Item content: 2–3 of 12 features per item, with weights. */
const CONTENT: Bag = (() => {
  const random = new Random(7);
  const offsets = [0];
  const ids: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const count = 2 + (i % 2);
    for (let k = 0; k < count; k++) {
      ids.push((i * 5 + k * 7) % 12);
      weights.push(0.5 + random.next());
    }
    offsets.push(ids.length);
  }
  return { offsets: Int32Array.from(offsets), ids: Int32Array.from(ids), weights: Float32Array.from(weights) };
})();

/** Rows of a bag for some of its examples. */
function subBag(bag: Bag, examples: Int32Array): Bag {
  const offsets = [0];
  const ids: number[] = [];
  const weights: number[] = [];
  for (const e of examples) {
    for (let k = bag.offsets[e]!; k < bag.offsets[e + 1]!; k++) {
      ids.push(bag.ids[k]!);
      weights.push(bag.weights ? bag.weights[k]! : 1);
    }
    offsets.push(ids.length);
  }
  return { offsets: Int32Array.from(offsets), ids: Int32Array.from(ids), weights: Float32Array.from(weights) };
}

/** Histories as bags of items, weight 1/|R(u)| (an average). */
function historyBag(users: Int32Array): Bag {
  const offsets = [0];
  const ids: number[] = [];
  const weights: number[] = [];
  for (const u of users) {
    for (const i of itemsOf[u]!) {
      ids.push(i);
      weights.push(1 / itemsOf[u]!.length);
    }
    offsets.push(ids.length);
  }
  return { offsets: Int32Array.from(offsets), ids: Int32Array.from(ids), weights: Float32Array.from(weights) };
}

/** A bag as a dense `[examples, rows]` weight matrix: the reference's first layer. */
function bagMatrix(bag: Bag, rows: number): tf.Tensor2D {
  const n = bag.offsets.length - 1;
  const values = new Float32Array(n * rows);
  for (let b = 0; b < n; b++) {
    for (let k = bag.offsets[b]!; k < bag.offsets[b + 1]!; k++) values[b * rows + bag.ids[k]!] += bag.weights![k]!;
  }
  return tf.tensor2d(values, [n, rows]);
}

/** The block score of the multi-level design: Σ_levels U_l·V_lᵀ, flattened to one score per (user, item). */
function blockScores(u1: tf.Tensor, v1: tf.Tensor, u2: tf.Tensor, v2: tf.Tensor): tf.Tensor {
  const s = tf.add(
    tf.matMul(u1 as tf.Tensor2D, v1 as tf.Tensor2D, false, true),
    tf.matMul(u2 as tf.Tensor2D, v2 as tf.Tensor2D, false, true),
  );
  return tf.reshape(s, [s.size, 1]);
}

/** A DualNet-shaped model: bag first layers for histories and content, two tanh levels per side, block scores. */
class DualNetToy implements TrainableModel<BlockBatch> {
  readonly userIn = SparseTable.randomNormal('user_in', ITEMS, 5, { seed: 1, std: 0.5 });
  readonly itemIn = SparseTable.randomNormal('item_in', 12, 5, { seed: 2, std: 0.5 });
  readonly tables = [this.userIn, this.itemIn];
  readonly levels = ['user', 'item'].map((side, k) => [
    tf.variable(tf.randomNormal([5, 3], 0, 0.5, 'float32', 3 + k), true, `${side}_k1`),
    tf.variable(tf.randomNormal([3], 0, 0.1, 'float32', 5 + k), true, `${side}_b1`),
    tf.variable(tf.randomNormal([3, 3], 0, 0.5, 'float32', 7 + k), true, `${side}_k2`),
  ]);

  denseWeights(): DenseWeight[] {
    return this.levels.flat().map((v) => ({ name: v.name, variable: v }));
  }

  loss(ctx: StepContext, batch: BlockBatch): tf.Tensor {
    const side = (first: tf.Tensor2D, [k1, b1, k2]: tf.Variable[]) => {
      const l1 = dense(first, k1 as tf.Tensor2D, b1 as tf.Tensor1D, 'tanh', ctx.tape);
      return [l1, dense(l1, k2 as tf.Tensor2D, null, 'tanh', ctx.tape)];
    };
    const [u1, u2] = side(ctx.bag(this.userIn, historyBag(batch.users)), this.levels[0]!);
    const [v1, v2] = side(ctx.bag(this.itemIn, subBag(CONTENT, batch.items)), this.levels[1]!);
    const scores = ctx.op(blockScores, u1!, v1!, u2!, v2!);
    return new WeightedSquaredError().apply(scores, batch.targets, batch.weights, ctx.tape);
  }

  reference(batch: BlockBatch, tables: Record<string, tf.Variable>): tf.Scalar {
    const side = (first: tf.Tensor, [k1, b1, k2]: tf.Variable[]) => {
      const l1 = tf.tanh(tf.add(tf.matMul(first as tf.Tensor2D, k1 as tf.Tensor2D), b1!));
      return [l1, tf.tanh(tf.matMul(l1, k2 as tf.Tensor2D))];
    };
    const [u1, u2] = side(tf.matMul(bagMatrix(historyBag(batch.users), ITEMS), tables['user_in']!), this.levels[0]!);
    const [v1, v2] = side(tf.matMul(bagMatrix(subBag(CONTENT, batch.items), 12), tables['item_in']!), this.levels[1]!);
    const scores = blockScores(u1!, v1!, u2!, v2!);
    const n = scores.size;
    const squared = tf.square(tf.sub(scores, tf.tensor2d(batch.targets, [n, 1])));
    return tf.mean(tf.mul(tf.tensor2d(batch.weights, [n, 1]), squared)) as tf.Scalar;
  }

  dispose(): void {
    tf.dispose(this.levels.flat());
  }
}

/** Checks the engine's gradients of every table and dense weight against tfjs autodiff of the reference. */
function expectGradientsMatch<B extends Batch>(
  model: TrainableModel<B> & { reference(batch: B, tables: Record<string, tf.Variable>): tf.Scalar },
  batch: B,
): void {
  const ours = engineGradients(model, batch);
  const tables = Object.fromEntries(
    model.tables.map((t) => [t.name, tf.variable(tf.tensor2d(t.data, [t.rows, t.dim]))]),
  );
  const dense = Object.fromEntries(model.denseWeights().map((w) => [w.name, w.variable]));
  const reference = autodiffGradients(() => model.reference(batch, tables), { ...tables, ...dense });
  expect(ours.loss).toBeCloseTo(reference.loss, 5);
  for (const [name, grad] of [...ours.tables, ...ours.dense]) {
    const expected = reference.grads.get(name)!;
    expect(
      expected.some((v) => v !== 0),
      `${name}: the reference gradient is not all zeros`,
    ).toBe(true);
    expect(maxDiff(grad, expected), name).toBeLessThan(1e-5);
  }
  tf.dispose(Object.values(tables));
}

describe.each(['cpu', 'wasm'])('paper-shaped toys on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    registerTrainingKernels(); // the references differentiate tf.gather, whose gradient wasm lacks
  });
  afterAll(() => tf.disposeVariables());

  it('DELF-shaped: masked attention over padded histories (generic path and ctx.weightedRows), four towers, fusion', async () => {
    const model = new DelfToy();
    const batch: PairBatch = {
      users: Int32Array.of(0, 2, 4, 5, 1),
      items: Int32Array.of(1, 3, 5, 0, 7),
      targets: Float32Array.of(1, 0, 1, 1, 0),
      size: 5,
    };
    expectGradientsMatch(model, batch);
    const source: BatchSource<PairBatch> = {
      epoch: () => ({ length: 1, examples: 5, batch: () => batch }),
    };
    const history = await fitModel(model, source, { epochs: 30, learningRate: 0.05, progress: false });
    expect(history.epochs[29]!.loss).toBeLessThan(0.5 * history.epochs[0]!.loss);
    model.dispose();
  });

  it('DualNet-shaped: bag first layers, dual mini-batches of users × items, A·Bᵀ at two levels', async () => {
    const model = new DualNetToy();
    expectGradientsMatch(model, block(Int32Array.of(0, 2, 5), Int32Array.of(0, 6, 7, 3)));
    const history = await fitModel(model, blocks(), { epochs: 40, learningRate: 0.03, progress: false });
    expect(history.epochs[0]!.samples).toBe(USERS * ITEMS);
    expect(history.epochs[39]!.loss).toBeLessThan(0.6 * history.epochs[0]!.loss);
    model.dispose();
  });
});
