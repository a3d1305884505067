// Validation-only tuning sweep for the NCF models on MovieLens-100K: each setting trains on one seed's inner split
// (leave-one-out by time, minus the validation item) and reports its best epoch's validation HR@10 / NDCG@10 (99
// sampled negatives). The test item is never read, so a sweep can inform the grids of ncf-accuracy honestly.
//
//   pnpm bench ncf-tuning                      (SEED=1; the sweep below)
//   SWEEP='[{"model":"neumf","fit":{"negatives":8}}]' pnpm bench ncf-tuning
//
// A setting: { model: 'gmf' | 'mlp' | 'neumf', options: {model options}, fit: {fit options} } or
// { model: 'neumf-p', gmf: {factors, fit}, mlp: {factors, fit}, alpha, fit } (the components are trained once per
// process and shared by the settings that name them). Fits run up to EPOCHS (40) with PATIENCE (6).
import { leaveOneOut, loadInteractions, sampleTestNegatives } from '@recsys/data';
import { GMF, MLP, NeuMF } from '@recsys/models';
import { sharedData, table } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const seed = Number(process.env.SEED ?? 1);
const maxEpochs = Number(process.env.EPOCHS ?? 40);
const patience = Number(process.env.PATIENCE ?? 6);

// What was tried for NeuMF (8 factors, from scratch) and for NeuMF-p (GMF-16 + MLP-32, as ncf-accuracy chose).
const components = {
  gmf: { factors: 16, fit: { learningRate: 0.005 } },
  mlp: { factors: 32, fit: { learningRate: 0.005 } },
};
const DEFAULT_SWEEP = [
  { model: 'neumf' },
  { model: 'neumf', options: { l2: 1e-4 } },
  { model: 'neumf', options: { l2: 1e-3 } },
  { model: 'neumf', options: { dropout: 0.2 } },
  { model: 'neumf', fit: { negatives: 8 } },
  { model: 'neumf', fit: { learningRate: 0.001, learningRateDecay: 0.95 } },
  { model: 'neumf', fit: { learningRate: 0.002, learningRateDecay: 0.9 } },
  { model: 'neumf', fit: { learningRate: 0.005, learningRateDecay: 0.8 } },
  { model: 'neumf', fit: { negatives: 8, learningRate: 0.002, learningRateDecay: 0.9 } },
  ...[0.01, 0.03, 0.1].map((learningRate) => ({ model: 'neumf-p', ...components, fit: { learningRate } })),
  { model: 'neumf-p', ...components, fit: { optimizer: 'adam', learningRate: 1e-4 } },
  { model: 'neumf-p', ...components, gmf: { factors: 64, fit: { learningRate: 0.005 } }, fit: { learningRate: 0.03 } },
];
const MODELS = { gmf: GMF, mlp: MLP, neumf: NeuMF };

if (path) {
  const sweep = process.env.SWEEP ? JSON.parse(process.env.SWEEP) : DEFAULT_SWEEP;
  const { interactions } = await loadInteractions(path, { format: 'movielens' });
  const inner = leaveOneOut(interactions, { validation: true });
  const validationNegatives = sampleTestNegatives(interactions, inner.validation, { count: 99, seed: seed + 1000 });
  const common = {
    seed,
    progress: false,
    validation: inner.validation,
    validationNegatives,
    epochs: maxEpochs,
    patience,
  };
  const rows = [];
  const record = (name, setting, report) => {
    const best = report.history.epochs[report.history.bestEpoch - 1];
    const row = [name, JSON.stringify(setting), report.history.bestEpoch, best.validation.hr, best.validation.ndcg];
    console.error(`${row.slice(0, 3).join('  ')}  HR ${row[3].toFixed(4)}  NDCG ${row[4].toFixed(4)}`);
    rows.push(row);
  };

  const trained = new Map(); // pre-training components, by setting
  const component = async (name, { factors, fit }) => {
    const key = `${name}:${factors}:${JSON.stringify(fit ?? {})}`;
    if (!trained.has(key)) {
      const model = new MODELS[name]({ factors });
      record(name, { factors, fit }, await model.fit(inner.train, { ...common, ...fit }));
      trained.set(key, model);
    }
    return trained.get(key);
  };

  for (const setting of sweep) {
    let model;
    if (setting.model === 'neumf-p') {
      const [gmf, mlp] = [await component('gmf', setting.gmf), await component('mlp', setting.mlp)];
      model = NeuMF.fromPretrained(gmf, mlp, { alpha: setting.alpha ?? 0.5 });
    } else model = new MODELS[setting.model](setting.options ?? {});
    record(
      setting.model,
      { options: setting.options, fit: setting.fit, gmf: setting.gmf, mlp: setting.mlp },
      await model.fit(inner.train, { ...common, ...setting.fit }),
    );
    model.dispose();
  }
  for (const model of trained.values()) model.dispose();

  console.log(`\nML-100K seed ${seed}, validation split only (best epoch of ≤ ${maxEpochs}, patience ${patience})`);
  table(
    ['model', 'setting', 'best epoch', 'val HR@10', 'val NDCG@10'],
    rows.map(([name, setting, epoch, hr, ndcg]) => [name, setting, epoch, hr.toFixed(4), ndcg.toFixed(4)]),
  );
}
