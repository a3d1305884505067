import { describeValue, refuseUnknownOptions } from './check-options.js';
import { interactionsFromRecords, type FromRecordsOptions, type InteractionRecord } from './from-records.js';
import { IdMap } from './id-map.js';
import type { LoadResult } from './loaders/options.js';

/** The columns of an interaction log: one entry per row, all of equal length. */
export interface InteractionColumns {
  /** Dense user index of each row. */
  users: Int32Array;
  /** Dense item index of each row. */
  items: Int32Array;
  /** Explicit value of each row (a rating, a count), when the source has one. */
  values?: Float32Array;
  /** Time of each row (unix seconds in the loaders), when the source has one. */
  timestamps?: Float64Array;
  /** Behaviour code of each row, an index into {@link InteractionsOptions.behaviourNames}. */
  behaviours?: Uint8Array;
}

/** How to build {@link Interactions} from columns. */
export interface InteractionsOptions {
  /** Raw user ids; defaults to the identity map over the user indices present. */
  userIds?: IdMap;
  /** Raw item ids; defaults to the identity map over the item indices present. */
  itemIds?: IdMap;
  /** Size of the user index space; defaults to `userIds.size` (a test split shares its train's space). */
  numUsers?: number;
  /** Size of the item index space; defaults to `itemIds.size`. */
  numItems?: number;
  /** Names of the behaviour codes, e.g. `['pv', 'cart', 'fav', 'buy']`. Required with a `behaviours` column. */
  behaviourNames?: readonly string[];
}

/**
 * An interaction log held as plain typed arrays, with two indexes built once: CSR by user (each user's items, in
 * ascending item order) and CSC by item (each item's users, ascending). Samplers, histories and evaluation all read it.
 *
 * Rows keep their original (file) order in {@link users}, {@link items} and the optional columns; the indexes refer
 * back to them through {@link userRows} and {@link itemRows}. A split shares its parent's id maps and index space, so
 * indices mean the same thing in train, validation and test.
 *
 * @example
 * ```ts
 * const log = Interactions.fromColumns({ users: Int32Array.of(0, 0, 1), items: Int32Array.of(2, 0, 2) });
 * log.itemsOf(0); // Int32Array [0, 2]
 * log.usersOf(2); // Int32Array [0, 1]
 * log.has(1, 0); // false
 * ```
 */
export class Interactions {
  /** Size of the user index space. */
  readonly numUsers: number;
  /** Size of the item index space. */
  readonly numItems: number;
  /** User index of each row, in original order. */
  readonly users: Int32Array;
  /** Item index of each row, in original order. */
  readonly items: Int32Array;
  /** Value of each row, if any. */
  readonly values: Float32Array | undefined;
  /** Timestamp of each row, if any. */
  readonly timestamps: Float64Array | undefined;
  /** Behaviour code of each row, if any. */
  readonly behaviours: Uint8Array | undefined;
  /** Names of the behaviour codes (empty without a behaviour column). */
  readonly behaviourNames: readonly string[];
  /** Raw ids of the users. */
  readonly userIds: IdMap;
  /** Raw ids of the items. */
  readonly itemIds: IdMap;

  /** CSR offsets: user u's entries are `[userPtr[u], userPtr[u+1])`. Length `numUsers + 1`. */
  readonly userPtr: Int32Array;
  /** CSR item indices, grouped by user, ascending within a user. */
  readonly userItems: Int32Array;
  /** CSR row numbers (into the original columns), parallel to {@link userItems}. */
  readonly userRows: Int32Array;
  /** CSC offsets: item i's entries are `[itemPtr[i], itemPtr[i+1])`. Length `numItems + 1`. */
  readonly itemPtr: Int32Array;
  /** CSC user indices, grouped by item, ascending within an item. */
  readonly itemUsers: Int32Array;
  /** CSC row numbers, parallel to {@link itemUsers}. */
  readonly itemRows: Int32Array;

