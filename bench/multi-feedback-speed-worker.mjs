// One timed training run on the EHCF Taobao data (buy.train + cart) in its own process (so peak RSS is this run's),
// printing one JSON line. Used by multi-feedback-speed.bench.mjs:
//   node bench/multi-feedback-speed-worker.mjs <ehcfDir> <multi-feedback|multi-feedback-uniform|neumf> <epochs> <batch> [workers]
import { IdMap, loadInteractions, mergeBehaviourLogs } from '@recsys/data';
import { MultiFeedbackNCF, NeuMF } from '@recsys/models';
import { median, peakRssMiB } from './shared.mjs';

const [dir, name, epochs, batch, workers = '1'] = process.argv.slice(2);
const maps = { userIds: new IdMap(), itemIds: new IdMap() };
const csv = { delimiter: '\t', header: true, columns: { user: 'uid', item: 'sid' } };
const load = async (file) => (await loadInteractions(`${dir}/${file}`, { format: 'csv', csv, ...maps })).interactions;
const buy = await load('buy.train.txt');
const cart = await load('cart.csv');
const log = mergeBehaviourLogs([
  { name: 'buy', log: buy },
  { name: 'cart', log: cart },
]);
// Both at the NCF default of 8 factors (tower 32-16-8), 3 negatives per purchase, Adam 1e-3.
const model =
  name === 'neumf'
    ? new NeuMF({ factors: 8 })
    : new MultiFeedbackNCF({ factors: 8, negativeSampler: name === 'multi-feedback' ? 'supportive' : 'uniform' });
const train = name === 'neumf' ? log.ofBehaviour('buy') : log;
const report = await model.fit(train, {
  epochs: Number(epochs),
  batchSize: Number(batch),
  negatives: 3,
  workers: Number(workers),
  ...(name === 'neumf' && { loss: 'bpr' }),
  progress: false,
  log: () => {},
});
const stepSeconds = report.history.epochs.map((e) => e.stepSeconds);
const samplingSeconds = report.history.epochs.map((e) => e.samplingSeconds);
console.log(
  JSON.stringify({
    users: log.numUsers,
    items: log.numItems,
    samples: report.history.epochs[0].samples,
    samplesPerSecond: report.history.epochs[0].samples / median(stepSeconds),
    secondsPerEpoch: median(stepSeconds.map((s, k) => s + samplingSeconds[k])),
    peakRssMiB: await peakRssMiB(),
  }),
);
