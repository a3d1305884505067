// Catalogue-size scaling: the same interactions over 10k items and over 1M items (item ids spread ×100), each model in
// its own process (scale-worker.mjs), two epochs on each catalogue. With sparse tables and lazy optimizer updates the
// epoch should cost about the same: the figure is the ratio of the second epochs' times (steps + sampling), 1M / 10k.
// DMF and DELF, whose steps are slower, train on the first 2,000 users' rows (60k) instead of 10,000 users' (300k).
// DualNet is not here: its epoch visits every user × item cell, so it grows with the catalogue by design (its cost per
// cell is in `pnpm bench dualnet`).
//
//   pnpm bench scale            (MODELS=gmf,mlp,neumf,bpr-mf,mf,dmf,delf,multi-feedback)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastJsonLine, table } from './shared.mjs';

const models = (process.env.MODELS ?? 'gmf,mlp,neumf,bpr-mf,mf,dmf,delf,multi-feedback').split(',');
const slow = new Set(['dmf', 'delf']);
const here = fileURLToPath(new URL('.', import.meta.url));
const rows = [];
for (const model of models) {
  const users = slow.has(model) ? 2_000 : 10_000;
  const r = lastJsonLine(
    execFileSync(process.execPath, [join(here, 'scale-worker.mjs'), model, String(users), '10000'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const { small, large } = r.epochSeconds;
  console.log(`${model}: ${small.toFixed(2)} s / ${large.toFixed(2)} s an epoch, 10k / 1M items`);
  rows.push([
    model,
    r.rows.toLocaleString('en-US'),
    small.toFixed(2),
    large.toFixed(2),
    (large / small).toFixed(2),
    r.peakRssMiB.toFixed(0),
  ]);
}
table(['model', 'rows', 'epoch s, 10k items', 'epoch s, 1M items', 'ratio 1M / 10k', 'peak RSS MiB'], rows);
