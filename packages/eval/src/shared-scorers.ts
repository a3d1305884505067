import type { Scorer } from './scorer.js';

/** One step's batch: the pairs its first caller asked for, their scores, and how many callers have yet to ask. */
interface Batch {
  users: Int32Array;
  items: Int32Array;
  scores: Promise<Float32Array>;
  waiting: number;
}

/**
 * `count` scorers over `scorer` for evaluations run side by side over the same cases, one per cut-off K (50, 100,
 * 200, say): the ranking does not depend on K, so each evaluation asks for the same batches in the same order, and
 * each batch is scored once for all of them — three cut-offs cost one scoring pass, not three. The n-th call of each
 * scorer is matched to the n-th call of the others; a call whose pairs differ from the ones first asked for at that
 * step is scored on its own. Sharing never changes a score: it only saves work.
 *
 * A batch is kept until every scorer has made its call of that step, so evaluations that advance together (awaiting
 * each batch, as `@recsys/eval`'s protocols do) hold one batch at a time.
 *
 * @example
 * ```ts
 * const scorers = sharedScorers(model, ks.length);
 * const results = await Promise.all(ks.map((k, c) => evaluateHoldout(scorers[c]!, train, test, { k })));
 * ```
 */
export function sharedScorers(scorer: Scorer, count: number): Scorer[] {
  if (count <= 1) return [scorer];
  const batches = new Map<number, Batch>();
  const calls = new Array<number>(count).fill(0);
  const one = (c: number): Scorer => ({
    score(users, items) {
      const step = calls[c]!++;
      let batch = batches.get(step);
      if (batch === undefined) {
        // The callers reuse their buffers once the scores are in: the pairs are copied to compare the others' with.
        batch = { users: users.slice(), items: items.slice(), scores: scoreCopy(scorer, users, items), waiting: count };
        batches.set(step, batch);
      }
      if (--batch.waiting === 0) batches.delete(step);
      return equal(batch.users, users) && equal(batch.items, items) ? batch.scores : scoreCopy(scorer, users, items);
    },
  });
  return Array.from({ length: count }, (_, c) => one(c));
}

/**
 * The scores of a batch, copied: a scorer may reuse its output buffer on its next call, which another evaluation may
 * make before this batch's last reader has read it.
 */
async function scoreCopy(scorer: Scorer, users: Int32Array, items: Int32Array): Promise<Float32Array> {
  const scores = await scorer.score(users, items);
  return scores instanceof Float32Array ? scores.slice() : scores; // anything else: the evaluation's check names it
}

function equal(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
