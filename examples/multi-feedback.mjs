// Purchases predicted from views, carts and favourites (multiple implicit feedback): the multi-feedback model with
// negatives drawn from the items a user only viewed/carted (the paper's sampler) and with uniform negatives, beside
// BPR-MF trained on purchases alone. Leave-one-out on purchases; supportive events that would leak a held-out
// purchase are dropped and counted.
// Run from the repository root after `pnpm build`:  node examples/multi-feedback.mjs
//
// The log is made here so the example runs anywhere: 400 shoppers, 300 items in 10 categories; a shopper browses
// their two favourite categories, carts some of what they viewed and buys some of what they carted. With Taobao:
//   const { interactions } = await loadTaobao('taobao-userbehavior-head/UserBehavior_head814users.csv');
import { Interactions, Random, sampleTestNegatives, targetLeaveOneOut } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { BPRMF, MultiFeedbackNCF } from '@recsys/models';

const random = new Random(3);
const BEHAVIOURS = ['pv', 'cart', 'fav', 'buy'];
const [numUsers, numItems, categories] = [400, 300, 10];
const columns = { users: [], items: [], behaviours: [], timestamps: [] };
const event = (user, item, behaviour, time) => {
  columns.users.push(user);
  columns.items.push(item);
  columns.behaviours.push(BEHAVIOURS.indexOf(behaviour));
  columns.timestamps.push(time);
};
for (let user = 0; user < numUsers; user++) {
  const liked = [random.int(categories), random.int(categories)];
  let time = 0;
  for (let k = 0; k < 25; k++) {
    // 80% of views in a liked category (items of category c are c, c + 10, c + 20, …).
    const category = random.next() < 0.8 ? liked[random.int(2)] : random.int(categories);
    const item = category + categories * random.int(numItems / categories);
    event(user, item, 'pv', ++time);
    if (random.next() < 0.35) {
      event(user, item, random.next() < 0.7 ? 'cart' : 'fav', ++time);
      if (random.next() < 0.6) event(user, item, 'buy', ++time);
    }
  }
}
const log = Interactions.fromColumns(
  {
    users: Int32Array.from(columns.users),
    items: Int32Array.from(columns.items),
    behaviours: Uint8Array.from(columns.behaviours),
    timestamps: Float64Array.from(columns.timestamps),
  },
  { numUsers, numItems, behaviourNames: BEHAVIOURS },
);

// Leave-one-out on purchases: each shopper's latest purchase is the test case.
const { train, test, report } = targetLeaveOneOut(log, { target: 'buy' });
console.log(
  `${log.size} events; ${report.testCases} test purchases; ${report.usersWithoutTest + report.usersWithoutTarget} ` +
    `shoppers without a test case; ${report.leakedSupportiveRows} supportive events at or after a test purchase ` +
    `dropped, ${report.earlierSupportiveRows} earlier ones kept`,
);
// 99 negatives per test case among the items the shopper never touched in any way; full ranking leaves out the
// items they bought in training.
const negatives = sampleTestNegatives(log, test, { count: 99, seed: 1 });
const purchases = train.ofBehaviour('buy');

const runs = [
  ['multi-feedback, supportive negatives', new MultiFeedbackNCF({ factors: 8 }), train],
  ['multi-feedback, uniform negatives', new MultiFeedbackNCF({ factors: 8, negativeSampler: 'uniform' }), train],
  ['BPR-MF on purchases only', new BPRMF({ factors: 8 }), purchases],
];
for (const [name, model, data] of runs) {
  await model.fit(data, { epochs: 20, learningRate: 0.005, seed: 1, progress: false });
  const sampled = await evaluateSampled(model, negatives, { k: 10 });
  const full = await evaluateFullRanking(model, purchases, test, { k: 10 });
  const draws = model.negativeDraws ? ` (negatives: ${JSON.stringify(model.negativeDraws)})` : '';
  console.log(
    `${name.padEnd(38)} sampled HR@10 ${sampled.metrics.hr.toFixed(3)} NDCG@10 ${sampled.metrics.ndcg.toFixed(3)}` +
      `  full HR@10 ${full.metrics.hr.toFixed(3)}${draws}`,
  );
}
