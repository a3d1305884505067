// Training speed of DMF and DELF against a PyTorch reference of the same models (bench/pytorch/dmf_delf_reference.py,
// Debian's python3-torch; skipped if absent), side by side in one run on the same machine, each run in its own process.
// ML-100K leave-one-out split. DMF-2: towers 256-64, nce, 7 negatives, Adam 1e-4. DELF-MLP: 32 factors, 4 negatives,
// Adam 1e-3, histories capped at the T most recent entries (T = 50, 200 and all: a step's cost grows with T only).
// Figures: samples/s = (positives + negatives) per second of training steps, median over epochs; ratio = ours / torch.
// Also s/epoch (steps + sampling), full-ranking evaluation seconds and peak RSS.
//
//   pnpm bench dmf-delf-speed     (EPOCHS=2 BATCH=256 RUNS=dmf,delf:50,delf:200,delf:0; TORCH=0 runs ours only;
//                                 EVAL=0 skips the full-ranking evaluation on both sides)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTorch, lastJsonLine, median, sharedData, table, writeSpeedSplit } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const epochs = process.env.EPOCHS ?? '2';
const batch = process.env.BATCH ?? '256';
const runs = (process.env.RUNS ?? 'dmf,delf:50,delf:200,delf:0').split(',').map((run) => run.split(':'));
const evaluate = process.env.EVAL !== '0';
const here = fileURLToPath(new URL('.', import.meta.url));
const python = '/usr/bin/python3';

if (path) {
  const dir = await writeSpeedSplit(path, 'recsys-dmf-delf-speed-');
  const torch = process.env.TORCH !== '0' && hasTorch(python);
  const rows = [];
  for (const [model, cap = '50'] of runs) {
    const ours = lastJsonLine(
      execFileSync(
        process.execPath,
        [join(here, 'dmf-delf-speed-worker.mjs'), dir, model, batch, epochs, cap, evaluate ? '1' : '0'],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      ),
    );
    let reference;
    if (torch) {
      const flags = model === 'dmf' ? ['--layers', '256,64'] : ['--factors', '32', '--history-cap', cap];
      const r = lastJsonLine(
        execFileSync(
          python,
          [join(here, 'pytorch', 'dmf_delf_reference.py'), '--data', dir, '--model', model, ...flags,
            '--batch-size', batch, '--epochs', epochs, '--seed', '1', ...(evaluate ? [] : ['--skip-eval'])], // prettier-ignore
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
        ),
      );
      reference = {
        samplesPerSecond: r.train_samples_per_epoch / median(r.epoch_train_seconds),
        secondsPerEpoch: r.seconds_per_epoch + r.sampling_seconds_per_epoch,
        evalSecondsFull: r.eval_seconds_full,
        peakRssMiB: r.peak_rss_mib,
      };
    }
    const k = (x) => (x == null ? '-' : `${(x / 1000).toFixed(1)}k`);
    const s = (x, d = 1) => (x == null ? '-' : x.toFixed(d));
    rows.push([
      model === 'dmf' ? 'dmf' : `delf T=${cap === '0' ? '∞' : cap}`,
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
    console.error(`done ${model} ${cap}`);
  }
  console.log(`ML-100K, batch ${batch}, ${epochs} epochs per run; samples/s = median over epochs of training steps`);
  table(
    [
      'run',
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
