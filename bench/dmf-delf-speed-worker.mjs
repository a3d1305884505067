// One timed run of our DMF or DELF in its own process (so peak RSS is this run's), printing one JSON line.
// Used by dmf-delf-speed.bench.mjs:
//   node bench/dmf-delf-speed-worker.mjs <splitDir> <dmf|delf> <batchSize> <epochs> [historyCap] [evaluate 1|0]
import { Interactions, loadInteractions, loadNcfRatings } from '@recsys/data';
import { evaluateFullRanking } from '@recsys/eval';
import { DELF, DMF } from '@recsys/models';
import { peakRssMiB } from './shared.mjs';

const [dir, name, batch, epochs, cap = '50', evaluate = '1'] = process.argv.slice(2);
const { interactions: train } = await loadNcfRatings(`${dir}/train.rating`);
const { interactions: test } = await loadInteractions(`${dir}/test.rating`, {
  format: 'ncf',
  userIds: train.userIds.clone(),
  itemIds: train.itemIds.clone(),
});
// The PyTorch reference's settings: DMF-2 (256-64, nce, 7 negatives, Adam 1e-4); DELF-MLP (32 factors, 4 negatives).
const model = name === 'dmf' ? new DMF({ layers: [256, 64] }) : new DELF({ factors: 32, historyCap: Number(cap) });
const report = await model.fit(train, {
  epochs: Number(epochs),
  batchSize: Number(batch),
  progress: false,
  log: () => {},
});
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const stepSeconds = report.history.epochs.map((e) => e.stepSeconds);
const samplingSeconds = report.history.epochs.map((e) => e.samplingSeconds);
const samples = report.history.epochs[0].samples;
let evalSeconds;
if (evaluate === '1') {
  const start = performance.now();
  // Test items never seen in training are dropped here: this run measures speed, not accuracy.
  const kept = test.filter((r) => test.users[r] < train.numUsers && test.items[r] < train.numItems);
  await evaluateFullRanking(
    model,
    train,
    Interactions.fromColumns({ users: kept.users, items: kept.items }, train.sameSpace()),
    { k: 10 },
  );
  evalSeconds = (performance.now() - start) / 1000;
}
console.log(
  JSON.stringify({
    samplesPerSecond: samples / median(stepSeconds),
    secondsPerEpoch: median(stepSeconds.map((s, k) => s + samplingSeconds[k])),
    evalSecondsFull: evalSeconds,
    peakRssMiB: await peakRssMiB(),
  }),
);
