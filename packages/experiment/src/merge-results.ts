import type { ComparisonResult, ComparisonRun } from './comparison-result.js';
import { PerUserValues, summarise } from './summarise.js';

/**
 * One comparison from several that ran the same settings on different seeds (or models): a long comparison split
 * over processes — one per core, say, `seeds: [1, 2]` in one and `[3]` in the other — reported as one. Its summary
 * (means and 95% intervals over all seeds) is computed anew; the paired tests are not, since results.json does not
 * keep the per-user values they need, so a merged table marks no model as significantly worse.
 *
 * A model × seed present in several results must agree exactly (the same split and model give the same figures: a
 * deterministic baseline repeated in each process); it is kept once.
 *
 * @example
 * ```ts
 * const merged = mergeResults([JSON.parse(a), JSON.parse(b)]);
 * console.log(renderTable(merged));
 * ```
 * @throws RangeError when fewer than one result is given, when the results differ in data, split kind, protocols,
 *   negatives, cut-offs, selection or budget (naming the first difference), or when a model × seed has different
 *   figures in two results.
 */
export function mergeResults(results: readonly ComparisonResult[]): ComparisonResult {
  if (results.length === 0) throw new RangeError('mergeResults: no result to merge');
  const [first, ...others] = results as [ComparisonResult, ...ComparisonResult[]];
  const setting = (r: ComparisonResult) => ({
    data: r.data,
    split: r.split.kind,
    protocols: r.protocols,
    negatives: r.negatives,
    ks: r.ks,
    selection: r.selection,
    budget: r.budget,
  });
  const reference = setting(first);
  others.forEach((result, k) => {
    const mine = setting(result);
    for (const key of Object.keys(reference) as (keyof typeof reference)[]) {
      if (JSON.stringify(mine[key]) !== JSON.stringify(reference[key])) {
        throw new RangeError(
          `mergeResults: result ${k + 2} differs from the first in ${key} (${JSON.stringify(mine[key])} against ` +
            `${JSON.stringify(reference[key])}): only runs of the same settings can be merged`,
        );
      }
    }
  });
  const runs = new Map<string, ComparisonRun>();
  for (const result of results) {
    for (const run of result.runs) {
      const key = `${run.model}\u0000${run.seed}`;
      const kept = runs.get(key);
      if (kept && JSON.stringify(kept.metrics) !== JSON.stringify(run.metrics)) {
        throw new RangeError(
          `mergeResults: ${run.model} on seed ${run.seed} has different test figures in two results: not the same ` +
            'split or settings',
        );
      }
      if (!kept) runs.set(key, run);
    }
  }
  const seeds = [...new Set(results.flatMap((r) => r.seeds))].sort((a, b) => a - b);
  const order = [...new Set(results.flatMap((r) => r.runs.map((run) => run.model)))];
  const merged = [...runs.values()].sort((a, b) => a.seed - b.seed || order.indexOf(a.model) - order.indexOf(b.model));
  return {
    ...first,
    started: results.map((r) => r.started).sort()[0]!,
    finished: results
      .map((r) => r.finished)
      .sort()
      .at(-1)!,
    seeds,
    runs: merged,
    // No per-user values in a results.json: means and intervals only, no paired tests.
    summary: summarise(merged, new PerUserValues(), seeds),
    skipped: results.flatMap((r) => r.skipped),
  };
}