  private constructor(
    columns: InteractionColumns,
    options: Required<Omit<InteractionsOptions, 'behaviourNames'>> & {
      behaviourNames: readonly string[];
    },
  ) {
    this.users = columns.users;
    this.items = columns.items;
    this.values = columns.values;
    this.timestamps = columns.timestamps;
    this.behaviours = columns.behaviours;
    this.userIds = options.userIds;
    this.itemIds = options.itemIds;
    this.numUsers = options.numUsers;
    this.numItems = options.numItems;
    this.behaviourNames = options.behaviourNames;

    const n = this.users.length;
    const rows = new Int32Array(n);
    for (let r = 0; r < n; r++) rows[r] = r;
    // Two stable counting sorts give "by user, then by item" (CSR) and "by item, then by user" (CSC) in O(n + U + I).
    const byItem = stableCountingSort(rows, this.items, this.numItems).order;
    const csr = stableCountingSort(byItem, this.users, this.numUsers);
    const byUser = stableCountingSort(rows, this.users, this.numUsers).order;
    const csc = stableCountingSort(byUser, this.items, this.numItems);
    this.userPtr = csr.offsets;
    this.userRows = csr.order;
    this.userItems = gather(this.items, csr.order);
    this.itemPtr = csc.offsets;
    this.itemRows = csc.order;
    this.itemUsers = gather(this.users, csc.order);
  }

  /**
   * Builds interactions from columns, checking them first: a bad column would otherwise surface later as a wrong
   * index, a NaN score or an allocation of gigabytes.
   *
   * The index spaces may be larger than the id maps (cold ids to come) or smaller (a log restricted to the first
   * `numUsers` ids of a shared map); every index must be inside its space.
   *
   * @throws TypeError naming `Interactions.fromColumns` and the column or option when a column is not the typed array
   * it should be (a plain array, say), an id map is not an {@link IdMap}, or a size is not a number.
   * @throws RangeError naming the column or option, and the first offending row and its value, when columns differ in
   * length, an index is negative or outside its space, a value or timestamp is NaN or infinite, a behaviour code has
   * no name, `numUsers`/`numItems` is not a safe integer in [0, 2^31 − 1] or is too large to index (more than
   * 2^28), `behaviourNames` has more than 256 names or a repeated one, or an option or column key is unknown.
   */
  static fromColumns(columns: InteractionColumns, options: InteractionsOptions = {}): Interactions {
    const where = 'Interactions.fromColumns';
    if (columns === null || typeof columns !== 'object') {
      throw new TypeError(`${where}: columns must be an object { users, items, ... }, got ${describeValue(columns)}`);
    }
    refuseUnknownOptions(`${where} (columns)`, columns, COLUMN_KEYS);
    refuseUnknownOptions(where, options, OPTION_KEYS);
    const { users, items, values, timestamps, behaviours } = columns;
    checkColumnType(where, 'users', users, Int32Array);
    checkColumnType(where, 'items', items, Int32Array);
    if (values !== undefined) checkColumnType(where, 'values', values, Float32Array);
    if (timestamps !== undefined) checkColumnType(where, 'timestamps', timestamps, Float64Array);
    if (behaviours !== undefined) checkColumnType(where, 'behaviours', behaviours, Uint8Array);
    const n = users.length;
    for (const [key, column] of [
      ['items', items],
      ['values', values],
      ['timestamps', timestamps],
      ['behaviours', behaviours],
    ] as const) {
      if (column && column.length !== n) {
        throw new RangeError(`${where}: column ${key} has ${column.length} rows, users has ${n}`);
      }
    }
    if (values) checkFinite(where, 'values', values);
    if (timestamps) checkFinite(where, 'timestamps', timestamps);

    if (options.userIds !== undefined && !(options.userIds instanceof IdMap)) {
      throw new TypeError(`${where}: option "userIds" must be an IdMap, got ${describeValue(options.userIds)}`);
    }
    if (options.itemIds !== undefined && !(options.itemIds instanceof IdMap)) {
      throw new TypeError(`${where}: option "itemIds" must be an IdMap, got ${describeValue(options.itemIds)}`);
    }
    // Sizes are settled (and bounded) before anything is allocated: the default identity map is as large as the
    // largest index, and the CSR/CSC offsets as large as the spaces.
    const numUsers = spaceSize(where, 'numUsers', options.numUsers ?? options.userIds?.size ?? maxPlusOne(users));
    const numItems = spaceSize(where, 'numItems', options.numItems ?? options.itemIds?.size ?? maxPlusOne(items));
    checkRange(where, 'users', users, numUsers, 'numUsers');
    checkRange(where, 'items', items, numItems, 'numItems');
    const userIds = options.userIds ?? IdMap.identity(maxPlusOne(users));
    const itemIds = options.itemIds ?? IdMap.identity(maxPlusOne(items));

    const behaviourNames = checkBehaviourNames(where, options.behaviourNames ?? []);
    if (behaviours) {
      if (behaviourNames.length === 0) {
        throw new RangeError(`${where}: a behaviours column needs option "behaviourNames"`);
      }
      checkRange(where, 'behaviours', behaviours, behaviourNames.length, 'behaviourNames.length');
    }
    return new Interactions(columns, { userIds, itemIds, numUsers, numItems, behaviourNames });
  }

