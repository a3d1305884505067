// NCF accuracy on MovieLens-100K: ItemPop, GMF, MLP, NeuMF, NeuMF from pre-trained GMF + MLP, BPR-MF over 3 seeds —
// a thin caller of `compare` (@recsys/experiment), which owns the protocol: per seed a leave-one-out split by time,
// every model tuned on the validation split only (its default search space; epochs by early stopping), refit on
// train + validation, tested once (99 sampled negatives, and full ranking); mean ± Student-t 95% CI over seeds.
//
//   pnpm bench ncf-accuracy            (SEEDS=1,2,3 EPOCHS=30 PATIENCE=5 MODELS=… by default)
// Writes bench/out/ncf-accuracy-seeds-<seeds>.json (a comparison: `recsys report` draws it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadInteractions } from '@recsys/data';
import { compare, renderTable } from '@recsys/experiment';
import { sharedData } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const seeds = (process.env.SEEDS ?? '1,2,3').split(',').map(Number);
const models = (process.env.MODELS ?? 'itempop,gmf,mlp,neumf,neumf-pretrained,bprmf').split(',');
if (path) {
  const { interactions } = await loadInteractions(path, { format: 'movielens' });
  const result = await compare({
    data: interactions,
    name: 'MovieLens-100K',
    models,
    seeds,
    ks: [10],
    maxEpochs: Number(process.env.EPOCHS ?? 30),
    patience: Number(process.env.PATIENCE ?? 5),
    onProgress: ({ message }) => console.error(message),
  });
  console.log(renderTable(result));
  const outDir = new URL('./out/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(new URL(`ncf-accuracy-seeds-${seeds.join('-')}.json`, outDir), JSON.stringify(result, null, 2));
}
