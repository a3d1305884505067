import { describe, expect, it } from 'vitest';
import { Interactions } from '../interactions.js';
import { synthetic } from '../synthetic/synthetic.js';
import { dualNetSplit, type DualNetSplit } from './dualnet-split.js';

const pairsOf = (log: Interactions): Set<string> => {
  const pairs = new Set<string>();
  for (let r = 0; r < log.size; r++) pairs.add(`${log.users[r]},${log.items[r]}`);
  return pairs;
};

/** Every invariant of a DualNet split of `log`. */
function checkInvariants(log: Interactions, split: DualNetSplit): void {
  const { train, validation, test, outOfMatrix, newUsers, coldItems, newUserIds, report } = split;
  const parts = { train, validation, test, outOfMatrix, newUsers };
  for (const part of Object.values(parts)) {
    expect(part.userIds).toBe(log.userIds);
    expect(part.itemIds).toBe(log.itemIds);
    expect(part.numItems).toBe(log.numItems);
    expect(part.numUsers).toBe(log.numUsers);
  }
  // Counts add up to the log, and the report says the sizes.
  expect(report.train).toBe(train.size);
  expect(report.validation).toBe(validation.size);
  expect(report.test).toBe(test.size);
  expect(report.outOfMatrix).toBe(outOfMatrix.size);
  expect(report.newUserRows).toBe(newUsers.size);
  const total = train.size + validation.size + test.size + outOfMatrix.size + newUsers.size + report.newUserColdRows;
  expect(total).toBe(log.size);
  expect(report.rows).toBe(log.size);
  expect(report.knownUsers + report.newUsers).toBe(report.users);
  expect(report.users).toBe(log.activeUsers());
  expect(report.items).toBe(log.activeItems());
  // Disjoint (user, item) pairs across the parts.
  const seen = new Map<string, string>();
  for (const [name, part] of Object.entries(parts)) {
    for (const pair of pairsOf(part)) {
      expect(seen.get(pair), `${pair} in ${name} and ${seen.get(pair)}`).toBeUndefined();
      seen.set(pair, name);
    }
  }
  // Every validation and test item has training rows; no cold item is in train, validation, test or new users.
  for (const part of [validation, test]) for (const i of part.items) expect(train.itemDegree(i)).toBeGreaterThan(0);
  const cold = new Set(coldItems);
  for (const part of [train, validation, test, newUsers]) for (const i of part.items) expect(cold.has(i)).toBe(false);
  for (const i of outOfMatrix.items) expect(cold.has(i)).toBe(true);
  for (const i of coldItems) expect(log.itemDegree(i)).toBeGreaterThan(0);
  // New users only in their own part; known users never there.
  const fresh = new Set(newUserIds);
  for (const part of [train, validation, test, outOfMatrix])
    for (const u of part.users) expect(fresh.has(u)).toBe(false);
  for (const u of newUsers.users) expect(fresh.has(u)).toBe(true);
  for (const u of newUserIds) expect(log.userDegree(u)).toBeGreaterThan(0);
  expect(Array.from(coldItems)).toEqual([...coldItems].sort((a, b) => a - b));
  expect(Array.from(newUserIds)).toEqual([...newUserIds].sort((a, b) => a - b));
}

