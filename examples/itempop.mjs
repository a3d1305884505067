// Train and evaluate ItemPop on synthetic data, the sampled and the full-ranking protocol side by side.
// Run from the repository root after `pnpm build`:  node examples/itempop.mjs
import { leaveOneOut, sampleTestNegatives, synthetic } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { ItemPop } from '@recsys/models';

const { interactions } = synthetic({ users: 500, items: 1000, seed: 1 });
const { train, test } = leaveOneOut(interactions);
const negatives = sampleTestNegatives(interactions, test, { count: 99, seed: 1 });

const model = new ItemPop();
await model.fit(train);

const sampled = await evaluateSampled(model, negatives, { k: 10 });
const full = await evaluateFullRanking(model, train, test, { k: 10 });
console.log(`sampled: HR@10 ${sampled.metrics.hr.toFixed(3)}  NDCG@10 ${sampled.metrics.ndcg.toFixed(3)}`);
console.log(`full:    HR@10 ${full.metrics.hr.toFixed(3)}  NDCG@10 ${full.metrics.ndcg.toFixed(3)}`);

const top = await model.recommend(0, 5);
console.log(
  'top 5 for user',
  train.userIds.raw(0),
  top.map(({ item }) => train.itemIds.raw(item)),
);
