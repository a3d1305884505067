// One model's full-ranking evaluation time in its own process (so peak RSS is this model's), printing one JSON line.
// Used by eval-speed.bench.mjs:   node bench/eval-speed-worker.mjs <splitDir> <model> <repeats>
import { loadNcfRatings } from '@recsys/data';
import { NeuralRecommender, recommenderEntry } from '@recsys/models';
import { fullRankingSeconds, median, peakRssMiB } from './shared.mjs';

const [dir, name, repeats = '3'] = process.argv.slice(2);
const { interactions: train } = await loadNcfRatings(`${dir}/train.rating`);
const model = recommenderEntry(name).create({});
// One epoch is enough to time scoring: the weights' values do not change its cost.
const neural = model instanceof NeuralRecommender;
await model.fit(train, neural ? { epochs: 1, progress: false, log: () => {} } : { log: () => {} });
const seconds = [];
for (let r = 0; r < Number(repeats); r++) seconds.push(await fullRankingSeconds(model, train, dir));
console.log(JSON.stringify({ seconds, median: median(seconds), peakRssMiB: await peakRssMiB() }));
