// One (model, dataset) run of baselines.bench.mjs in its own process, so the peak RSS it prints is this run's alone.
// Prints one JSON line: the log's size, each fit's seconds (or the refusal), iALS's seconds per sweep, and
// process.resourceUsage().maxRSS. Model "none" only loads the data (the baseline RSS of the others).
//
//   node bench/baselines-worker.mjs <file> <movielens|ncf> <model|none> '<options JSON>' <repeats>
import { loadInteractions, loadNcfRatings } from '@recsys/data';
import { createRecommender } from '@recsys/models';

const [path, format, name, optionsJson = '{}', repeatsText = '1'] = process.argv.slice(2);
const { interactions } =
  format === 'movielens' ? await loadInteractions(path, { format: 'movielens' }) : await loadNcfRatings(path);
const out = { rows: interactions.size, users: interactions.numUsers, items: interactions.numItems, fits: [] };
if (name !== 'none') {
  try {
    for (let r = 0; r < Number(repeatsText); r++) {
      const model = createRecommender(name, JSON.parse(optionsJson));
      const report = await model.fit(interactions, { seed: 1, log: () => {} });
      out.fits.push(report.seconds);
      if (report.sweepSeconds) out.sweepSeconds = [...(out.sweepSeconds ?? []), ...report.sweepSeconds];
    }
  } catch (error) {
    out.refused = error.message;
  }
}
out.maxRssMiB = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
console.log(JSON.stringify(out));
