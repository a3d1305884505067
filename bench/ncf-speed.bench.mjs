// Training speed of GMF / MLP / NeuMF against a PyTorch reference of the same models and protocol, side by side on the
// same machine (bench/pytorch/ncf_reference.py, run with Debian's python3-torch and 2 threads; skipped if absent).
// ML-100K leave-one-out split, 4 negatives per positive, 8 factors, Adam; each run in its own process; ours on one
// thread and on W worker threads (`fit(train, { workers: W })`), the runs of a repeat back to back.
// Figures: samples/s = (positives + negatives) per second of training steps, median over epochs; ratio = ours over
// PyTorch's of the same repeat. Each figure is the median (min–max) over the repeats. Also s/epoch (steps + negative
// sampling), full-ranking evaluation seconds, and peak RSS. Five epochs by default: two workers take about two epochs
// of ML-100K to reach their pace (each isolate warms up its own JIT), one thread about one; the median of five is the
// third epoch on both sides.
//
//   pnpm bench ncf-speed              (EPOCHS=5 BATCHES=256,1024 MODELS=gmf,mlp,neumf WORKERS=1,2 REPEATS=3)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTorch, lastJsonLine, median, medianRange, sharedData, table, writeSpeedSplit } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const epochs = process.env.EPOCHS ?? '5';
const batches = (process.env.BATCHES ?? '256,1024').split(',');
const models = (process.env.MODELS ?? 'gmf,mlp,neumf').split(',');
const workers = (process.env.WORKERS ?? '1,2').split(',');
const repeats = Number(process.env.REPEATS ?? '3');
const here = fileURLToPath(new URL('.', import.meta.url));
const python = '/usr/bin/python3';

function ours(dir, model, batch, w) {
  return lastJsonLine(
    execFileSync(process.execPath, [join(here, 'ncf-speed-worker.mjs'), dir, model, batch, epochs, w], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
}

function torchRun(dir, model, batch) {
  const args = ['--data', dir, '--model', model, '--factors', '8', '--batch-size', batch, '--epochs', epochs];
  const out = execFileSync(python, [join(here, 'pytorch', 'ncf_reference.py'), ...args, '--seed', '1'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const r = lastJsonLine(out);
  return {
    samplesPerSecond: r.train_samples_per_epoch / median(r.epoch_train_seconds),
    secondsPerEpoch: r.seconds_per_epoch + r.sampling_seconds_per_epoch,
    evalSecondsFull: r.eval_seconds_full,
    peakRssMiB: r.peak_rss_mib,
  };
}

if (path) {
  const dir = await writeSpeedSplit(path, 'recsys-speed-');
  const torch = hasTorch(python);
  const rows = [];
  const k = (x) => `${Math.round(x / 1000)}k`;
  const s = (d) => (x) => x.toFixed(d);
  for (const batch of batches) {
    for (const model of models) {
      const runs = Object.fromEntries(workers.map((w) => [w, []]));
      const reference = [];
      for (let r = 0; r < repeats; r++) {
        for (const w of workers) runs[w].push(ours(dir, model, batch, w));
        if (torch) reference.push(torchRun(dir, model, batch));
        console.error(`done ${model} @${batch}, repeat ${r + 1}/${repeats}`);
      }
      const pick = (list, key) => list.map((x) => x[key]);
      for (const w of workers) {
        rows.push([
          `${model} @${batch}`,
          w,
          medianRange(pick(runs[w], 'samplesPerSecond'), k),
          medianRange(pick(reference, 'samplesPerSecond'), k),
          medianRange(
            reference.map((t, r) => runs[w][r].samplesPerSecond / t.samplesPerSecond),
            s(2),
          ),
          medianRange(pick(runs[w], 'secondsPerEpoch'), s(2)),
          medianRange(pick(reference, 'secondsPerEpoch'), s(2)),
          medianRange(pick(runs[w], 'evalSecondsFull'), s(2)),
          medianRange(pick(reference, 'evalSecondsFull'), s(2)),
          medianRange(pick(runs[w], 'peakRssMiB'), s(0)),
          medianRange(pick(reference, 'peakRssMiB'), s(0)),
        ]);
      }
    }
  }
  console.log(
    `ML-100K, ${epochs} epochs per run, 4 negatives, 8 factors, ${repeats} repeat(s): median (min–max) over repeats`,
  );
  table(
    [
      'model @batch',
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
