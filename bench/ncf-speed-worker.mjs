// One timed run of our GMF / MLP / NeuMF in its own process (so peak RSS is this run's), printing one JSON line.
// Used by ncf-speed.bench.mjs:  node bench/ncf-speed-worker.mjs <splitDir> <model> <batchSize> <epochs> [workers]
import { loadNcfRatings } from '@recsys/data';
import { GMF, MLP, NeuMF } from '@recsys/models';
import { fullRankingSeconds, median, peakRssMiB } from './shared.mjs';

const [dir, name, batch, epochs, workers = '1'] = process.argv.slice(2);
const { interactions: train } = await loadNcfRatings(`${dir}/train.rating`);
const model =
  name === 'gmf' ? new GMF({ factors: 8 }) : name === 'mlp' ? new MLP({ factors: 8 }) : new NeuMF({ factors: 8 });
const report = await model.fit(train, {
  epochs: Number(epochs),
  batchSize: Number(batch),
  workers: Number(workers),
  progress: false,
  log: () => {},
});
const stepSeconds = report.history.epochs.map((e) => e.stepSeconds);
const samplingSeconds = report.history.epochs.map((e) => e.samplingSeconds);
const samples = report.history.epochs[0].samples;
console.log(
  JSON.stringify({
    samplesPerSecond: samples / median(stepSeconds),
    samplesPerSecondWithSampling: samples / median(stepSeconds.map((s, k) => s + samplingSeconds[k])),
    secondsPerEpoch: median(stepSeconds.map((s, k) => s + samplingSeconds[k])),
    evalSecondsFull: await fullRankingSeconds(model, train, dir),
    peakRssMiB: await peakRssMiB(),
  }),
);
