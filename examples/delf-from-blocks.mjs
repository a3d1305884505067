// DELF assembled by hand from recsys blocks, trained, evaluated, and set beside the built-in DELF and DMF.
// Run from the repository root after `pnpm build`:  node examples/delf-from-blocks.mjs
//
// The blocks: four embedding tables (primitive p, q and NSVD-side x, y), RecentHistories (each user's items and each
// item's users, most recent first, the scored pair left out in training), AttentivePooling (DELF eq. 9–12),
// PairwiseTowers (eq. 13–15) and FusionHead (MLP fusion, eq. 16–17).
import { leaveOneOut, sampleTestNegatives, synthetic } from '@recsys/data';
import { evaluateSampled } from '@recsys/eval';
import { AttentivePooling, FusionHead, PairwiseTowers } from '@recsys/layers';
import { DELF, DMF, NeuralRecommender, option } from '@recsys/models';
import { paddingMask, RecentHistories } from '@recsys/train';

class HandMadeDELF extends NeuralRecommender {
  static spec = {
    name: 'hand-made-delf',
    description: 'DELF from blocks (example)',
    options: {
      dim: option.int({ description: 'Embedding size', default: 16, min: 1 }),
      cap: option.int({ description: 'Most recent history entries kept', default: 50, min: 1 }),
    },
    losses: ['log'],
    output: 'logits',
  };

  define(train) {
    const { dim } = this.options;
    this.p = this.table('p', train.numUsers, dim); // primitive user embeddings
    this.q = this.table('q', train.numItems, dim); // primitive item embeddings
    this.x = this.table('x', train.numUsers, dim); // users as they make up an item's n_i
    this.y = this.table('y', train.numItems, dim); // items as they make up a user's m_u
    this.itemsOfUser = new RecentHistories(train, 'user');
    this.usersOfItem = new RecentHistories(train, 'item');
    this.userPool = this.block('user_pool', new AttentivePooling());
    this.itemPool = this.block('item_pool', new AttentivePooling());
    this.towers = this.block('towers', new PairwiseTowers({ units: [4 * dim, 2 * dim, dim] }));
    this.fusion = this.block('fusion', new FusionHead({ fusion: 'mlp', logits: true }));
  }

  /** The attentive NSVD embedding of `ids`' histories in `table`; training leaves the scored pair out. */
  nsvd(ctx, histories, pool, table, ids, leaveOut) {
    const { ids: padded, length } = histories.padded(ids, this.options.cap, ctx.training ? leaveOut : undefined);
    const shape = [ids.length, length];
    return pool.forward(ctx.rows(table, padded, shape), paddingMask(padded, shape), ctx);
  }

  forward(ctx, { users, items }) {
    const p = ctx.rows(this.p, users);
    const q = ctx.rows(this.q, items);
    const m = this.nsvd(ctx, this.itemsOfUser, this.userPool, this.y, users, items);
    const n = this.nsvd(ctx, this.usersOfItem, this.itemPool, this.x, items, users);
    return this.fusion.forward(this.towers.forward([p, q, m, n], ctx), ctx);
  }
}

const { interactions } = synthetic({ users: 400, items: 600, interactionsPerUser: 20, seed: 7 });
const { train, validation, test } = leaveOneOut(interactions, { validation: true });
const negatives = sampleTestNegatives(interactions, test, { count: 99, seed: 1 });
const fit = { epochs: 6, validation, progress: false };

for (const [label, model, options] of [
  ['DELF from blocks', new HandMadeDELF({ dim: 16 }), {}],
  ['built-in DELF (MLP fusion)', new DELF({ factors: 16 }), {}],
  ['built-in DELF (EF fusion)', new DELF({ factors: 16, fusion: 'ef', lambdaUser: 5, lambdaItem: 5 }), {}],
  ['built-in DMF-2 (nce)', new DMF({ layers: [128, 32] }), { learningRate: 0.001 }],
]) {
  const { history } = await model.fit(train, { ...fit, ...options });
  const { metrics } = await evaluateSampled(model, negatives);
  console.log(
    `${label.padEnd(28)} best epoch ${history.bestEpoch}  HR@10 ${metrics.hr.toFixed(3)}  NDCG@10 ${metrics.ndcg.toFixed(3)}`,
  );
}
