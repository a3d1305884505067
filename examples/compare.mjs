// A fair comparison in one call: classic baselines, a neural model and your own model, tuned on validation only,
// refit, tested once with sampled and full-ranking metrics over 2 seeds; then the reports.
// Run from the repository root after `pnpm build`:  node examples/compare.mjs   (about a minute)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthetic } from '@recsys/data';
import { compare, registeredModel, renderHtml, renderTable } from '@recsys/experiment';
import { BaseRecommender } from '@recsys/models';

const { interactions } = synthetic({ users: 400, items: 600, seed: 1 });

// Your own model takes part through the Recommender interface and a search space: here, popularity over the most
// recent share of the log only (trends beat all-time hits when tastes drift), the share tuned on validation.
class RecentPop extends BaseRecommender {
  name = 'recent-pop';
  constructor(share) {
    super();
    this.share = share;
  }
  async fitModel(train) {
    const order = [...train.timestamps.keys()].sort((a, b) => train.timestamps[a] - train.timestamps[b]);
    this.counts = new Float32Array(train.numItems);
    for (const row of order.slice(Math.floor(order.length * (1 - this.share)))) this.counts[train.items[row]]++;
  }
  async score(users, items) {
    return Float32Array.from(items, (item) => this.counts[item] ?? 0); // a cold item counts 0
  }
  config() {
    return { share: this.share };
  }
  arrays() {
    return { counts: this.counts };
  }
}
const recentPop = { name: 'recent-pop', space: { share: [0.1, 0.3, 1] }, create: ({ share }) => new RecentPop(share) };

const result = await compare({
  data: interactions,
  name: 'synthetic 400 × 600',
  models: [
    'itempop',
    recentPop,
    'itemknn',
    registeredModel('ease', { lambda: [50, 200] }), // a search space of your own for a built-in model
    'ials',
    registeredModel('gmf', { factors: [16], learningRate: [0.005] }),
  ],
  seeds: 2,
  ks: [10, 20],
  maxEpochs: 10,
  onProgress: ({ message }) => console.error(message),
});

console.log(renderTable(result));
const dir = mkdtempSync(join(tmpdir(), 'recsys-compare-'));
writeFileSync(join(dir, 'results.json'), JSON.stringify(result, null, 2));
writeFileSync(join(dir, 'report.html'), renderHtml(result));
console.log(`\nreport: ${join(dir, 'report.html')} (results.json beside it; \`recsys report\` redraws it)`);
