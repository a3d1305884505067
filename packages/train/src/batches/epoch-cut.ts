import type { Batch, EpochBatches } from './batch.js';

/** A batch size, checked to be a positive integer. */
export function checkBatchSize(batchSize: number): number {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
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
