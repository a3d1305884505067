// Speed of the data and evaluation path: synthetic generation, leave-one-out, negative sampling, and full-ranking
// evaluation with a trivial scorer (the protocol's own cost), at two catalogue sizes.
import { leaveOneOut, sampleTestNegatives, synthetic } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { ItemPop } from '@recsys/models';
import { peakRssMiB, table, timed } from './shared.mjs';

const rows = [];
for (const [users, items] of [
  [10_000, 10_000],
  [10_000, 100_000],
]) {
  const [{ interactions }, genSeconds] = await timed(() => synthetic({ users, items, seed: 1 }));
  const [{ train, test }, splitSeconds] = await timed(() => leaveOneOut(interactions));
  const [negatives, negSeconds] = await timed(() => sampleTestNegatives(interactions, test, { count: 99, seed: 1 }));
  const model = new ItemPop();
  await model.fit(train);
  const [, sampledSeconds] = await timed(() => evaluateSampled(model, negatives));
  const [, fullSeconds] = await timed(() => evaluateFullRanking(model, train, test));
  const pairs = users * items;
  rows.push([
    `${users} × ${items}`,
    interactions.size,
    genSeconds.toFixed(2),
    splitSeconds.toFixed(3),
    negSeconds.toFixed(3),
    sampledSeconds.toFixed(3),
    fullSeconds.toFixed(2),
    (pairs / fullSeconds / 1e6).toFixed(1),
  ]);
}
table(
  ['users × items', 'rows', 'generate s', 'split s', 'negatives s', 'sampled eval s', 'full eval s', 'M pairs/s'],
  rows,
);
console.log(`peak RSS ${(await peakRssMiB()).toFixed(0)} MiB`);
