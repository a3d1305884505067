import type { Interactions } from '@recsys/data';
import { option } from '../options/option-spec.js';
import type { CsrMatrix } from './csr-matrix.js';

/** How a log becomes a user × item matrix: 1 per distinct pair, or the pair's values summed. */
export type Feedback = 'binary' | 'weighted';

/** The `feedback` option of every model built on the user × item matrix (ItemKNN, RP3beta, EASE, iALS). */
export const feedbackOption = option.choice({
  description: "What a (user, item) pair counts: 1 (binary), or its rows' values summed (weighted; row count without)",
  choices: ['binary', 'weighted'] as const satisfies readonly Feedback[],
  default: 'binary',
});

/**
 * The user × item matrix of a training log, one entry per distinct (user, item) pair: `'binary'` gives 1; `'weighted'`
 * gives the pair's rows' values summed (the number of rows when the log has no value column). Rows repeat a pair in a
 * log of events (plays, clicks); this is where they are merged. O(rows) time, O(users + distinct pairs) memory.
 *
 * @throws RangeError naming `owner` when weighted feedback meets a negative value (a similarity over it would not be
 * a co-occurrence any more).
 * @example
 * ```ts
 * const x = feedbackMatrix(train, 'binary', 'itemknn'); // x.values are all 1
 * ```
 */
export function feedbackMatrix(train: Interactions, feedback: Feedback, owner: string): CsrMatrix {
  const { numUsers, numItems, userPtr, userItems, userRows } = train;
  const values = feedback === 'weighted' ? train.values : undefined;
  const offsets = new Int32Array(numUsers + 1);
  // Items are ascending within a user, so a repeated pair is a run: count the runs first, then fill.
  let nnz = 0;
  for (let u = 0; u < numUsers; u++) {
    for (let k = userPtr[u]!, end = userPtr[u + 1]!; k < end; k++) {
      if (k === userPtr[u] || userItems[k] !== userItems[k - 1]) nnz++;
    }
    offsets[u + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const out = new Float32Array(nnz);
  let at = -1;
  for (let u = 0; u < numUsers; u++) {
    for (let k = userPtr[u]!, end = userPtr[u + 1]!; k < end; k++) {
      if (k === userPtr[u] || userItems[k] !== userItems[k - 1]) indices[++at] = userItems[k]!;
      if (feedback === 'binary') out[at] = 1;
      else if (!values) out[at]! += 1;
      else {
        const v = values[userRows[k]!]!;
        if (v < 0) {
          throw new RangeError(
            `${owner}: feedback 'weighted' needs values ≥ 0, got ${v} (user index ${u}, item index ${userItems[k]})`,
          );
        }
        out[at]! += v;
      }
    }
  }
  return { rows: numUsers, columns: numItems, offsets, indices, values: out };
}
