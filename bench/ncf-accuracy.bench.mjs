// NCF accuracy on MovieLens-100K: GMF, MLP, NeuMF, NeuMF with GMF+MLP pre-training, BPR-MF and ItemPop, over 3 seeds.
//
// Protocol (per seed): leave-one-out by timestamp; the latest interaction is the test item, the second latest the
// validation item. Hyper-parameters (learning rate) and the epoch are chosen on validation only (sampled NDCG@10,
// 99 negatives), training on train-minus-validation. The chosen setting is then refit on train + validation and
// evaluated once on test: sampled (99 negatives, seeded) and full ranking. Figures: mean over seeds ± 95% CI
// (Student t, n − 1 degrees of freedom).
//
//   pnpm bench ncf-accuracy            (SEEDS=1,2,3 EPOCHS=30 PATIENCE=5 by default)
// Seeds can run in separate processes (SEEDS=1 …, SEEDS=2 …); each writes bench/out/ncf-accuracy-seeds-<seeds>.json,
// and MERGE=1 pnpm bench ncf-accuracy prints the table over every result file there without training.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { leaveOneOut, loadInteractions, sampleTestNegatives } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { BPRMF, GMF, ItemPop, MLP, NeuMF } from '@recsys/models';
import { sharedData, table } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const seeds = (process.env.SEEDS ?? '1,2,3').split(',').map(Number);
const maxEpochs = Number(process.env.EPOCHS ?? 30);
const patience = Number(process.env.PATIENCE ?? 5);
const factors = Number(process.env.FACTORS ?? 8); // NeuMF's and BPR-MF's
const T95 = { 1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571 };

// Validation grids. NeuMF keeps 8 factors (the setting); GMF and MLP may use 8–64 predictive factors, so their
// factors are chosen on validation too; NeuMF-p is built from whichever GMF and MLP validation chose.
const MODELS = {
  gmf: { make: (p) => new GMF({ factors: p.factors }), grid: grid([8, 16], [0.001, 0.005]) },
  mlp: { make: (p) => new MLP({ factors: p.factors }), grid: grid([8, 16, 32], [0.001, 0.005]) },
  // Predictive factors stay 8; the tower is the paper's halving 32→16→8 or the NCF code's default 64→32→16→8; the
  // rate is constant or decays by 0.9 an epoch (ncf-tuning's sweep on seed 1's validation split found that best).
  neumf: {
    make: (p) => new NeuMF({ factors: p.factors, layers: p.layers }),
    grid: [undefined, [64, 32, 16, 8]].flatMap((layers) =>
      [...grid([factors], [0.001, 0.005]), { factors, learningRate: 0.002, learningRateDecay: 0.9 }].map((p) => ({
        ...p,
        layers,
      })),
    ),
  },
  bprmf: { make: (p) => new BPRMF({ factors: p.factors }), grid: grid([factors], [0.001, 0.01]) },
};
// NeuMF after pre-training is fine-tuned with plain SGD (the paper); its rate is chosen on validation too.
// MODELS=neumf,… runs a subset (NeuMF-p needs gmf and mlp).
const only = process.env.MODELS ? new Set(process.env.MODELS.split(',')) : undefined;
const PRETRAIN_GRID = [0.01, 0.03, 0.1, 0.5].map((learningRate) => ({ learningRate }));

function grid(factorList, rates) {
  return factorList.flatMap((f) => rates.map((learningRate) => ({ factors: f, learningRate })));
}

