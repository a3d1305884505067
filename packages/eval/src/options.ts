import { describeValue } from '@recsys/data';
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

/**
 * Checks a list of cut-offs: a non-empty array of integers ≥ 1, none listed twice (a repeated K would only repeat a
 * result, and is more likely a typo than a wish). Errors name the function, the option and the offending entry.
 */
export function checkCutoffs(fn: string, name: string, ks: readonly number[]): void {
  if (!Array.isArray(ks)) throw new TypeError(`${fn}: ${name} must be an array of cut-offs, got ${describeValue(ks)}`);
  if (ks.length === 0) throw new RangeError(`${fn}: ${name} is empty: give at least one cut-off`);
  ks.forEach((k, c) => {
    checkPositiveInteger(fn, `${name}[${c}]`, k);
    const first = ks.indexOf(k);
    if (first !== c) throw new RangeError(`${fn}: ${name} lists K = ${k} twice (at ${first} and ${c})`);
  });
}
