// NCF on synthetic data: GMF and MLP, then NeuMF initialised from them (pre-training) and fine-tuned with SGD, each
// epoch chosen on a validation split; test figures with the sampled and the full-ranking protocol.
// Run from the repository root after `pnpm build`:  node examples/ncf.mjs
import { leaveOneOut, sampleTestNegatives, synthetic } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { GMF, MLP, NeuMF } from '@recsys/models';

const { interactions } = synthetic({ users: 1000, items: 2000, seed: 7 });
const { train, validation, test } = leaveOneOut(interactions, { validation: true });
const testNegatives = sampleTestNegatives(interactions, test, { count: 99, seed: 7 });
const fitOptions = { epochs: 15, learningRate: 0.005, validation, progress: false };

const gmf = new GMF({ factors: 8 });
await gmf.fit(train, fitOptions);
const mlp = new MLP({ factors: 8, dropout: 0.1 }); // embeddings 16 + 16 → 32 → 16 → 8; masks drawn from the seed
await mlp.fit(train, { ...fitOptions, learningRateDecay: 0.9 }); // the rate × 0.9 after every epoch
const neumf = NeuMF.fromPretrained(gmf, mlp, { alpha: 0.5 });
const report = await neumf.fit(train, { ...fitOptions, learningRate: 0.1 }); // SGD after pre-training
console.log(`NeuMF-p: ${report.optimizer}, best epoch ${report.history.bestEpoch}`);

for (const model of [gmf, mlp, neumf]) {
  const sampled = await evaluateSampled(model, testNegatives, { k: 10 });
  const full = await evaluateFullRanking(model, train, test, { k: 10, exclude: [validation] });
  console.log(
    `${model.name.padEnd(6)} sampled HR@10 ${sampled.metrics.hr.toFixed(3)} NDCG@10 ${sampled.metrics.ndcg.toFixed(3)}` +
      ` | full HR@10 ${full.metrics.hr.toFixed(3)} NDCG@10 ${full.metrics.ndcg.toFixed(3)}`,
  );
}
