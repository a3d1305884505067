// Catalogue-size scaling: the same interactions over 10k items and over 1M items (item ids spread ×100), one epoch of
// GMF and NeuMF each. With sparse tables and lazy optimizer updates the epoch should cost about the same.
//
//   pnpm bench scale
import { Interactions, synthetic } from '@recsys/data';
import { GMF, NeuMF } from '@recsys/models';
import { peakRssMiB, table, timed } from './shared.mjs';

const { interactions: small } = synthetic({ users: 10_000, items: 10_000, interactionsPerUser: 30, seed: 1 });
const large = Interactions.fromColumns(
  { users: small.users, items: small.items.map((i) => i * 100), timestamps: small.timestamps },
  { numItems: 1_000_000 },
);
const rows = [];
for (const [name, make] of [
  ['gmf', () => new GMF({ factors: 8 })],
  ['neumf', () => new NeuMF({ factors: 8 })],
]) {
  const epoch = {};
  for (const [label, log] of [
    ['10k items', small],
    ['1M items', large],
  ]) {
    const model = make();
    const [report, seconds] = await timed(() => model.fit(log, { epochs: 2, progress: false, log: () => {} }));
    const last = report.history.epochs[1];
    epoch[label] = last.stepSeconds + last.samplingSeconds;
    rows.push([name, label, log.size, log.numItems, epoch[label].toFixed(2), seconds.toFixed(2)]);
    model.dispose();
  }
  rows.push([name, 'ratio 1M / 10k', '', '', (epoch['1M items'] / epoch['10k items']).toFixed(2), '']);
}
table(['model', 'catalogue', 'rows', 'items', 'epoch s (2nd epoch)', 'fit s (2 epochs, incl. setup)'], rows);
console.log(`peak RSS ${(await peakRssMiB()).toFixed(0)} MiB`);
