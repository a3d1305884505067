// Your own model gets everything the built-in ones have: fit (sparse tables, sampled negatives, validation), score,
// recommend, save/load and evaluation. The model itself is in custom-model/two-tower-mlp.mjs.
// Run from the repository root after `pnpm build`:  node examples/custom-model.mjs
// The same model from the command line:
//   pnpm recsys train --import examples/custom-model/two-tower-mlp.mjs --model two-tower-mlp --dim 16 \
//     --train out/ml100k/train.rating --out out/two-tower            (and --import for evaluate, score, recommend)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaveOneOut, sampleTestNegatives, synthetic } from '@recsys/data';
import { evaluateSampled } from '@recsys/eval';
import { loadRecommender } from '@recsys/models';
import { TwoTowerMLP } from './custom-model/two-tower-mlp.mjs';

const { interactions } = synthetic({ users: 500, items: 1000, seed: 3 });
const { train, validation, test } = leaveOneOut(interactions, { validation: true });

const model = new TwoTowerMLP({ dim: 16, units: [32, 8] });
const { history } = await model.fit(train, { epochs: 5, learningRate: 0.005, validation, progress: false });
console.log(
  'loss per epoch',
  history.epochs.map((e) => e.loss.toFixed(4)).join(' '),
  `(best epoch ${history.bestEpoch})`,
);

const { metrics } = await evaluateSampled(model, sampleTestNegatives(interactions, test, { count: 99, seed: 1 }));
console.log(`HR@10 ${metrics.hr.toFixed(3)} NDCG@10 ${metrics.ndcg.toFixed(3)}`);

const dir = join(mkdtempSync(join(tmpdir(), 'recsys-example-')), 'two-tower');
await model.save(dir);
const loaded = await loadRecommender(dir); // any registered model loads by the name its directory records
const top = await loaded.recommend(0, 5);
console.log('top 5 for user 0:', top.map(({ item }) => loaded.itemIds.raw(item)).join(', '));
