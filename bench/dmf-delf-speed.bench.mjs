// Training speed of DMF and DELF against a PyTorch reference of the same models (bench/pytorch/dmf_delf_reference.py,
// Debian's python3-torch, 2 threads; skipped if absent), side by side on the same machine, each run in its own
// process; ours on one thread and on W worker threads (`fit(train, { workers: W })`), the runs of a repeat back to
// back. ML-100K leave-one-out split. DMF-2: towers 256-64, nce, 7 negatives, Adam 1e-4. DELF-MLP: 32 factors,
// 4 negatives, Adam 1e-3, histories capped at the T most recent entries (T = 50, 200 and all: a step's cost grows
// with T only).
// Figures: samples/s = (positives + negatives) per second of training steps, median over epochs; ratio = ours / torch
// of the same repeat; each figure the median (min–max) over the repeats. Also s/epoch (steps + sampling), full-ranking
// evaluation seconds and peak RSS.
//
//   pnpm bench dmf-delf-speed     (EPOCHS=2 BATCHES=256 RUNS=dmf,delf:50,delf:200,delf:0 WORKERS=1,2 REPEATS=1;
//                                 TORCH=0 runs ours only; EVAL=0 skips the full-ranking evaluation on both sides)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTorch, lastJsonLine, median, medianRange, sharedData, table, writeSpeedSplit } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const epochs = process.env.EPOCHS ?? '2';
const batches = (process.env.BATCHES ?? process.env.BATCH ?? '256').split(',');
const runs = (process.env.RUNS ?? 'dmf,delf:50,delf:200,delf:0').split(',').map((run) => run.split(':'));
const workers = (process.env.WORKERS ?? '1,2').split(',');
const repeats = Number(process.env.REPEATS ?? '1');
const evaluate = process.env.EVAL !== '0';
const here = fileURLToPath(new URL('.', import.meta.url));
const python = '/usr/bin/python3';

function ours(dir, model, batch, cap, w) {
  const args = [dir, model, batch, epochs, cap, evaluate ? '1' : '0', w];
  return lastJsonLine(
    execFileSync(process.execPath, [join(here, 'dmf-delf-speed-worker.mjs'), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
}

function torchRun(dir, model, batch, cap) {
  const flags = model === 'dmf' ? ['--layers', '256,64'] : ['--factors', '32', '--history-cap', cap];
  const r = lastJsonLine(
    execFileSync(
      python,
      [join(here, 'pytorch', 'dmf_delf_reference.py'), '--data', dir, '--model', model, ...flags,
        '--batch-size', batch, '--epochs', epochs, '--seed', '1', ...(evaluate ? [] : ['--skip-eval'])], // prettier-ignore
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ),
  );
  return {
    samplesPerSecond: r.train_samples_per_epoch / median(r.epoch_train_seconds),
    secondsPerEpoch: r.seconds_per_epoch + r.sampling_seconds_per_epoch,
    evalSecondsFull: r.eval_seconds_full,
    peakRssMiB: r.peak_rss_mib,
  };
}

if (path) {
  const dir = await writeSpeedSplit(path, 'recsys-dmf-delf-speed-');
  const torch = process.env.TORCH !== '0' && hasTorch(python);
  const rows = [];
  const k = (x) => `${(x / 1000).toFixed(1)}k`;
  const s = (d) => (x) => x.toFixed(d);
  for (const batch of batches) {
    for (const [model, cap = '50'] of runs) {
      const mine = Object.fromEntries(workers.map((w) => [w, []]));
      const reference = [];
      for (let r = 0; r < repeats; r++) {
        for (const w of workers) mine[w].push(ours(dir, model, batch, cap, w));
        if (torch) reference.push(torchRun(dir, model, batch, cap));
        console.error(`done ${model} ${cap} @${batch}, repeat ${r + 1}/${repeats}`);
      }
      const pick = (list, key) => list.map((x) => x[key]);
      for (const w of workers) {
        rows.push([
          `${model === 'dmf' ? 'dmf' : `delf T=${cap === '0' ? '∞' : cap}`} @${batch}`,
          w,
          medianRange(pick(mine[w], 'samplesPerSecond'), k),
          medianRange(pick(reference, 'samplesPerSecond'), k),
          medianRange(
            reference.map((t, r) => mine[w][r].samplesPerSecond / t.samplesPerSecond),
            s(2),
          ),
          medianRange(pick(mine[w], 'secondsPerEpoch'), s(1)),
          medianRange(pick(reference, 'secondsPerEpoch'), s(1)),
          medianRange(pick(mine[w], 'evalSecondsFull'), s(1)),
          medianRange(pick(reference, 'evalSecondsFull'), s(1)),
          medianRange(pick(mine[w], 'peakRssMiB'), s(0)),
          medianRange(pick(reference, 'peakRssMiB'), s(0)),
        ]);
      }
    }
  }
  console.log(`ML-100K, ${epochs} epochs per run, ${repeats} repeat(s): median (min–max) over repeats`);
  table(
    [
      'run @batch',
      'workers',
      'ours samples/s',
      'torch samples/s',
      'ratio',
      'ours s/epoch',
      'torch s/epoch',
      'ours full eval s',
      'torch full eval s',
      'ours RSS MiB',
      'torch RSS MiB',
    ],
    rows,
  );
}
