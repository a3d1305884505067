// One timed run of our DMF or DELF in its own process (so peak RSS is this run's), printing one JSON line.
// Used by dmf-delf-speed.bench.mjs:
//   node bench/dmf-delf-speed-worker.mjs <splitDir> <dmf|delf> <batchSize> <epochs> [historyCap] [evaluate 1|0] [workers]
import { loadNcfRatings } from '@recsys/data';
import { DELF, DMF } from '@recsys/models';
import { fullRankingSeconds, median, peakRssMiB } from './shared.mjs';

const [dir, name, batch, epochs, cap = '50', evaluate = '1', workers = '1'] = process.argv.slice(2);
const { interactions: train } = await loadNcfRatings(`${dir}/train.rating`);
// The PyTorch reference's settings: DMF-2 (256-64, nce, 7 negatives, Adam 1e-4); DELF-MLP (32 factors, 4 negatives).
const model = name === 'dmf' ? new DMF({ layers: [256, 64] }) : new DELF({ factors: 32, historyCap: Number(cap) });
const report = await model.fit(train, {
  epochs: Number(epochs),
  batchSize: Number(batch),
  workers: Number(workers),
  progress: false,
  log: () => {},
});
const stepSeconds = report.history.epochs.map((e) => e.stepSeconds);
const samplingSeconds = report.history.epochs.map((e) => e.samplingSeconds);
console.log(
  JSON.stringify({
    samplesPerSecond: report.history.epochs[0].samples / median(stepSeconds),
    secondsPerEpoch: median(stepSeconds.map((s, k) => s + samplingSeconds[k])),
    evalSecondsFull: evaluate === '1' ? await fullRankingSeconds(model, train, dir) : undefined,
    peakRssMiB: await peakRssMiB(),
  }),
);
