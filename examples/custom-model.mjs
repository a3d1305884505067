// Your own model on the recsys training engine: host-side embedding tables trained sparsely (SparseTable), a dense
// tower from @recsys/layers, and fitModel's loop (fresh negatives each epoch, log loss, lazy Adam).
// Run from the repository root after `pnpm build`:  node examples/custom-model.mjs
import { Random, leaveOneOut, sampleTestNegatives, synthetic } from '@recsys/data';
import { evaluateSampled } from '@recsys/eval';
import { MLPTower, PredictionHead, concatColumns } from '@recsys/layers';
import { SparseTable, StepContext, fitModel, selectBackend } from '@recsys/train';
import * as tf from '@tensorflow/tfjs-core';

await selectBackend(); // tfjs-node if installed, else wasm, else cpu

const { interactions } = synthetic({ users: 500, items: 1000, seed: 3 });
const { train, test } = leaveOneOut(interactions);

// A "two-tower then MLP" scorer: concat(user, item) → 32 → 8 → sigmoid.
const random = new Random(1);
const table = (name, rows, dim) =>
  new SparseTable(
    name,
    rows,
    dim,
    Float32Array.from({ length: rows * dim }, () => random.normal() * 0.01),
  );
const users = table('users', train.numUsers, 16);
const items = table('items', train.numItems, 16);
const tower = new MLPTower({ units: [32, 8], seed: 1 });
const head = new PredictionHead({ seed: 2 });
tf.tidy(() => head.apply(tower.apply(tf.zeros([1, 32])))); // build the weights

const model = {
  tables: [users, items],
  denseVariables: () => [...tower.trainableWeights, ...head.trainableWeights].map((w) => ({ variable: w.read() })),
  forward: (ctx, u, i) =>
    head.forward([tower.forward(concatColumns([ctx.rows(users, u), ctx.rows(items, i)], ctx.tape), ctx)], {
      tape: ctx.tape,
      logits: true,
    }),
};
const history = await fitModel(model, train, { epochs: 5, learningRate: 0.005, progress: false });
console.log('loss per epoch', history.epochs.map((e) => e.loss.toFixed(4)).join(' '));

// Anything with score(users, items) can be evaluated.
const scorer = {
  score: (u, i) => tf.tidy(() => tf.sigmoid(model.forward(new StepContext(false), u, i)).dataSync()),
};
const { metrics } = await evaluateSampled(scorer, sampleTestNegatives(interactions, test, { count: 99, seed: 1 }));
console.log(`HR@10 ${metrics.hr.toFixed(3)} NDCG@10 ${metrics.ndcg.toFixed(3)}`);