const outDir = new URL('./out/', import.meta.url);
if (path && process.env.MERGE) {
  const files = readdirSync(outDir).filter((f) => /^ncf-accuracy-seeds-.*\.json$/.test(f));
  const results = files.flatMap((f) => JSON.parse(readFileSync(new URL(f, outDir), 'utf8')).results);
  summarise(results, [...new Set(results.map((r) => r.seed))].sort());
} else if (path) {
  const { interactions } = await loadInteractions(path, { format: 'movielens' });
  const results = [];
  for (const seed of seeds) {
    const inner = leaveOneOut(interactions, { validation: true }); // train − validation − test
    const outer = leaveOneOut(interactions); // train + validation (− test)
    const validationNegatives = sampleTestNegatives(interactions, inner.validation, { count: 99, seed: seed + 1000 });
    const testNegatives = sampleTestNegatives(interactions, outer.test, { count: 99, seed });
    const common = { seed, progress: false, patience, validation: inner.validation, validationNegatives };

    const evaluate = async (name, model, chosen) => {
      const sampled = await evaluateSampled(model, testNegatives, { k: 10 });
      const full = await evaluateFullRanking(model, outer.train, outer.test, { k: 10 });
      const row = {
        seed,
        model: name,
        ...chosen,
        hr: sampled.metrics.hr,
        ndcg: sampled.metrics.ndcg,
        fullHr: full.metrics.hr,
        fullNdcg: full.metrics.ndcg,
      };
      console.log(JSON.stringify(row));
      results.push(row);
    };

    /** Trains every grid point on the inner split; returns the best (by validation NDCG) with its model. */
    const select = async (make, points) => {
      let best;
      for (const point of points) {
        const model = make(point);
        const report = await model.fit(inner.train, {
          ...common,
          epochs: maxEpochs,
          learningRate: point.learningRate,
          learningRateDecay: point.learningRateDecay,
        });
        const epoch = report.history.bestEpoch;
        const validationNdcg = report.history.epochs[epoch - 1].validation.ndcg;
        console.error(
          `seed ${seed} ${model.name} ${JSON.stringify(point)}: best epoch ${epoch}, validation NDCG ${validationNdcg.toFixed(4)}`,
        );
        if (!best || validationNdcg > best.validationNdcg) {
          best?.model.dispose();
          best = { model, point, epochs: epoch, validationNdcg };
        } else model.dispose();
      }
      return best;
    };
    const refit = async (model, chosen, extra = {}) => {
      const { learningRate, learningRateDecay } = chosen.point; // the point's factors and layers made the model
      await model.fit(outer.train, {
        seed,
        progress: false,
        epochs: chosen.epochs,
        learningRate,
        learningRateDecay,
        ...extra,
      });
      return model;
    };
    const chosenOf = (best) => ({
      lr: best.point.learningRate,
      lrDecay: best.point.learningRateDecay,
      layers: best.point.layers ?? best.model.tower,
      factors: best.point.factors ?? best.model.factors,
      epochs: best.epochs,
      validationNdcg: best.validationNdcg,
    });

    const itemPop = new ItemPop();
    await itemPop.fit(outer.train);
    await evaluate('itempop', itemPop, {});

    const selected = {};
    for (const [name, { make, grid: points }] of Object.entries(MODELS).filter(([n]) => !only || only.has(n))) {
      selected[name] = await select(make, points);
      const final = await refit(make(selected[name].point), selected[name]);
      await evaluate(name, final, chosenOf(selected[name]));
      if (name === 'gmf' || name === 'mlp') selected[`${name}Final`] = final;
      else final.dispose();
    }
    if (!selected.gmf || !selected.mlp) {
      for (const best of Object.values(selected)) best.model?.dispose();
      continue;
    }
    // NeuMF-p: selection from the inner GMF and MLP, refit from the outer (train + validation) ones.
    const pretrained = await select(() => NeuMF.fromPretrained(selected.gmf.model, selected.mlp.model), PRETRAIN_GRID);
    const finalPretrained = await refit(NeuMF.fromPretrained(selected.gmfFinal, selected.mlpFinal), pretrained);
    await evaluate('neumf-pretrained', finalPretrained, chosenOf(pretrained));
    for (const m of [pretrained.model, finalPretrained, selected.gmfFinal, selected.mlpFinal]) m.dispose();
    for (const name of Object.keys(MODELS)) selected[name]?.model.dispose();
  }

  summarise(results, seeds);
  mkdirSync(outDir, { recursive: true });
  const file = new URL(`ncf-accuracy-seeds-${seeds.join('-')}.json`, outDir);
  writeFileSync(file, JSON.stringify({ seeds, maxEpochs, patience, factors, results }, null, 2));
}

/** Prints mean ± 95% CI over seeds per model. */
function summarise(results, seeds) {
  const summary = [];
  for (const name of ['itempop', 'gmf', 'mlp', 'neumf', 'neumf-pretrained', 'bprmf']) {
    const rows = results.filter((r) => r.model === name);
    const stat = (key) => {
      const xs = rows.map((r) => r[key]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
      const half = xs.length > 1 ? (T95[xs.length - 1] ?? 1.96) * (sd / Math.sqrt(xs.length)) : 0;
      return `${mean.toFixed(4)} ± ${half.toFixed(4)}`;
    };
    summary.push([
      name,
      stat('hr'),
      stat('ndcg'),
      stat('fullHr'),
      stat('fullNdcg'),
      rows.map((r) => r.epochs ?? '-').join('/'),
      rows.map((r) => (r.lr ?? '-') + (r.lrDecay ? `×${r.lrDecay}^e` : '')).join('/'),
      rows.map((r) => r.factors ?? '-').join('/'),
    ]);
  }
  console.log(
    `\nML-100K, leave-one-out, seeds ${seeds.join(',')}: mean ± 95% CI over seeds (factors, lr, epochs chosen on validation)`,
  );
  table(
    ['model', 'HR@10 sampled', 'NDCG@10 sampled', 'HR@10 full', 'NDCG@10 full', 'epochs', 'lr', 'factors'],
    summary,
  );
}
