// Training speed and memory of the multi-feedback model on the EHCF Taobao data (48,749 users, 39,493 items; 211,022
// purchases and 193,747 carts), beside NeuMF on the purchases alone, each run in its own process. The same settings on
// both sides: 8 factors, tower 32-16-8, 3 negatives per purchase, BPR, Adam 1e-3, batch BATCH.
// Figures: samples/s = (positives + negatives) per second of training steps, median over epochs; s/epoch (steps and
// sampling); peak RSS. Each run on one thread and on W worker threads (`fit(train, { workers: W })`).
//   pnpm bench multi-feedback-speed     (EPOCHS=2 BATCH=256 RUNS=multi-feedback,multi-feedback-uniform,neumf
//                                       WORKERS=1,2)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastJsonLine, sharedData, table } from './shared.mjs';

const dir = sharedData('taobao-ehcf');
const epochs = process.env.EPOCHS ?? '2';
const batch = process.env.BATCH ?? '256';
const runs = (process.env.RUNS ?? 'multi-feedback,multi-feedback-uniform,neumf').split(',');
const workers = (process.env.WORKERS ?? '1,2').split(',');
const here = fileURLToPath(new URL('.', import.meta.url));

if (dir) {
  const rows = [];
  for (const name of runs) {
    for (const w of workers) {
      const args = [join(here, 'multi-feedback-speed-worker.mjs'), dir, name, epochs, batch, w];
      const result = lastJsonLine(
        execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
      );
      rows.push([
        name === 'neumf' ? 'neumf (purchases)' : `${name} (purchases + carts)`,
        w,
        result.samples.toLocaleString('en-US'),
        `${(result.samplesPerSecond / 1000).toFixed(1)}k`,
        result.secondsPerEpoch.toFixed(1),
        result.peakRssMiB.toFixed(0),
      ]);
      console.error(`done ${name}, ${w} worker(s)`);
    }
  }
  console.log(
    `EHCF Taobao, batch ${batch}, ${epochs} epochs per run; samples/s = median over epochs of training steps`,
  );
  table(['run', 'workers', 'samples/epoch', 'samples/s', 's/epoch', 'peak RSS MiB'], rows);
}
