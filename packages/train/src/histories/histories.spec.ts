import { Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { leftOutEntries, ratingVectors } from './rating-vectors.js';
import { RecentHistories } from './recent-histories.js';

/** User 0 rated items 3, 1, 2 (in that time order; rows out of order), user 1 item 1, user 2 nothing. */
const log = Interactions.fromColumns(
  {
    users: Int32Array.of(0, 1, 0, 0),
    items: Int32Array.of(2, 1, 3, 1),
    values: Float32Array.of(5, 4, 3, 2),
    timestamps: Float64Array.of(30, 5, 10, 20),
  },
  { numUsers: 3, numItems: 4 },
);

describe('RecentHistories', () => {
  it('orders each history by time and keeps the most recent entries, oldest first', () => {
    const items = new RecentHistories(log, 'user');
    expect(Array.from(items.entries.subarray(0, 3))).toEqual([3, 1, 2]);
    const all = items.padded(Int32Array.of(0, 1, 2), Infinity);
    expect(all.length).toBe(3);
    expect(Array.from(all.ids)).toEqual([3, 1, 2, 1, -1, -1, -1, -1, -1]);
    expect(Array.from(all.counts)).toEqual([3, 1, 0]);
    const capped = items.padded(Int32Array.of(0, 1), 2);
    expect(Array.from(capped.ids)).toEqual([1, 2, 1, -1]);
    expect(Array.from(capped.counts)).toEqual([3, 1]); // counts are full lengths: DELF's |R(u)|
  });

  it('leaves the scored entry out before capping, so the cap still holds real entries', () => {
    const items = new RecentHistories(log, 'user');
    const out = items.padded(Int32Array.of(0, 0, 1), 2, Int32Array.of(2, 0, 1));
    expect(Array.from(out.ids)).toEqual([3, 1, 1, 2, -1, -1]);
    expect(Array.from(out.counts)).toEqual([2, 3, 0]);
    const users = new RecentHistories(log, 'item');
    expect(Array.from(users.padded(Int32Array.of(1, 1), 5, Int32Array.of(0, -1)).ids)).toEqual([1, -1, 1, 0]);
  });

  it('orders an untimed log by row order, and gives ids outside the log empty rows', () => {
    const untimed = Interactions.fromColumns({ users: Int32Array.of(0, 0, 0), items: Int32Array.of(2, 0, 1) });
    const h = new RecentHistories(untimed, 'user');
    expect(Array.from(h.padded(Int32Array.of(0, 7), 2).ids)).toEqual([0, 1, -1, -1]);
    expect(() => h.padded(Int32Array.of(0), 0)).toThrow('cap must be an integer ≥ 1 or Infinity');
    expect(() => h.padded(Int32Array.of(0), 2, Int32Array.of(1, 2))).toThrow('2 ids to leave out for 1 rows');
  });
});

describe('ratingVectors and leftOutEntries', () => {
  it("gives rows Y_i* and columns Y_*j with their ratings, the pair's own entry left out", () => {
    const rows = ratingVectors(log, 'user', Int32Array.of(0, 2), { leaveOut: Int32Array.of(3, -1) });
    expect(Array.from(rows.offsets)).toEqual([0, 2, 2]);
    expect(Array.from(rows.ids)).toEqual([1, 2]);
    expect(Array.from(rows.weights!)).toEqual([2, 5]);
    const columns = ratingVectors(log, 'item', Int32Array.of(1), { values: 'binary' });
    expect(Array.from(columns.ids)).toEqual([0, 1]);
    expect(columns.weights).toBeUndefined();
    expect(() =>
      ratingVectors(
        Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(0) }),
        'user',
        Int32Array.of(0),
        { values: 'rating' },
      ),
    ).toThrow("values 'rating' needs a log with a value column");
  });

  it('finds the left-out entry and its rating (0 and −1 where the pair is not in the log)', () => {
    const out = leftOutEntries(log, 'user', Int32Array.of(0, 0, 1, 2), Int32Array.of(3, 0, 1, 1));
    expect(Array.from(out.ids)).toEqual([3, -1, 1, -1]);
    expect(Array.from(out.weights)).toEqual([3, 0, 4, 0]);
    // The full row minus the left-out entry is the row built without it.
    const full = ratingVectors(log, 'user', Int32Array.of(0));
    const total = Array.from(full.weights!).reduce((a, b) => a + b, 0);
    const without = ratingVectors(log, 'user', Int32Array.of(0), { leaveOut: Int32Array.of(3) });
    expect(Array.from(without.weights!).reduce((a, b) => a + b, 0)).toBe(total - out.weights[0]!);
  });
});
