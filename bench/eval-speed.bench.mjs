// Full-ranking evaluation time of every model on the ML-100K leave-one-out split: each user's test item ranked among
// all items (HR@10, NDCG@10), each model in its own process after one epoch of training (the weights' values do not
// change the cost), median of REPEATS runs (the first includes building a model's scoring rows), and peak RSS.
//
//   pnpm bench eval-speed        (MODELS=itempop,ease,ials,bprmf,mf,gmf,mlp,neumf,dmf,delf REPEATS=3)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastJsonLine, sharedData, table, writeSpeedSplit } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const models = (process.env.MODELS ?? 'itempop,ease,ials,bprmf,mf,gmf,mlp,neumf,dmf,delf').split(',');
const repeats = process.env.REPEATS ?? '3';
const here = fileURLToPath(new URL('.', import.meta.url));

if (path) {
  const dir = await writeSpeedSplit(path, 'recsys-eval-speed-');
  const rows = [];
  for (const model of models) {
    const run = lastJsonLine(
      execFileSync(process.execPath, [join(here, 'eval-speed-worker.mjs'), dir, model, repeats], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    const all = run.seconds.map((s) => s.toFixed(2)).join(' / ');
    rows.push([model, run.median.toFixed(2), all, run.peakRssMiB.toFixed(0)]);
  }
  table(['model', 'full ranking s (median)', 'each run s', 'peak RSS MiB'], rows);
}