describe('dualNetSplit', () => {
  const log = synthetic({ users: 300, items: 400, seed: 3 }).interactions;

  it('splits users 9:1, items 4:1 and in-matrix pairs about 3:1:1, with every invariant', () => {
    const split = dualNetSplit(log, { seed: 1 });
    checkInvariants(log, split);
    const { report } = split;
    expect(report.newUsers).toBe(Math.round(0.1 * log.activeUsers()));
    expect(report.coldItems).toBe(Math.round(0.2 * log.activeItems()));
    const inMatrix = report.train + report.validation + report.test;
    expect(report.inMatrixPairs).toBe(inMatrix); // the synthetic log has one row per pair
    expect(report.validation / inMatrix).toBeCloseTo(0.2, 1);
    expect(report.test / inMatrix).toBeCloseTo(0.2, 1);
    expect(report.outOfMatrix).toBeGreaterThan(0);
    expect(report.newUserRows).toBeGreaterThan(0);
    // The moves are what keeps validation and test items in train; they are counted.
    expect(report.movedToTrain).toBeGreaterThanOrEqual(report.itemsMovedToTrain);
    expect(split.train.values).toBeDefined(); // columns kept
    expect(split.test.timestamps).toBeDefined();
  });

  it('is deterministic for a seed, differs across seeds, and keeps choices apart', () => {
    const a = dualNetSplit(log, { seed: 5 });
    const b = dualNetSplit(log, { seed: 5 });
    expect(b.coldItems).toEqual(a.coldItems);
    expect(b.newUserIds).toEqual(a.newUserIds);
    expect(b.test.users).toEqual(a.test.users);
    expect(b.test.items).toEqual(a.test.items);
    expect(b.report).toEqual(a.report);
    const c = dualNetSplit(log, { seed: 6 });
    expect(c.coldItems).not.toEqual(a.coldItems);
    // Changing the new-user fraction leaves the cold items alone; a larger cold fraction holds out a superset.
    expect(dualNetSplit(log, { seed: 5, newUserFraction: 0.3 }).coldItems).toEqual(a.coldItems);
    const more = new Set(dualNetSplit(log, { seed: 5, coldItemFraction: 0.4 }).coldItems);
    for (const i of a.coldItems) expect(more.has(i)).toBe(true);
  });

  it('takes fractions of 0 and other ratios', () => {
    const split = dualNetSplit(log, { seed: 2, newUserFraction: 0, coldItemFraction: 0, ratios: [8, 0, 2] });
    checkInvariants(log, split);
    expect(split.report).toMatchObject({ newUsers: 0, coldItems: 0, validation: 0, outOfMatrix: 0, newUserRows: 0 });
    expect(split.report.test / log.size).toBeCloseTo(0.2, 1);
  });

  it("keeps the rows of a repeated pair together and leaves new users' rows on cold items out, counted", () => {
    const data = synthetic({ users: 80, items: 120, behaviours: true, seed: 4 }).interactions;
    const split = dualNetSplit(data, { seed: 3, newUserFraction: 0.3, coldItemFraction: 0.3 });
    checkInvariants(data, split);
    expect(split.report.inMatrixPairs).toBeLessThan(split.report.train + split.report.validation + split.report.test);
    expect(split.report.newUserColdRows).toBeGreaterThan(0);
    expect(split.train.behaviours).toBeDefined();
  });

  it('handles tiny logs, single rows and items seen by one user only', () => {
    const one = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(0) });
    const split = dualNetSplit(one, { seed: 1 });
    checkInvariants(one, split);
    expect(split.report).toMatchObject({ newUsers: 0, coldItems: 0, train: 1 });
    // Each item has one row: any validation or test pair must move back to train.
    const diagonal = Interactions.fromColumns({
      users: Int32Array.from({ length: 40 }, (_, k) => k % 10),
      items: Int32Array.from({ length: 40 }, (_, k) => k),
    });
    const d = dualNetSplit(diagonal, { seed: 9, newUserFraction: 0, coldItemFraction: 0.25 });
    checkInvariants(diagonal, d);
    expect(d.report).toMatchObject({ validation: 0, test: 0, coldItems: 10, train: 30, outOfMatrix: 10 });
    expect(d.report.movedToTrain).toBe(Math.round(30 * 0.4));
    // A user with a single row, and an empty log.
    const empty = Interactions.fromColumns({ users: new Int32Array(0), items: new Int32Array(0) }, { numUsers: 3 });
    checkInvariants(empty, dualNetSplit(empty, { seed: 1 }));
  });

  it('counts users without training rows and items only new users have', () => {
    // User 1's only pair (item 1) is shared with user 0; with everything held out the fix-up moves one of them.
    const small = Interactions.fromColumns({ users: Int32Array.of(0, 0, 1, 2), items: Int32Array.of(0, 1, 1, 2) });
    for (let seed = 0; seed < 20; seed++) {
      const split = dualNetSplit(small, { seed, newUserFraction: 0.4, coldItemFraction: 0, ratios: [0.01, 1, 1] });
      checkInvariants(small, split);
      const { report } = split;
      let without = 0;
      for (let u = 0; u < 3; u++) {
        const heldOut = split.validation.userDegree(u) + split.test.userDegree(u);
        if (heldOut > 0 && split.train.userDegree(u) === 0) without++;
      }
      expect(report.usersWithoutTrain).toBe(without);
      let onlyNew = 0;
      for (let i = 0; i < 3; i++) if (split.newUsers.itemDegree(i) > 0 && split.train.itemDegree(i) === 0) onlyNew++;
      expect(report.itemsOnlyNewUsers).toBe(onlyNew);
    }
  });

  it('refuses bad options, naming them', () => {
    expect(() => dualNetSplit(log, undefined as never)).toThrow('dualNetSplit: pass options, e.g. { seed: 1 }');
    expect(() => dualNetSplit(log, {} as never)).toThrow(/dualNetSplit: option "seed" must be an integer/);
    expect(() => dualNetSplit(log, { seed: 1, coldItems: 0.2 } as never)).toThrow(
      /dualNetSplit has no option "coldItems"/,
    );
    expect(() => dualNetSplit(log, { seed: 1, newUserFraction: 1 })).toThrow(
      'dualNetSplit: option "newUserFraction" must be a number with 0 ≤ newUserFraction < 1, got 1',
    );
    expect(() => dualNetSplit(log, { seed: 1, coldItemFraction: NaN })).toThrow(/"coldItemFraction" .* got NaN/);
    expect(() => dualNetSplit(log, { seed: 1, ratios: [0, 1, 1] })).toThrow(
      'dualNetSplit: option "ratios" must be [train, validation, test], three finite numbers ≥ 0 with train > 0 (e.g. [3, 1, 1]), got [0,1,1]',
    );
    expect(() => dualNetSplit(log, { seed: 1, ratios: [3, 1] as never })).toThrow(/option "ratios"/);
    expect(() => dualNetSplit(log, { seed: 1, ratios: [3, -1, 1] })).toThrow(/option "ratios"/);
    expect(() => dualNetSplit([] as never, { seed: 1 })).toThrow('dualNetSplit: pass an Interactions as log');
  });
});
