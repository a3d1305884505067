// The multi-feedback paper's Tables 2–3 on the Taobao UserBehavior head sample (814 users; pv, cart, fav, buy):
// test HR@10 and NDCG@10 (99 sampled negatives among the items a user never touched; and full ranking) of the model
// for each number of factors (Table 2, 3 negatives) and each negative ratio × factors (Table 3). Leave-one-out on
// purchases with a validation purchase per user; each run's epoch chosen on validation NDCG@10 (sampled; at most
// EPOCHS, patience 3), never on test; mean over SEEDS seeds (initialisation, negatives and order; one split).
//   pnpm bench multi-feedback-sweep     (SEEDS=3 EPOCHS=20 SAMPLER=supportive|uniform LR=0.001)
import { loadTaobao, sampleTestNegatives, targetLeaveOneOut } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { MultiFeedbackNCF } from '@recsys/models';
import { sharedData, table } from './shared.mjs';

const path = sharedData('taobao-userbehavior-head', 'UserBehavior_head814users.csv');
const seeds = Array.from({ length: Number(process.env.SEEDS ?? 3) }, (_, k) => k + 1);
const epochs = Number(process.env.EPOCHS ?? 20);
const sampler = process.env.SAMPLER ?? 'supportive';
const learningRate = Number(process.env.LR ?? 0.001);

if (path) {
  const { interactions } = await loadTaobao(path);
  const { train, validation, test, report } = targetLeaveOneOut(interactions, { target: 'buy', validation: true });
  const purchases = train.ofBehaviour('buy');
  const negatives = sampleTestNegatives(interactions, test, { count: 99, seed: 1 });
  const validationNegatives = sampleTestNegatives(interactions, validation, { count: 99, seed: 2, exclude: [test] });
  console.log(
    `${report.testCases} test purchases; ${report.leakedSupportiveRows} supportive rows dropped (at or after a held-out ` +
      `purchase), ${report.earlierSupportiveRows} earlier ones kept; sampler ${sampler}, Adam ${learningRate}, ` +
      `${seeds.length} seeds`,
  );

  /** Mean test figures over the seeds of one setting, each at its epoch chosen on validation. */
  const run = async (factors, negativesPerPurchase) => {
    const sums = { hr: 0, ndcg: 0, fullHr: 0, epochs: [] };
    for (const seed of seeds) {
      const model = new MultiFeedbackNCF({ factors, negativeSampler: sampler });
      const fit = await model.fit(train, {
        epochs,
        patience: 3,
        negatives: negativesPerPurchase,
        learningRate,
        seed,
        validation,
        validationNegatives,
        progress: false,
      });
      const sampled = await evaluateSampled(model, negatives, { k: 10 });
      const full = await evaluateFullRanking(model, purchases, test, { k: 10 });
      sums.hr += sampled.metrics.hr / seeds.length;
      sums.ndcg += sampled.metrics.ndcg / seeds.length;
      sums.fullHr += full.metrics.hr / seeds.length;
      sums.epochs.push(fit.history.bestEpoch);
      model.dispose();
    }
    return sums;
  };
  const row = (label, r) => [label, r.hr.toFixed(4), r.ndcg.toFixed(4), r.fullHr.toFixed(4), r.epochs.join(',')];

  console.log('\nTable 2: factors (3 negatives per purchase)');
  const byFactors = [];
  for (const factors of [2, 4, 8, 16, 32]) byFactors.push(row(String(factors), await run(factors, 3)));
  table(['factors', 'HR@10', 'NDCG@10', 'full HR@10', 'epochs'], byFactors);

  console.log('\nTable 3: negatives per purchase × factors');
  const byRatio = [];
  for (const ratio of [1, 2, 3, 4]) {
    for (const factors of [4, 8, 16]) byRatio.push(row(`ng-${ratio}, factors ${factors}`, await run(factors, ratio)));
  }
  table(['setting', 'HR@10', 'NDCG@10', 'full HR@10', 'epochs'], byRatio);
}
