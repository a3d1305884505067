import type { Interactions } from '@recsys/data';
import { evaluateAgainstAllItems, type FullRankingOptions } from './full-ranking.js';
import type { EvaluationResult } from './result.js';
import type { Scorer } from './scorer.js';

/** Options of {@link evaluateHoldout}: as full ranking, with the cutoff M as `k` (default 50). */
export type HoldoutEvaluationOptions = FullRankingOptions;

/**
 * Holdout evaluation (DualNet's Recall@M): a fraction of each user's positives was held out; for each user with
 * held-out rows, those items are ranked against every item the user has no `train` (nor `exclude`) row for, and
 * `metrics.recall` is Recall@M = held-out items in the top M / held-out count (`k` is M, default 50). The ranking is
 * the one of {@link evaluateFullRanking} (ties against the held-out items), with `protocol: 'holdout'`.
 *
 * The in-matrix and out-of-matrix variants differ only in which positives were held out (items seen in training, or
 * items never seen and scored from their content); pass the corresponding `heldOut` log (and a scorer that can score
 * unseen items for the latter).
 *
 * @example
 * ```ts
 * // train, heldOut: Interactions sharing one index space (a fraction of each user's positives held out).
 * const result = await evaluateHoldout(model, train, heldOut, { k: 50 });
 * console.log(`Recall@50 ${result.metrics.recall} ± ${(result.ci95.recall[1] - result.ci95.recall[0]) / 2}`);
 * ```
 * @throws RangeError on k or batchSize < 1, an unknown option key, an empty held-out set, a held-out/exclude row
 *   outside train's index space, a held-out/exclude log built with other id maps than train (naming the first index
 *   whose raw ids differ, and both ids), or held-out pairs that are also train pairs (naming how many).
 * @throws TypeError when `exclude` is not an array.
 * @throws Error if the scorer returns the wrong number of scores or a NaN.
 */
export async function evaluateHoldout(
  scorer: Scorer,
  train: Interactions,
  heldOut: Interactions,
  options: HoldoutEvaluationOptions = {},
): Promise<EvaluationResult> {
  return evaluateAgainstAllItems('evaluateHoldout', 'holdout', scorer, train, heldOut, options, 50);
}
