import { describeValue } from '@recsys/data';
import { checkCutoffs } from './options.js';
import type { MaybePromise, Scorer } from './scorer.js';
import { sharedScorers } from './shared-scorers.js';

/**
 * One evaluation per cut-off K on a single scoring pass: `evaluate(scorer, k, index)` is called for each K of `ks`,
 * side by side, each with its own scorer from {@link sharedScorers} over `scorer`, so each batch is scored once for
 * every K — three cut-offs cost one pass, not three. Returns the results in the order of `ks`; they are the ones
 * separate runs would give (sharing never changes a score).
 *
 * The sharing works when the evaluations ask for the same batches in the same order: the same protocol on the same
 * data and `batchSize`, only K differing (the ranking does not depend on K). `index` lets one evaluation alone report
 * progress (`onProgress` on index 0). If an evaluation fails, the others stop at their next batch (their scorer
 * refuses it) rather than run on alone, and the first failure is thrown once all have stopped: nothing is left
 * running when the promise settles.
 *
 * @example
 * ```ts
 * // train, test: Interactions of one split, sharing one index space.
 * const [at10, at20, at50] = await evaluateAtKs(model, [10, 20, 50], (scorer, k) =>
 *   evaluateFullRanking(scorer, train, test, { k }),
 * );
 * console.log(`NDCG@10 ${at10.metrics.ndcg}, Recall@50 ${at50.metrics.recall}`);
 * ```
 * @throws RangeError when `ks` is empty, lists a K that is not an integer ≥ 1, or a K twice.
 * @throws TypeError when `ks` is not an array, `scorer` has no `score` method or `evaluate` is not a function.
 * @throws whatever the first failing evaluation threw.
 */
export async function evaluateAtKs<R>(
  scorer: Scorer,
  ks: readonly number[],
  evaluate: (scorer: Scorer, k: number, index: number) => MaybePromise<R>,
): Promise<R[]> {
  const fn = 'evaluateAtKs';
  if (typeof scorer?.score !== 'function') {
    throw new TypeError(`${fn}: scorer must have a score method, got ${describeValue(scorer)}`);
  }
  checkCutoffs(fn, 'ks', ks);
  if (typeof evaluate !== 'function') {
    throw new TypeError(
      `${fn}: evaluate must be a function (scorer, k, index) => result, got ${describeValue(evaluate)}`,
    );
  }
  let failure: { error: unknown; k: number } | undefined;
  // After a failure the shared batches would wait for an evaluation that will not ask for them: the others stop.
  const stoppable = sharedScorers(scorer, ks.length).map((shared): Scorer => ({
    score(users, items) {
      if (failure) throw new Error(`${fn}: stopped, the evaluation at K = ${failure.k} failed`);
      return shared.score(users, items);
    },
  }));
  const settled = await Promise.allSettled(
    ks.map(async (k, index) => {
      try {
        return await evaluate(stoppable[index]!, k, index);
      } catch (error) {
        failure ??= { error, k };
        throw error;
      }
    }),
  );
  if (failure) throw failure.error;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<R>).value);
}
