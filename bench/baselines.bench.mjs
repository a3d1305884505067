// Cost of the classic baselines: fit seconds and peak RSS of EASE, iALS (seconds per sweep, 64 factors) and the
// item-neighbourhood models (ItemKNN, RP3beta — whichever are registered) on MovieLens-100K and on synthetic logs of
// 10,000 and 50,000 items. Every (model, dataset) runs in a fresh process (bench/baselines-worker.mjs), whose
// process.resourceUsage().maxRSS is its peak; the "data only" row is a process that loads the log and fits nothing.
// EASE holds an items × items float32 matrix (items² × 4 bytes): at 50,000 items that is 9.3 GiB, above its default
// maxMemoryMB (4096), so it prints its refusal instead of allocating.
//
//   pnpm bench baselines        (DATASETS=ml-100k,synthetic-10k,synthetic-50k MODELS=ease,ials,itemknn,rp3beta)
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { synthetic, writeNcfRatings } from '@recsys/data';
import { recommenderNames } from '@recsys/models';
import { sharedData, table } from './shared.mjs';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./baselines-worker.mjs', import.meta.url));
const datasets = (process.env.DATASETS ?? 'ml-100k,synthetic-10k,synthetic-50k').split(',');
const models = (process.env.MODELS ?? 'ease,ials,itemknn,rp3beta').split(',');
/** Per-model options and fits per process: EASE thrice on ML-100K (median and range), iALS a few sweeps. */
const plan = {
  ease: (dataset) => ({ options: {}, repeats: dataset === 'ml-100k' ? 3 : 1 }),
  ials: (dataset) => ({ options: { factors: 64, sweeps: dataset === 'ml-100k' ? 5 : 2 }, repeats: 1 }),
};
const WORKER_TIMEOUT_MS = 300_000;

const registered = new Set(recommenderNames());
for (const name of models.filter((m) => !registered.has(m))) {
  console.log(`note: "${name}" is not registered in @recsys/models: skipped`);
}
const dir = mkdtempSync(join(tmpdir(), 'recsys-baselines-'));

/** The file and format of a dataset, generating synthetic logs once (workers load the file: generating 50k takes s). */
async function source(dataset) {
  if (dataset === 'ml-100k') {
    const path = sharedData('ml-100k', 'u.data');
    return path && { path, format: 'movielens' };
  }
  const sizes = { 'synthetic-10k': [10_000, 10_000], 'synthetic-50k': [25_000, 50_000] }[dataset];
  if (!sizes) throw new Error(`unknown dataset ${dataset} (ml-100k, synthetic-10k, synthetic-50k)`);
  const [users, items] = sizes;
  const { interactions } = synthetic({ users, items, interactionsPerUser: 30, seed: 1 });
  const path = join(dir, `${dataset}.rating`);
  await writeNcfRatings(path, interactions);
  return { path, format: 'ncf' };
}

async function measure(src, name, options = {}, repeats = 1) {
  try {
    const { stdout } = await run(
      process.execPath,
      [worker, src.path, src.format, name, JSON.stringify(options), String(repeats)],
      { timeout: WORKER_TIMEOUT_MS, maxBuffer: 1 << 20 },
    );
    return JSON.parse(stdout.trim().split('\n').pop());
  } catch (error) {
    return { failed: error.killed ? `timed out after ${WORKER_TIMEOUT_MS / 1000} s` : error.message.split('\n')[0] };
  }
}

const fmt = (x, d = 2) => (x === undefined ? '-' : x.toFixed(d));
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const rows = [];
const notes = [];
try {
  for (const dataset of datasets) {
    const src = await source(dataset);
    if (!src) continue;
    const base = await measure(src, 'none');
    rows.push([dataset, 'data only', base.rows ?? '-', base.items ?? '-', '-', '-', fmt(base.maxRssMiB, 0)]);
    for (const name of models.filter((m) => registered.has(m))) {
      const { options, repeats } = plan[name]?.(dataset) ?? { options: {}, repeats: 1 };
      const r = await measure(src, name, options, repeats);
      const fits = r.fits ?? [];
      const fit =
        fits.length === 0
          ? r.refused
            ? 'refused'
            : r.failed
              ? 'failed'
              : '-'
          : fits.length === 1
            ? fmt(fits[0])
            : `${fmt(median(fits))} [${fmt(Math.min(...fits))}–${fmt(Math.max(...fits))}]`;
      const sweep = r.sweepSeconds ? fmt(median(r.sweepSeconds)) : '-';
      rows.push([dataset, name, r.rows ?? '-', r.items ?? '-', fit, sweep, fmt(r.maxRssMiB, 0)]);
      if (r.refused) notes.push(`${dataset} ${name}: ${r.refused}`);
      if (r.failed) notes.push(`${dataset} ${name}: failed: ${r.failed}`);
      console.error(`done ${dataset} ${name}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  'fit s: one fit, or median [min–max] of 3 fits in one process (the first includes loading the tfjs backend); ' +
    'iALS: 64 factors, cg, 3 steps; s/sweep the median sweep; peak RSS per process (data only: loading the log)',
);
table(['dataset', 'model', 'rows', 'items', 'fit s', 's/sweep', 'peak RSS MiB'], rows);
for (const note of notes) console.log(note);
