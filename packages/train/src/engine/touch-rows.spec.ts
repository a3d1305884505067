import { describe, expect, it } from 'vitest';
import { touchedSum, touchRows } from './touch-rows.js';

describe('touchRows', () => {
  // Row r of a 4 × 40 table holds r·1000 + column, so the values read say which lines were touched.
  const table = Float32Array.from({ length: 4 * 40 }, (_, k) => Math.floor(k / 40) * 1000 + (k % 40));

  it('reads one value in every 16 of each listed row, and changes nothing', () => {
    const before = table.slice();
    touchRows(table, Int32Array.of(2, 0), 2, 40);
    // Columns 0, 16 and 32 of rows 2 and 0.
    expect(touchedSum()).toBe(2000 + 2016 + 2032 + 0 + 16 + 32);
    expect(table).toEqual(before);
  });

  it('reads only the first `count` ids, over `width` values of rows `stride` apart', () => {
    touchRows(table, Int32Array.of(1, 3, 2), 1, 16, 40);
    expect(touchedSum()).toBe(1000);
  });

  it('skips ids outside the table (cold ids, padding -1) instead of reading past it', () => {
    touchRows(table, Int32Array.of(-1, 4, 99, 3), 4, 40);
    expect(touchedSum()).toBe(3000 + 3016 + 3032);
    touchRows(table, new Int32Array(0), 0, 40);
    expect(touchedSum()).toBe(0);
  });
});
