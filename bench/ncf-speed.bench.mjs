// Training speed of GMF / MLP / NeuMF against a PyTorch reference of the same models and protocol, side by side in one
// run on the same machine (bench/pytorch/ncf_reference.py, run with Debian's python3-torch; skipped if absent).
// ML-100K leave-one-out split, 4 negatives per positive, 8 factors, Adam; each run in its own process.
// Figures: samples/s = (positives + negatives) per second of training steps, median over epochs; the ratio is ours
// over PyTorch's. Also s/epoch (steps + negative sampling), full-ranking evaluation seconds, and peak RSS.
//
//   pnpm bench ncf-speed              (EPOCHS=3 BATCHES=256,1024 MODELS=gmf,mlp,neumf)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTorch, lastJsonLine, median, sharedData, table, writeSpeedSplit } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const epochs = process.env.EPOCHS ?? '3';
const batches = (process.env.BATCHES ?? '256,1024').split(',');
const models = (process.env.MODELS ?? 'gmf,mlp,neumf').split(',');
const here = fileURLToPath(new URL('.', import.meta.url));
const python = '/usr/bin/python3';

if (path) {
  const dir = await writeSpeedSplit(path, 'recsys-speed-');
  const torch = hasTorch(python);
  const rows = [];
  for (const batch of batches) {
    for (const model of models) {
      const ours = lastJsonLine(
        execFileSync(process.execPath, [join(here, 'ncf-speed-worker.mjs'), dir, model, batch, epochs], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      );
      let reference;
      if (torch) {
        const out = execFileSync(
          python,
          [
            join(here, 'pytorch', 'ncf_reference.py'),
            '--data',
            dir,
            '--model',
            model,
            '--factors',
            '8',
            '--batch-size',
            batch,
            '--epochs',
            epochs,
            '--seed',
            '1',
          ],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
        );
        const r = lastJsonLine(out);
        reference = {
          samplesPerSecond: r.train_samples_per_epoch / median(r.epoch_train_seconds),
          secondsPerEpoch: r.seconds_per_epoch + r.sampling_seconds_per_epoch,
          evalSecondsFull: r.eval_seconds_full,
          peakRssMiB: r.peak_rss_mib,
        };
      }
      const k = (x) => (x === undefined ? '-' : `${Math.round(x / 1000)}k`);
      const s = (x, d = 2) => (x === undefined ? '-' : x.toFixed(d));
      rows.push([
        `${model} @${batch}`,
        k(ours.samplesPerSecond),
        k(reference?.samplesPerSecond),
        reference ? (ours.samplesPerSecond / reference.samplesPerSecond).toFixed(2) : '-',
        s(ours.secondsPerEpoch),
        s(reference?.secondsPerEpoch),
        s(ours.evalSecondsFull),
        s(reference?.evalSecondsFull),
        s(ours.peakRssMiB, 0),
        s(reference?.peakRssMiB, 0),
      ]);
      console.error(`done ${model} @${batch}`);
    }
  }
  console.log(
    `ML-100K, ${epochs} epochs per run, 4 negatives, 8 factors; samples/s = median over epochs of training steps`,
  );
  table(
    [
      'model @batch',
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
