import type { ProgressCallback } from './result.js';

/** Options shared by every protocol. */
export interface EvaluationOptions {
  /** Cutoff K of HR, NDCG, precision, recall and MAP (integer ≥ 1; default 10, 50 for holdout). */
  k?: number;
  /** Maximum number of (user, item) pairs per scorer call (integer ≥ 1; default 65 536). Bounds memory. */
  batchSize?: number;
  /** Called after each batch with the number of pairs scored so far and in total. */
  onProgress?: ProgressCallback;
}

/** Default {@link EvaluationOptions.batchSize}. */
export const DEFAULT_BATCH_SIZE = 65_536;

/** Checks that `value` is an integer ≥ 1, with an error naming the function and the option. */
export function checkPositiveInteger(fn: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${fn}: ${name} must be an integer ≥ 1 (got ${value})`);
}
