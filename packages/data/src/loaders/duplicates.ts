import type { InteractionColumns } from '../interactions.js';
import { LineProblem } from './errors.js';
import type { DuplicatePolicy } from './options.js';

/** Columns as collected by a loader, with the line number of each row (needed by the `'error'` policy). */
export interface RowColumns extends InteractionColumns {
  /** 1-based line of each row. */
  lines?: Uint32Array;
}

/** Sizes of the key spaces, for the counting sorts. */
export interface KeySpace {
  /** Users are in `[0, numUsers)`. */
  numUsers: number;
  /** Items are in `[0, numItems)`. */
  numItems: number;
  /** Behaviour codes are in `[0, numBehaviours)`; ignored without a behaviours column. */
  numBehaviours: number;
}

/** The outcome of {@link resolveDuplicates}. */
export interface Deduplicated {
  /** The surviving rows, in their original order. */
  columns: InteractionColumns;
  /** Rows merged away. */
  duplicates: number;
}

/**
 * A duplicate found under the `'error'` policy: a {@link LineProblem} of kind `'duplicate'` with both lines.
 */
export class DuplicateRowProblem extends LineProblem {
  /**
   * @param firstLine - line of the first occurrence.
   * @param line - line of the repeat.
   * @param firstRow - row of the first occurrence.
   * @param row - row of the repeat.
   */
  constructor(
    readonly firstLine: number,
    readonly line: number,
    readonly firstRow: number,
    readonly row: number,
  ) {
    super('duplicate', `duplicate of line ${firstLine}`);
  }
}

/**
 * Merges rows with the same (user, item[, behaviour]) key according to `policy`; see {@link DuplicatePolicy}.
 *
 * Rows are grouped by three stable counting sorts (behaviour, item, user), so the work is O(rows + users + items) and
 * each group lists its rows in file order. The input columns may be modified (`'sum'` writes into the survivor).
 *
 * @throws DuplicateRowProblem under `'error'`, for the repeat that comes first in the file.
 * @example
 * ```ts
 * const { columns, duplicates } = resolveDuplicates(
 *   { users: Int32Array.of(0, 0), items: Int32Array.of(1, 1) },
 *   { numUsers: 1, numItems: 2, numBehaviours: 0 },
 *   'keep-first',
 * );
 * duplicates; // 1
 * ```
 */
export function resolveDuplicates(columns: RowColumns, space: KeySpace, policy: DuplicatePolicy): Deduplicated {
  const { users, items, values, timestamps, behaviours, lines } = columns;
  const n = users.length;
  const strip = (): InteractionColumns => ({ users, items, values, timestamps, behaviours });
  if (n < 2) return { columns: strip(), duplicates: 0 };

  let order: Int32Array = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  if (behaviours) order = stableSort(order, behaviours, space.numBehaviours);
  order = stableSort(order, items, space.numItems);
  order = stableSort(order, users, space.numUsers);

  const keep = new Uint8Array(n).fill(1);
  let duplicates = 0;
  let repeat = -1;
  let firstOfRepeat = -1;
  for (let start = 0; start < n;) {
    const head = order[start];
    let end = start + 1;
    while (
      end < n &&
      users[order[end]] === users[head] &&
      items[order[end]] === items[head] &&
      (!behaviours || behaviours[order[end]] === behaviours[head])
    ) {
      end++;
    }
    if (end - start > 1) {
      duplicates += end - start - 1;
      if (policy === 'error') {
        if (repeat < 0 || order[start + 1] < repeat) {
          repeat = order[start + 1];
          firstOfRepeat = head;
        }
      } else if (policy === 'keep-first') {
        for (let k = start + 1; k < end; k++) keep[order[k]] = 0;
      } else {
        let best = head;
        for (let k = start + 1; k < end; k++) {
          const row = order[k];
          if (!timestamps || timestamps[row] >= timestamps[best]) best = row;
        }
        if (policy === 'sum' && values) {
          let sum = 0;
          for (let k = start; k < end; k++) sum += values[order[k]];
          values[best] = sum;
        }
        for (let k = start; k < end; k++) if (order[k] !== best) keep[order[k]] = 0;
      }
    }
    start = end;
  }
  if (repeat >= 0) {
    const lineOf = (row: number): number => (lines ? lines[row] : row + 1);
    throw new DuplicateRowProblem(lineOf(firstOfRepeat), lineOf(repeat), firstOfRepeat, repeat);
  }
  if (duplicates === 0) return { columns: strip(), duplicates };

  const rows = new Int32Array(n - duplicates);
  for (let r = 0, k = 0; r < n; r++) if (keep[r]) rows[k++] = r;
  return {
    columns: {
      users: gather(users, rows),
      items: gather(items, rows),
      values: values && gather(values, rows),
      timestamps: timestamps && gather(timestamps, rows),
      behaviours: behaviours && gather(behaviours, rows),
    },
    duplicates,
  };
}

function stableSort(rows: Int32Array, keys: Int32Array | Uint8Array, numKeys: number): Int32Array {
  const cursor = new Int32Array(numKeys + 1);
  for (let k = 0; k < rows.length; k++) cursor[keys[rows[k]] + 1]++;
  for (let key = 0; key < numKeys; key++) cursor[key + 1] += cursor[key];
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    out[cursor[keys[row]]++] = row;
  }
  return out;
}

function gather<T extends Int32Array | Uint8Array | Float32Array | Float64Array>(column: T, rows: Int32Array): T {
  const out = new (column.constructor as new (length: number) => T)(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]];
  return out;
}
