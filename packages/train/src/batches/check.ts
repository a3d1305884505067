/** A batch size, checked to be a positive integer. */
export function checkBatchSize(batchSize: number): number {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
}
