import type { Batch, EpochBatches } from './batch.js';

/** A batch size, checked to be a positive integer. */
export function checkBatchSize(batchSize: number): number {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
}

/** The largest number of rows an epoch's typed arrays can hold (their index is an int32). */
export const MAX_EPOCH_ROWS = 2 ** 31 - 1;

/**
 * Refuses a negatives ratio whose epoch would not fit a typed array: `perRow` rows per training row (1 + negatives
 * pointwise, negatives pairwise) times `rows` training rows must stay ≤ 2³¹ − 1.
 */
export function checkEpochRows(owner: string, negatives: number, perRow: number, rows: number): void {
  if (perRow * rows > MAX_EPOCH_ROWS) {
    throw new RangeError(
      `${owner}: negatives ${negatives} gives ${perRow} × ${rows} training rows = ${perRow * rows} examples per ` +
        `epoch, more than a typed array holds (2³¹ − 1 = ${MAX_EPOCH_ROWS}); use fewer negatives`,
    );
  }
}

/**
 * An epoch of `rows` rows (pairs, triples, …) cut into batches of `batchSize` rows, the last one shorter; `slice`
 * makes the batch of rows `[from, to)`. `examplesPerRow` is what a row counts for samples per second (2 for a triple).
 */
export function cutIntoBatches<B extends Batch>(
  rows: number,
  batchSize: number,
  examplesPerRow: number,
  slice: (from: number, to: number) => B,
): EpochBatches<B> {
  return {
    length: Math.ceil(rows / batchSize),
    examples: rows * examplesPerRow,
    batch: (index) => slice(index * batchSize, Math.min(rows, (index + 1) * batchSize)),
  };
}