  /**
   * Builds interactions from records with raw ids, such as rows from a database or a JSON file, the way the file
   * loaders build them from lines: ids are mapped to dense indices in order of first appearance (extending
   * `options.userIds` / `options.itemIds` when given), behaviour names are coded, repeated (user, item[, behaviour])
   * records are merged by the duplicate policy, and the load report says how many.
   *
   * The first record decides the columns: when it has a `value`, `timestamp` or `behaviour`, every record must have
   * one, and when it has none, no record may. Ids are strings or finite numbers (`7` and `"7"` are one id); a string
   * id may not be empty or start or end with whitespace, since ids are compared exactly. The report names
   * `'(records)'` as its file and `'records'` as its format, and counts records as lines.
   *
   * @param records - the interactions, in order (kept in the result, less the merged duplicates).
   * @param options - the duplicate policy (default `'keep-latest'`), id maps to extend, behaviour names in code order.
   * @returns the interactions and the load report.
   * @throws TypeError naming the record's index (`records[3]`) when a record is not an object, has no user or item, has
   * a field of the wrong type or lacks a column the first record has (or has one it lacks); RangeError naming it for
   * an unknown field (a misspelt `rating` would be dropped), an empty id or one with surrounding whitespace, a value
   * or timestamp that is NaN or infinite (or a value too large for a float32), a behaviour name not in
   * `behaviourNames` or past 256, and for a repeated record under the `'error'` policy (naming both indices).
   * @throws TypeError or RangeError naming the option when an option is unknown or bad, as the loaders do.
   * @example
   * ```ts
   * const { interactions, report } = Interactions.fromRecords(
   *   [
   *     { user: 'alice', item: 'i1', value: 4, timestamp: 1700000000 },
   *     { user: 'bob', item: 'i2', value: 3, timestamp: 1700000100 },
   *     { user: 'alice', item: 'i1', value: 5, timestamp: 1700000200 },
   *   ],
   *   { duplicates: 'keep-latest' },
   * );
   * interactions.size; // 2: alice's later rating of i1 is kept
   * report.duplicates; // 1
   * interactions.userIds.index('bob'); // 1
   * ```
   */
  static fromRecords(records: readonly InteractionRecord[], options?: FromRecordsOptions): LoadResult {
    return interactionsFromRecords(records, options);
  }

  /** Number of rows. */
  get size(): number {
    return this.users.length;
  }

  // The accessors run in hot loops (samplers, evaluation), so each checks its index with one comparison chain and
  // leaves the message to an out-of-line helper. Without the check, `userPtr[99]` is undefined and `subarray` of
  // (undefined, undefined) is the whole column: another user's items, silently.

  /**
   * The items of user `u`, ascending (a view, not a copy).
   * @throws RangeError naming the method and `u` when `u` is not an integer in [0, numUsers).
   */
  itemsOf(u: number): Int32Array {
    if (!(u >= 0 && u < this.numUsers) || u !== (u | 0)) badIndex('itemsOf', 'user', u, this.numUsers);
    return this.userItems.subarray(this.userPtr[u], this.userPtr[u + 1]);
  }

  /**
   * The row numbers of user `u`, parallel to {@link itemsOf}.
   * @throws RangeError naming the method and `u` when `u` is not an integer in [0, numUsers).
   */
  rowsOfUser(u: number): Int32Array {
    if (!(u >= 0 && u < this.numUsers) || u !== (u | 0)) badIndex('rowsOfUser', 'user', u, this.numUsers);
    return this.userRows.subarray(this.userPtr[u], this.userPtr[u + 1]);
  }

  /**
   * The users of item `i`, ascending (a view, not a copy).
   * @throws RangeError naming the method and `i` when `i` is not an integer in [0, numItems).
   */
  usersOf(i: number): Int32Array {
    if (!(i >= 0 && i < this.numItems) || i !== (i | 0)) badIndex('usersOf', 'item', i, this.numItems);
    return this.itemUsers.subarray(this.itemPtr[i], this.itemPtr[i + 1]);
  }

  /**
   * The row numbers of item `i`, parallel to {@link usersOf}.
   * @throws RangeError naming the method and `i` when `i` is not an integer in [0, numItems).
   */
  rowsOfItem(i: number): Int32Array {
    if (!(i >= 0 && i < this.numItems) || i !== (i | 0)) badIndex('rowsOfItem', 'item', i, this.numItems);
    return this.itemRows.subarray(this.itemPtr[i], this.itemPtr[i + 1]);
  }

