/** A value, or a promise of it: what a {@link Scorer} may return. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * What evaluation needs from a model, and nothing more: scores for a batch of (user, item) pairs. Evaluation depends
 * only on this interface, never on a model class, so anything that can score pairs can be evaluated (a trained
 * network, a popularity baseline, a lookup table in a test).
 *
 * Higher scores mean "more relevant". The two arrays have equal length; pair `k` is `(users[k], items[k])`. The
 * returned array must have the same length and contain no NaN (evaluation checks both). It may be returned directly or
 * through a promise; evaluation awaits each batch before preparing the next one.
 *
 * The input arrays are views into buffers that evaluation reuses for the next batch: read them before returning (or
 * before the promise resolves), and do not keep them. Conversely, evaluation reads the returned scores before calling
 * the scorer again, so a scorer may reuse one output buffer across calls.
 *
 * @example
 * ```ts
 * const popularity: Scorer = {
 *   score: (_users, items) => Float32Array.from(items, (i) => counts[i]),
 * };
 * ```
 */
export interface Scorer {
  /** Scores pairs `(users[k], items[k])`; returns one score per pair, same length. */
  score(users: Int32Array, items: Int32Array): MaybePromise<Float32Array>;
}

/**
 * Calls `scorer.score` on one batch, awaits it if asynchronous, and checks the answer with {@link checkScores}.
 *
 * @example
 * ```ts
 * const scores = await scoreBatch(scorer, Int32Array.of(0, 0), Int32Array.of(3, 7)); // Float32Array(2)
 * ```
 * @throws RangeError if `users` and `items` differ in length, or the scorer returns the wrong number of scores.
 * @throws Error if a score is NaN (naming the user and item).
 */
export async function scoreBatch(scorer: Scorer, users: Int32Array, items: Int32Array): Promise<Float32Array> {
  if (users.length !== items.length) {
    throw new RangeError(`scoreBatch: ${users.length} users but ${items.length} items`);
  }
  const scores = await scorer.score(users, items);
  checkScores(scores, users, items);
  return scores;
}

/**
 * Checks a scorer's answer for a batch: an array of the batch's length without NaN. (±Infinity is allowed: it
 * compares like any other score.)
 *
 * @throws TypeError if `scores` is not an array.
 * @throws RangeError if its length differs from the number of pairs.
 * @throws Error at the first NaN, naming its user and item.
 */
export function checkScores(scores: Float32Array, users: Int32Array, items: Int32Array): void {
  if (scores === null || typeof scores !== 'object' || typeof scores.length !== 'number') {
    throw new TypeError(`Scorer.score must return a Float32Array, got ${scores === null ? 'null' : typeof scores}`);
  }
  if (scores.length !== users.length) {
    throw new RangeError(`Scorer.score returned ${scores.length} scores for ${users.length} (user, item) pairs`);
  }
  for (let k = 0; k < scores.length; k++) {
    if (Number.isNaN(scores[k])) {
      throw new Error(`Scorer.score returned NaN for user ${users[k]}, item ${items[k]} (pair ${k} of the batch)`);
    }
  }
}
