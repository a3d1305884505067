// Load a ratings file, look at the load report, split it leave-one-out by time, sample test negatives and check them.
// Run from the repository root after `pnpm build`:
//   node examples/load-and-split.mjs ../shared/data/ml-100k/u.data
// Without an argument it writes a small MovieLens-style file of synthetic ratings first.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTestNegatives, leaveOneOut, loadInteractions, sampleTestNegatives, synthetic } from '@recsys/data';

let path = process.argv[2];
if (!path) {
  const { interactions: log } = synthetic({ users: 100, items: 300, seed: 3 });
  const lines = [];
  for (let r = 0; r < log.size; r++) {
    lines.push(
      [log.userIds.raw(log.users[r]), log.itemIds.raw(log.items[r]), log.values[r], log.timestamps[r]].join('\t'),
    );
  }
  path = join(mkdtempSync(join(tmpdir(), 'recsys-example-')), 'u.data');
  writeFileSync(path, lines.join('\n') + '\n');
}

// Streaming load; malformed lines are errors unless `lenient`, duplicates follow a policy, and all is reported.
const { interactions, report } = await loadInteractions(path, { format: 'movielens', duplicates: 'keep-latest' });
console.log('load report:', report);
console.log(`${interactions.numUsers} users, ${interactions.numItems} items, ${interactions.size} rows`);

// Latest interaction per user → test, second latest → validation; all parts share one index space.
const { train, validation, test, report: split } = leaveOneOut(interactions, { validation: true });
console.log(`train ${train.size}, validation ${validation.size}, test ${test.size}`, split);

// 99 negatives per test case, seeded, never an item the user interacted with.
const negatives = sampleTestNegatives(interactions, test, { count: 99, seed: 42 });
console.log('negatives check:', checkTestNegatives(negatives, interactions));

// CSR / CSC views: a user's items and an item's users, as typed-array views.
console.log(
  'user 0 items:',
  [...interactions.itemsOf(0)].slice(0, 10).map((i) => interactions.itemIds.raw(i)),
);
