// Cold-start recommendation with DualNet: items nobody has interacted with yet are recommended from their content
// alone, a user who arrives after training is encoded from their history, and a saved model does both after loading.
// Run from the repository root after `pnpm build`:  node examples/cold-start.mjs
//
// The data is made here so the example runs anywhere: 300 users and 400 items in 8 topics; each item carries tags of
// its topic (and one random tag), each user likes two topics. With CiteULike instead:
//   const { interactions, content } = await loadCiteULike('citeulike-a/users.dat', { content: 'citeulike-a/item-tag.dat' });
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dualNetSplit, Interactions, Random } from '@recsys/data';
import { evaluateHoldout } from '@recsys/eval';
import { ContentProfile, DualNet, loadRecommender, RandomScores } from '@recsys/models';

const random = new Random(7);
const TOPICS = 8;
const TAGS_PER_TOPIC = 6;

// Item content: three tags of the item's topic and one tag of any topic, as sparse rows (CSR).
const numItems = 400;
const topicOf = (item) => item % TOPICS;
const ptr = new Int32Array(numItems + 1);
const indices = [];
for (let item = 0; item < numItems; item++) {
  const tags = new Set();
  while (tags.size < 3) tags.add(topicOf(item) * TAGS_PER_TOPIC + random.int(TAGS_PER_TOPIC));
  tags.add(random.int(TOPICS * TAGS_PER_TOPIC));
  indices.push(...[...tags].sort((a, b) => a - b));
  ptr[item + 1] = indices.length;
}
const content = {
  numRows: numItems,
  numFeatures: TOPICS * TAGS_PER_TOPIC,
  ptr,
  indices: Int32Array.from(indices),
  values: new Float32Array(indices.length).fill(1),
};

// Interactions: each user picks 15 items, 90% from their two topics.
const users = [];
const items = [];
for (let user = 0; user < 300; user++) {
  const liked = [random.int(TOPICS), random.int(TOPICS)];
  const chosen = new Set();
  while (chosen.size < 15) {
    const topic = random.next() < 0.9 ? liked[random.int(2)] : random.int(TOPICS);
    chosen.add(topic + TOPICS * random.int(numItems / TOPICS));
  }
  for (const item of chosen) {
    users.push(user);
    items.push(item);
  }
}
const log = Interactions.fromColumns({ users: Int32Array.from(users), items: Int32Array.from(items) });

// DualNet's split: 20% of the items held out entirely (cold), the known users' other pairs 3 : 1 : 1.
const { train, validation, test, outOfMatrix, coldItems, report } = dualNetSplit(log, { seed: 1 });
console.log(`${report.coldItems} cold items (no training row), ${report.train} training rows`);

const model = new DualNet({ units: [64, 32], design: 'branching' });
await model.fit(train, {
  itemFeatures: content,
  epochs: 15,
  learningRate: 3e-3,
  userBatch: 64,
  itemBatch: 128,
  seed: 1,
  progress: false,
});

// Out-of-matrix: each known user's rows on the cold items, ranked among the cold items only.
const known = Int32Array.from({ length: numItems }, (_, i) => i).filter((i) => train.itemDegree(i) > 0);
const baselines = [new ContentProfile(), new RandomScores()];
await baselines[0].fit(train, { itemFeatures: content });
await baselines[1].fit(train, { seed: 1 });
for (const scorer of [model, ...baselines]) {
  const inMatrix = await evaluateHoldout(scorer, train, test, { k: 20, exclude: [validation], candidates: known });
  const cold = await evaluateHoldout(scorer, train, outOfMatrix, { k: 20, candidates: coldItems });
  console.log(
    `${scorer.name.padEnd(8)} Recall@20 in-matrix ${inMatrix.metrics.recall.toFixed(3)}, ` +
      `out-of-matrix ${cold.metrics.recall.toFixed(3)}`,
  );
}

// New items only: recommend among the cold items for user 0.
const forUser = await model.recommend(0, 5, { candidates: coldItems });
console.log('user 0, new items only:', forUser.map((r) => `${r.item} (topic ${topicOf(r.item)})`).join(', '));

// A user who joined after training, known only by a history of topic-3 items.
const history = Int32Array.from(known.filter((i) => topicOf(i) === 3).slice(0, 6));
const newcomer = await model.recommendFromHistory(history, 5, { candidates: coldItems });
console.log('a new user who read topic 3:', newcomer.map((r) => `${r.item} (topic ${topicOf(r.item)})`).join(', '));

// Save → load: the model keeps its encoders and the items' content, so it still scores cold items.
const dir = join(mkdtempSync(join(tmpdir(), 'recsys-cold-start-')), 'dualnet');
await model.save(dir);
const loaded = await loadRecommender(dir);
const again = await loaded.recommend(0, 5, { candidates: coldItems });
console.log(
  `saved to ${dir}; the loaded model recommends the same: ${JSON.stringify(again) === JSON.stringify(forUser)}`,
);