  /**
   * Number of rows of user `u`.
   * @throws RangeError naming the method and `u` when `u` is not an integer in [0, numUsers).
   */
  userDegree(u: number): number {
    if (!(u >= 0 && u < this.numUsers) || u !== (u | 0)) badIndex('userDegree', 'user', u, this.numUsers);
    return this.userPtr[u + 1] - this.userPtr[u];
  }

  /**
   * Number of rows of item `i`.
   * @throws RangeError naming the method and `i` when `i` is not an integer in [0, numItems).
   */
  itemDegree(i: number): number {
    if (!(i >= 0 && i < this.numItems) || i !== (i | 0)) badIndex('itemDegree', 'item', i, this.numItems);
    return this.itemPtr[i + 1] - this.itemPtr[i];
  }

  /**
   * Whether user `u` has any row with item `i` (binary search, O(log degree)). An integer id outside the index space
   * has no rows, so the answer is `false` (callers probe ids from other sources this way).
   * @throws RangeError naming `u` or `i` when it is not an integer (NaN, 1.5, a string): that is a bug, not a miss.
   */
  has(u: number, i: number): boolean {
    if (!(u >= 0 && u < this.numUsers) || u !== (u | 0)) {
      if (Number.isInteger(u)) return false;
      badIndex('has', 'user', u, this.numUsers);
    }
    if (i !== Math.trunc(i)) badIndex('has', 'item', i, this.numItems);
    let lo = this.userPtr[u];
    let hi = this.userPtr[u + 1];
    const items = this.userItems;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = items[mid];
      if (v === i) return true;
      if (v < i) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }

  /** Number of users with at least one row. */
  activeUsers(): number {
    let count = 0;
    for (let u = 0; u < this.numUsers; u++) if (this.userPtr[u + 1] > this.userPtr[u]) count++;
    return count;
  }

  /** Number of items with at least one row. */
  activeItems(): number {
    let count = 0;
    for (let i = 0; i < this.numItems; i++) if (this.itemPtr[i + 1] > this.itemPtr[i]) count++;
    return count;
  }

  /**
   * A new log with the given rows (in the given order), sharing this log's id maps and index space.
   * @param rows - row numbers into this log.
   * @throws RangeError naming the first entry of `rows` that is not an integer in [0, size).
   */
  select(rows: Int32Array): Interactions {
    const size = this.size;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      if (!(r >= 0 && r < size) || r !== (r | 0)) {
        throw new RangeError(
          `Interactions.select: rows[${k}] is ${describeValue(r)}, not a row number in [0, ${size})`,
        );
      }
    }
    return Interactions.fromColumns(
      {
        users: gather(this.users, rows),
        items: gather(this.items, rows),
        values: this.values && gather(this.values, rows),
        timestamps: this.timestamps && gather(this.timestamps, rows),
        behaviours: this.behaviours && gather(this.behaviours, rows),
      },
      this.sameSpace(),
    );
  }

  /** A new log with the rows for which `keep(row)` is true. */
  filter(keep: (row: number) => boolean): Interactions {
    const rows: number[] = [];
    for (let r = 0; r < this.size; r++) if (keep(r)) rows.push(r);
    return this.select(Int32Array.from(rows));
  }

  /** The rows of one behaviour, e.g. `log.ofBehaviour('buy')`. */
  ofBehaviour(name: string): Interactions {
    const code = this.behaviourNames.indexOf(name);
    if (code < 0 || !this.behaviours) {
      throw new Error(
        `Interactions.ofBehaviour: no behaviour "${name}" (have: ${this.behaviourNames.join(', ') || 'none'})`,
      );
    }
    const behaviours = this.behaviours;
    return this.filter((r) => behaviours[r] === code);
  }

  /** Options that build another log in this log's index space (same id maps and sizes). */
  sameSpace(): InteractionsOptions {
    return {
      userIds: this.userIds,
      itemIds: this.itemIds,
      numUsers: this.numUsers,
      numItems: this.numItems,
      behaviourNames: this.behaviourNames.length > 0 ? this.behaviourNames : undefined,
    };
  }
}

/** The message of a bad accessor index, kept out of line so the accessors stay small enough to inline. */
function badIndex(method: string, what: 'user' | 'item', value: unknown, size: number): never {
  throw new RangeError(
    `Interactions.${method}: ${what} index ${describeValue(value)} is not an integer in [0, ${size})`,
  );
}

type IndexArray = Int32Array | Uint8Array;
type AnyTypedArray = Int32Array | Uint8Array | Float32Array | Float64Array;

