import type { Interactions } from '../interactions.js';

/**
 * Splits `log` into the unmarked rows (train) and the marked rows (test), both in file order.
 * @param inTest - 1 for each row that goes to test.
 * @param testCount - number of marked rows.
 */
export function splitByMark(
  log: Interactions,
  inTest: Uint8Array,
  testCount: number,
): { train: Interactions; test: Interactions } {
  const trainRows = new Int32Array(log.size - testCount);
  const testRows = new Int32Array(testCount);
  for (let r = 0, a = 0, b = 0; r < log.size; r++) {
    if (inTest[r]) testRows[b++] = r;
    else trainRows[a++] = r;
  }
  return { train: log.select(trainRows), test: log.select(testRows) };
}
