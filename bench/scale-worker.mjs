// One model of scale.bench.mjs in its own process (so peak RSS is this model's): the same log over a catalogue of
// `items` items and over one 100× larger (item ids spread ×100), two epochs each; prints one JSON line.
//   node bench/scale-worker.mjs <model> <users> <items>
import { Interactions, synthetic } from '@recsys/data';
import { BPRMF, DELF, DMF, GMF, MF, MLP, MultiFeedbackNCF, NeuMF } from '@recsys/models';
import { peakRssMiB } from './shared.mjs';

const [name, users, items] = process.argv.slice(2);
const make = {
  gmf: () => new GMF({ factors: 8 }),
  mlp: () => new MLP({ factors: 8 }),
  neumf: () => new NeuMF({ factors: 8 }),
  'bpr-mf': () => new BPRMF({ factors: 8 }),
  mf: () => new MF({ factors: 8 }),
  dmf: () => new DMF({ layers: [256, 64], input: 'binary' }),
  delf: () => new DELF({ factors: 32, historyCap: 50 }),
  'multi-feedback': () => new MultiFeedbackNCF({ factors: 8 }),
}[name];
if (make === undefined) throw new Error(`scale-worker: unknown model ${name}`);

const { interactions: log } = synthetic({
  users: Number(users),
  items: Number(items),
  interactionsPerUser: 30,
  seed: 1,
});
// The multi-feedback model needs behaviours: every third row a purchase (the target), the rest carts (supportive).
const behaviours = name === 'multi-feedback' ? Uint8Array.from(log.users, (_, k) => (k % 3 === 0 ? 1 : 0)) : undefined;
const over = (items, numItems) =>
  Interactions.fromColumns(
    { users: log.users, items, timestamps: log.timestamps, ...(behaviours && { behaviours }) },
    { numItems, ...(behaviours && { behaviourNames: ['cart', 'buy'] }) },
  );
const small = over(log.items, log.numItems);
const large = over(
  log.items.map((i) => i * 100),
  log.numItems * 100,
);
const result = { model: name, rows: log.size, epochSeconds: {} };
for (const [label, data] of [
  ['small', small],
  ['large', large],
]) {
  const model = make();
  const report = await model.fit(data, { epochs: 2, progress: false, log: () => {} });
  const last = report.history.epochs[1];
  result.epochSeconds[label] = last.stepSeconds + last.samplingSeconds;
  result.samples = last.samples;
  model.dispose();
}
result.peakRssMiB = await peakRssMiB();
console.log(JSON.stringify(result));
