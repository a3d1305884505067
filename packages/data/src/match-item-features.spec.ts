import { describe, expect, it } from 'vitest';
import { IdMap } from './id-map.js';
import { Interactions } from './interactions.js';
import { itemFeatures } from './item-features.js';
import { matchItemFeatures } from './match-item-features.js';
import type { SparseFeatures } from './sparse-features.js';

/** A log over raw items a, b, c (c without rows), with values and timestamps. */
function log(): Interactions {
  return Interactions.fromColumns(
    {
      users: Int32Array.of(0, 0, 1),
      items: Int32Array.of(0, 1, 1),
      values: Float32Array.of(5, 3, 4),
      timestamps: Float64Array.of(1, 2, 3),
    },
    { userIds: IdMap.from(['u', 'v']), itemIds: IdMap.from(['a', 'b', 'c']) },
  );
}

/** Sparse rows from lists of [feature, weight]. */
function sparse(rows: [number, number][][], numFeatures: number): SparseFeatures {
  const ptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    for (const [f, w] of row) {
      indices.push(f);
      values.push(w);
    }
    ptr.push(indices.length);
  }
  return {
    numRows: rows.length,
    numFeatures,
    ptr: Int32Array.from(ptr),
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}

function row(features: SparseFeatures, r: number): number[][] {
  const out: number[][] = [];
  for (let k = features.ptr[r]; k < features.ptr[r + 1]; k++) out.push([features.indices[k], features.values[k]]);
  return out;
}

describe('matchItemFeatures', () => {
  it('puts each features row at its item index, whatever the features order', () => {
    const features = itemFeatures(['c', 'b', 'a'], sparse([[[0, 1]], [[1, 2]], [[2, 3]]], 3), ['x', 'y', 'z']);
    const original = log();
    const { interactions, features: rows, featureNames, report } = matchItemFeatures(original, features);
    expect(interactions).toBe(original); // nothing added: the same log
    expect(rows.numRows).toBe(3);
    expect(row(rows, 0)).toEqual([[2, 3]]);
    expect(row(rows, 1)).toEqual([[1, 2]]);
    expect(row(rows, 2)).toEqual([[0, 1]]);
    expect(featureNames).toEqual(['x', 'y', 'z']);
    expect(report).toMatchObject({
      items: 3,
      logItems: 3,
      featureRows: 3,
      matchedItems: 3,
      itemsWithoutFeatures: 0,
      unknownItems: 0,
      addedItems: 0,
      itemsWithoutRows: 1, // c: content only
      withoutFeaturesPolicy: 'keep',
      unknownItemsPolicy: 'keep',
    });
  });

  it("keeps items without features as empty rows, and adds unknown items without rows (defaults 'keep')", () => {
    const features = itemFeatures(['b', 'd', 'e'], sparse([[[0, 1]], [[1, 1]], []], 2));
    const original = log();
    const { interactions, features: rows, report } = matchItemFeatures(original, features);
    expect(interactions).not.toBe(original);
    expect(interactions.users).toBe(original.users); // the same rows
    expect(interactions.values).toBe(original.values);
    expect(interactions.userIds).toBe(original.userIds);
    expect(interactions.numUsers).toBe(2);
    expect(interactions.numItems).toBe(5);
    expect(interactions.itemIds.ids()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(original.itemIds.size).toBe(3); // the original map is untouched
    expect(interactions.itemDegree(3)).toBe(0);
    expect(rows.numRows).toBe(5);
    expect(row(rows, 0)).toEqual([]); // a: rows, no features
    expect(row(rows, 1)).toEqual([[0, 1]]);
    expect(row(rows, 3)).toEqual([[1, 1]]);
    expect(report).toMatchObject({
      items: 5,
      matchedItems: 1,
      itemsWithoutFeatures: 1,
      itemsWithoutFeaturesExamples: ['a'],
      unusedItemsWithoutFeatures: 1, // c
      unknownItems: 2,
      unknownItemsExamples: ['d', 'e'],
      addedItems: 2,
      droppedFeatureRows: 0,
      itemsWithoutRows: 3, // c, d, e
      emptyFeatureRows: 1, // e
    });
  });

  it("drops unknown items with 'drop', counting them", () => {
    const features = itemFeatures(['a', 'b', 'zz'], sparse([[], [], [[0, 1]]], 1));
    const { interactions, features: rows, report } = matchItemFeatures(log(), features, { unknownItems: 'drop' });
    expect(interactions.numItems).toBe(3);
    expect(rows.numRows).toBe(3);
    expect(rows.indices.length).toBe(0);
    expect(report).toMatchObject({ unknownItems: 1, addedItems: 0, droppedFeatureRows: 1, emptyFeatureRows: 2 });
  });

  it("throws under 'error', naming the count and a few ids", () => {
    const features = itemFeatures(['b', 'q'], sparse([[], []], 0));
    expect(() => matchItemFeatures(log(), features, { withoutFeatures: 'error' })).toThrow(
      `matchItemFeatures: 1 of the log's 3 items have rows but no features (e.g. "a"); pass withoutFeatures: 'keep'`,
    );
    expect(() => matchItemFeatures(log(), features, { unknownItems: 'error' })).toThrow(
      'matchItemFeatures: 1 of the 2 features rows are for items not in the log (e.g. "q")',
    );
  });

  it('refuses a match of no item at all, whatever the policies (ids written differently)', () => {
    const features = itemFeatures(['item-a', 'item-b'], sparse([[], []], 0));
    expect(() => matchItemFeatures(log(), features)).toThrow(
      /no item of the log has features: its item ids \(e.g. "a", "b"\) and the features' \(e.g. "item-a", "item-b"\)/,
    );
  });

  it('refuses to grow a log whose item space is not its id map', () => {
    const wide = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(0) },
      { itemIds: IdMap.from(['a']), numItems: 3 },
    );
    const features = itemFeatures(['a', 'new'], sparse([[], []], 0));
    expect(() => matchItemFeatures(wide, features)).toThrow(/cannot add 1 items \(e.g. "new"\).*3.*1 ids/);
    const { report } = matchItemFeatures(wide, features, { unknownItems: 'drop' });
    expect(report).toMatchObject({ matchedItems: 1, unusedItemsWithoutFeatures: 2, droppedFeatureRows: 1 });
  });

  it('refuses bad arguments, naming them', () => {
    const features = itemFeatures(['a'], sparse([[]], 0));
    expect(() => matchItemFeatures({} as never, features)).toThrow('matchItemFeatures: pass an Interactions as log');
    expect(() => matchItemFeatures(log(), { itemIds: features.itemIds } as never)).toThrow(/features\.rows/);
    expect(() => matchItemFeatures(log(), features, { missing: 'keep' } as never)).toThrow(
      /matchItemFeatures has no option "missing"/,
    );
    expect(() => matchItemFeatures(log(), features, { unknownItems: 'ignore' } as never)).toThrow(
      'matchItemFeatures: option "unknownItems" must be one of error, keep, drop, got "ignore"',
    );
  });
});