function stableCountingSort(rows: Int32Array, keys: IndexArray, numKeys: number) {
  const offsets = new Int32Array(numKeys + 1);
  for (let k = 0; k < rows.length; k++) offsets[keys[rows[k]] + 1]++;
  for (let key = 0; key < numKeys; key++) offsets[key + 1] += offsets[key];
  const cursor = offsets.slice(0, numKeys);
  const order = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    order[cursor[keys[row]]++] = row;
  }
  return { order, offsets };
}

function gather<T extends AnyTypedArray>(column: T, rows: Int32Array): T {
  const out = new (column.constructor as new (n: number) => T)(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]];
  return out;
}

function maxPlusOne(indices: Int32Array): number {
  let max = -1;
  for (let k = 0; k < indices.length; k++) if (indices[k] > max) max = indices[k];
  return max + 1;
}

const COLUMN_KEYS = ['users', 'items', 'values', 'timestamps', 'behaviours'] as const;
const OPTION_KEYS = ['userIds', 'itemIds', 'numUsers', 'numItems', 'behaviourNames'] as const;

/** Indices and CSR offsets are Int32: a space of 2^31 or more cannot be indexed at all. */
const MAX_INDEXABLE = 2 ** 31 - 1;
/**
 * Largest index space built: its offsets alone take 4 bytes an entry (1 GiB here, twice for CSR and CSC). A larger
 * one is a mistake (a stray id, a size typed wrong), and allocating it gets the process killed rather than an error.
 */
const MAX_SPACE = 2 ** 28;

/** Largest number of behaviour codes: they are stored in a Uint8Array. */
export const MAX_BEHAVIOURS = 256;

function checkColumnType(
  where: string,
  key: string,
  column: unknown,
  type: Int32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor,
): void {
  if (!(column instanceof type)) {
    throw new TypeError(
      `${where}: column ${key} must be ${/^[AEIOU]/.test(type.name) ? 'an' : 'a'} ${type.name}, got ${describeValue(column)}`,
    );
  }
}

function checkFinite(where: string, key: string, column: Float32Array | Float64Array): void {
  for (let r = 0; r < column.length; r++) {
    const v = column[r];
    if (!Number.isFinite(v)) throw new RangeError(`${where}: column ${key} has ${describeValue(v)} at row ${r}`);
  }
}

function spaceSize(where: string, key: string, size: unknown): number {
  if (typeof size !== 'number') {
    throw new TypeError(`${where}: option "${key}" must be a number, got ${describeValue(size)}`);
  }
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_INDEXABLE) {
    throw new RangeError(
      `${where}: option "${key}" must be an integer in [0, ${MAX_INDEXABLE}] (indices are 32-bit), got ${describeValue(size)}`,
    );
  }
  if (size > MAX_SPACE) {
    const gib = ((size + 1) * 4 * 2) / 2 ** 30;
    throw new RangeError(
      `${where}: ${key} ${size} is too large to index (its offset arrays alone would take ${gib.toFixed(1)} GiB; ` +
        `the limit is ${MAX_SPACE})`,
    );
  }
  return size;
}

/** Behaviour names must be distinct strings, at most {@link MAX_BEHAVIOURS} (codes are bytes). */
export function checkBehaviourNames(where: string, names: unknown): readonly string[] {
  if (!Array.isArray(names)) {
    throw new TypeError(`${where}: option "behaviourNames" must be an array of strings, got ${describeValue(names)}`);
  }
  if (names.length > MAX_BEHAVIOURS) {
    throw new RangeError(
      `${where}: option "behaviourNames" has ${names.length} names; behaviour codes are bytes, so at most ${MAX_BEHAVIOURS}`,
    );
  }
  const seen = new Map<string, number>();
  names.forEach((name: unknown, k) => {
    if (typeof name !== 'string') {
      throw new TypeError(`${where}: behaviourNames[${k}] must be a string, got ${describeValue(name)}`);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new RangeError(`${where}: behaviourNames[${k}] ${describeValue(name)} repeats behaviourNames[${first}]`);
    }
    seen.set(name, k);
  });
  return names as readonly string[];
}

function checkRange(where: string, key: string, indices: IndexArray, size: number, sizeName: string): void {
  for (let r = 0; r < indices.length; r++) {
    const v = indices[r];
    if (!(v >= 0 && v < size)) {
      throw new RangeError(`${where}: column ${key} has ${v} at row ${r}, outside [0, ${sizeName} = ${size})`);
    }
  }
}
