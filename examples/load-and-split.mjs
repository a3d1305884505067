// Load a ratings file, look at the load report, split it leave-one-out by time, sample test negatives and check them.
// Run from the repository root after `pnpm build`:
//   node examples/load-and-split.mjs ../shared/data/ml-100k/u.data
// Without an argument it writes a small MovieLens-style file of synthetic ratings first.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertNegativesMatch,
  checkTestNegatives,
  leaveOneOut,
  loadInteractions,
  negativesPerCase,
  sampleTestNegatives,
  synthetic,
} from '@recsys/data';

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

// Latest interaction per user → test, the latest of another item → validation; other rows of a held-out (user, item)
// pair leave train (counted in report.heldOutPairRows). All parts share one index space.
const { train, validation, test, report: split } = leaveOneOut(interactions, { validation: true });
console.log(`train ${train.size}, validation ${validation.size}, test ${test.size}`, split);

// 99 negatives per test case, seeded, never an item the user interacted with.
const negatives = sampleTestNegatives(interactions, test, { count: 99, seed: 42 });
console.log('negatives check:', checkTestNegatives(negatives, interactions));

// Before evaluating with negatives read from a file: they must belong to the test file (same heads, one case per
// pair) and list equally many negatives per case. Validation negatives here, against the test log, are refused.
assertNegativesMatch(negatives, test, { negatives: 'the sampled negatives', heldOut: 'the test split' });
console.log('negatives per case:', negativesPerCase(negatives));
const validationNegatives = sampleTestNegatives(interactions, validation, { count: 99, seed: 43 });
try {
  assertNegativesMatch(validationNegatives, test, { negatives: 'validation negatives', heldOut: 'the test split' });
} catch (error) {
  console.log('refused:', error.message.slice(0, 120) + '…');
}

// CSR / CSC views: a user's items and an item's users, as typed-array views.
console.log(
  'user 0 items:',
  [...interactions.itemsOf(0)].slice(0, 10).map((i) => interactions.itemIds.raw(i)),
);
