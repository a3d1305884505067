// Does Hogwild training on two worker threads (`fit(train, { workers: 2 })`) cost accuracy? Each model with its
// default settings, trained on one thread and on two workers under the same protocol — a thin caller of `compare`
// (@recsys/experiment): per seed a leave-one-out split of MovieLens-100K by time, epochs chosen on the validation
// split by early stopping, refit on train + validation, tested once (99 sampled negatives, and full ranking); mean ±
// Student-t 95% CI over seeds.
//
//   pnpm bench workers-accuracy       (SEEDS=1,2,3 MODELS=gmf,mlp,neumf EPOCHS=30 PATIENCE=5)
// Writes bench/out/workers-accuracy-seeds-<seeds>.json (a comparison: `recsys report` draws it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadInteractions } from '@recsys/data';
import { compare, registeredModel, renderTable } from '@recsys/experiment';
import { sharedData } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const seeds = (process.env.SEEDS ?? '1,2,3').split(',').map(Number);
const names = (process.env.MODELS ?? 'gmf,mlp,neumf').split(',');

if (path) {
  const { interactions } = await loadInteractions(path, { format: 'movielens' });
  const models = names.flatMap((name) => {
    const one = registeredModel(name, {}); // the defaults: the comparison is the thread count, not a search
    const two = {
      ...one,
      name: `${one.name} ×2 workers`,
      fitOptions: (params) => ({ ...one.fitOptions?.(params), workers: 2 }),
    };
    return [one, two];
  });
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
  writeFileSync(new URL(`workers-accuracy-seeds-${seeds.join('-')}.json`, outDir), JSON.stringify(result, null, 2));
}
