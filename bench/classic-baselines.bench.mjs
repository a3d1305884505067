// ItemKNN, RP3beta and MF (Rendle et al. 2020) on MovieLens-100K, NCF protocol (as ncf-accuracy.bench.mjs).
//
// Leave-one-out by timestamp. Hyper-parameters are chosen on the validation item only (sampled NDCG@10, 99 seeded
// negatives), training on train − validation; the chosen setting is refit on train + validation (3 times, for the fit
// time) and evaluated once on test: sampled (99 negatives, seed 1) and full ranking.
//
//   pnpm bench classic-baselines          (MODELS=itemknn,rp3beta,mf by default)
// MF's grid is the one point its validation sweep chose (factors 64, λ 0.005, lr 16 = 0.0625 per example × 256,
// decay 0.85); its epoch is chosen on validation (up to MF_EPOCHS, default 12). MF_GRID=1 runs the recommended grid.
import { leaveOneOut, loadInteractions, sampleTestNegatives } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { ItemKNN, MF, RP3beta } from '@recsys/models';
import { sharedData, table } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const only = new Set((process.env.MODELS ?? 'itemknn,rp3beta,mf').split(','));
const mfEpochs = Number(process.env.MF_EPOCHS ?? 12);

const cross = (a, b) => a.flatMap((x) => b.map((y) => ({ ...x, ...y })));
const GRIDS = {
  itemknn: cross(
    [10, 20, 50, 100].map((neighbours) => ({ neighbours })),
    [0, 10].map((shrink) => ({ shrink })),
  ),
  rp3beta: [
    ...cross(
      [0.7, 1].map((alpha) => ({ alpha })),
      [0.3, 0.5, 0.7].map((beta) => ({ beta, normalize: true })),
    ),
    { alpha: 1, beta: 0.5, normalize: false },
    { alpha: 1, beta: 0.7, normalize: true, neighbours: 200 },
  ],
  mf: process.env.MF_GRID
    ? cross(
        cross(
          [32, 64].map((factors) => ({ factors })),
          [0.005, 0.01].map((l2) => ({ l2 })),
        ),
        [8, 16].map((learningRate) => ({ learningRate, learningRateDecay: 0.85 })),
      )
    : [{ factors: 64, l2: 0.005, learningRate: 16, learningRateDecay: 0.85 }],
};

if (path) {
  const { interactions } = await loadInteractions(path, { format: 'movielens' });
  const inner = leaveOneOut(interactions, { validation: true });
  const outer = leaveOneOut(interactions);
  const validationNegatives = sampleTestNegatives(interactions, inner.validation, { count: 99, seed: 1001 });
  const testNegatives = sampleTestNegatives(interactions, outer.test, { count: 99, seed: 1 });
  const rows = [];
  for (const name of ['itemknn', 'rp3beta', 'mf'].filter((n) => only.has(n))) {
    let best;
    for (const point of GRIDS[name]) {
      const { model, fit } = make(name, point);
      let ndcg;
      let epochs;
      if (name === 'mf') {
        const report = await model.fit(inner.train, {
          ...fit,
          epochs: mfEpochs,
          validation: inner.validation,
          validationNegatives,
        });
        epochs = report.history.bestEpoch;
        ndcg = report.history.epochs[epochs - 1].validation.ndcg;
        model.dispose();
      } else {
        await model.fit(inner.train);
        ndcg = (await evaluateSampled(model, validationNegatives, { k: 10 })).metrics.ndcg;
      }
      console.error(
        `${name} ${JSON.stringify(point)}${epochs ? ` epoch ${epochs}` : ''}: validation NDCG ${ndcg.toFixed(4)}`,
      );
      if (!best || ndcg > best.ndcg) best = { point, ndcg, epochs };
    }
    const seconds = [];
    let model;
    for (let run = 0; run < 3; run++) {
      model?.dispose?.();
      const made = make(name, best.point);
      model = made.model;
      const fit = name === 'mf' ? { ...made.fit, epochs: best.epochs } : {};
      const start = performance.now();
      await model.fit(outer.train, fit);
      seconds.push((performance.now() - start) / 1000);
    }
    const sampled = await evaluateSampled(model, testNegatives, { k: 10 });
    const full = await evaluateFullRanking(model, outer.train, outer.test, { k: 10 });
    seconds.sort((a, b) => a - b);
    rows.push([
      name,
      JSON.stringify({ ...best.point, ...(best.epochs ? { epochs: best.epochs } : {}) }),
      best.ndcg.toFixed(4),
      sampled.metrics.hr.toFixed(4),
      sampled.metrics.ndcg.toFixed(4),
      full.metrics.hr.toFixed(4),
      full.metrics.ndcg.toFixed(4),
      `${seconds[1].toFixed(2)} (${seconds[0].toFixed(2)}–${seconds[2].toFixed(2)})`,
    ]);
  }
  table(['model', 'chosen on validation', 'val NDCG', 'HR@10', 'NDCG@10', 'full HR@10', 'full NDCG@10', 'fit s'], rows);
}

function make(name, point) {
  if (name === 'itemknn') return { model: new ItemKNN(point) };
  if (name === 'rp3beta') return { model: new RP3beta(point) };
  const { factors, l2, ...fit } = point;
  return { model: new MF({ factors, l2 }), fit: { ...fit, seed: 1, progress: false } };
}
