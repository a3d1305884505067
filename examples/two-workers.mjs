// Training on both cores: the same MLP fitted on one thread and on two worker threads (`workers: 2`, Hogwild: the
// workers update shared parameters in place), each epoch chosen on validation; samples/s and test figures side by side.
// Run from the repository root after `pnpm build`:  node examples/two-workers.mjs
import { leaveOneOut, sampleTestNegatives, synthetic } from '@recsys/data';
import { evaluateSampled } from '@recsys/eval';
import { MLP } from '@recsys/models';

const { interactions } = synthetic({ users: 2000, items: 3000, seed: 7 });
const { train, validation, test } = leaveOneOut(interactions, { validation: true });
const testNegatives = sampleTestNegatives(interactions, test, { count: 99, seed: 7 });

for (const workers of [1, 2]) {
  const model = new MLP({ factors: 8 });
  // One thread (the default) gives the same model for the same seed; two workers are faster but not bit-repeatable.
  const report = await model.fit(train, { epochs: 10, learningRate: 0.005, validation, workers, progress: false });
  const epochs = report.history.epochs;
  const rate = epochs.reduce((sum, e) => sum + e.samplesPerSecond, 0) / epochs.length;
  const { metrics } = await evaluateSampled(model, testNegatives, { k: 10 });
  console.log(
    `${workers} worker(s): ${Math.round(rate).toLocaleString('en-US')} samples/s, best epoch ` +
      `${report.history.bestEpoch}, test HR@10 ${metrics.hr.toFixed(3)} NDCG@10 ${metrics.ndcg.toFixed(3)}`,
  );
  model.dispose();
}
