// EASE and iALS on MovieLens-100K, NCF protocol (as ncf-accuracy.bench.mjs): leave-one-out by timestamp.
// Hyper-parameters are chosen on the validation item only (sampled NDCG@10, 99 negatives, seed 1), training on
// train − validation; the chosen setting is refit on train + validation and evaluated once on test: sampled (99
// negatives, seed 1) and full ranking. Grids: EASE λ; iALS α × λ (frequency-scaled regularization, 64 factors,
// 15 sweeps of 3 CG steps). About two minutes.
//
//   pnpm bench linear-accuracy        (MODELS=ease,ials by default)
import { leaveOneOut, loadInteractions, sampleTestNegatives } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { createRecommender } from '@recsys/models';
import { sharedData, table } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const only = new Set((process.env.MODELS ?? 'ease,ials').split(','));
const cross = (a, b) => a.flatMap((x) => b.map((y) => ({ ...x, ...y })));
const GRIDS = {
  ease: [50, 100, 200, 300, 500, 1000, 2000].map((lambda) => ({ lambda })),
  ials: cross(
    [0.5, 2, 4, 8].map((alpha) => ({ alpha })),
    [0.007, 0.01, 0.015, 0.02].map((lambda) => ({ lambda })),
  ),
};

async function evaluate(name, options, train, heldOut, log) {
  const model = createRecommender(name, options);
  const { seconds } = await model.fit(train, { seed: 1, log: () => {} });
  const negatives = sampleTestNegatives(log, heldOut, { count: 99, seed: 1 });
  const sampled = (await evaluateSampled(model, negatives, { k: 10 })).metrics;
  const full = (await evaluateFullRanking(model, train, heldOut, { k: 10 })).metrics;
  return { seconds, sampled, full };
}

if (path) {
  const { interactions: log } = await loadInteractions(path, { format: 'movielens' });
  const inner = leaveOneOut(log, { validation: true });
  const outer = leaveOneOut(log);
  const rows = [];
  const f4 = (x) => x.toFixed(4);
  for (const [name, grid] of Object.entries(GRIDS).filter(([name]) => only.has(name))) {
    let best;
    for (const options of grid) {
      const r = await evaluate(name, options, inner.train, inner.validation, log);
      rows.push([name, JSON.stringify(options), 'validation', f4(r.sampled.hr), f4(r.sampled.ndcg)]);
      rows[rows.length - 1].push(f4(r.full.hr), f4(r.full.ndcg), r.seconds.toFixed(2));
      if (!best || r.sampled.ndcg > best.ndcg) best = { options, ndcg: r.sampled.ndcg };
      console.error(`done ${name} ${JSON.stringify(options)}`);
    }
    const r = await evaluate(name, best.options, outer.train, outer.test, log);
    rows.push([name, JSON.stringify(best.options), 'TEST (chosen)', f4(r.sampled.hr), f4(r.sampled.ndcg)]);
    rows[rows.length - 1].push(f4(r.full.hr), f4(r.full.ndcg), r.seconds.toFixed(2));
  }
  console.log(
    `ml-100k u.data, leave-one-out by timestamp; chosen on validation sampled NDCG@10, then refit on train + ` +
      `validation (${outer.train.size} rows) and tested once`,
  );
  table(['model', 'options', 'evaluated on', 'HR@10', 'NDCG@10', 'full HR@10', 'full NDCG@10', 'fit s'], rows);
}
