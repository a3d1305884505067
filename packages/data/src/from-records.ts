import { describeValue } from './check-options.js';
import { IdMap, type RawId } from './id-map.js';
import { checkBehaviourNames } from './interactions.js';
import { BehaviourCodes } from './loaders/behaviour-codes.js';
import { LineProblem } from './loaders/errors.js';
import { cachedAdd } from './loaders/id-space.js';
import type { ScanSummary } from './loaders/line-scanner.js';
import { checkLoadOptions, type LoadOptions, type LoadResult } from './loaders/options.js';
import { SkipLog } from './loaders/report.js';
import { RowBuilder } from './loaders/row-builder.js';

/** One interaction with raw ids, as given to {@link Interactions.fromRecords}. */
export interface InteractionRecord {
  /** The raw user id: a string (not empty, without surrounding whitespace) or a finite number. */
  user: RawId;
  /** The raw item id, as `user`. */
  item: RawId;
  /** A value (a rating, a count): a finite number, stored as float32. */
  value?: number;
  /** A timestamp (e.g. unix seconds): a finite number. */
  timestamp?: number;
  /** A behaviour name, e.g. `'click'` or `'buy'`. */
  behaviour?: string;
}

/** Options of {@link Interactions.fromRecords}: those of the file loaders that apply to records in memory. */
export interface FromRecordsOptions extends Pick<LoadOptions, 'duplicates' | 'userIds' | 'itemIds'> {
  /**
   * The behaviour names, in code order; a name not listed is an error. By default names are coded in order of first
   * appearance (at most 256).
   */
  behaviourNames?: readonly string[];
}

const FIELDS = ['user', 'item', 'value', 'timestamp', 'behaviour'] as const;
const OPTIONAL = ['value', 'timestamp', 'behaviour'] as const;
const WHERE = 'Interactions.fromRecords';

/** The file and format a records report names. */
const RECORDS_SOURCE = '(records)';

/**
 * Builds interactions from records with raw ids, as the file loaders build them from lines; see
 * {@link Interactions.fromRecords}, which calls it.
 */
export function interactionsFromRecords(
  records: readonly InteractionRecord[],
  options: FromRecordsOptions = {},
): LoadResult {
  checkLoadOptions(WHERE, options, ['behaviourNames'], ['duplicates', 'userIds', 'itemIds']);
  if (!Array.isArray(records)) {
    throw new TypeError(
      `${WHERE}: records must be an array of { user, item, ... } objects, got ${describeValue(records)}`,
    );
  }
  // A repeated name would get two codes, and names past 256 would wrap in the byte-wide behaviour column.
  if (options.behaviourNames !== undefined) checkBehaviourNames(WHERE, options.behaviourNames);
  // The first record decides which columns there are; every other record must have the same ones.
  const first: Partial<Record<string, unknown>> = records.length > 0 ? checkRecord(records[0], 0) : {};
  const has = {
    value: first.value !== undefined,
    timestamp: first.timestamp !== undefined,
    behaviour: first.behaviour !== undefined,
  };
  const userIds = options.userIds ?? new IdMap();
  const itemIds = options.itemIds ?? new IdMap();
  const addUser = cachedAdd(userIds);
  const behaviours = new BehaviourCodes(options.behaviourNames);
  const rows = new RowBuilder({
    values: has.value,
    timestamps: has.timestamp,
    behaviours: has.behaviour,
    policy: options.duplicates,
  });
  for (let k = 0; k < records.length; k++) {
    const record = checkRecord(records[k], k);
    for (const field of OPTIONAL) {
      if ((record[field] !== undefined) !== has[field]) {
        const [some, none] = has[field] ? [0, k] : [k, 0];
        throw new TypeError(
          `${WHERE}: records[${some}] has a ${field} and records[${none}] has none; give every record a ${field}, ` +
            'or none',
        );
      }
    }
    const user = rawId(record.user, k, 'user');
    const item = rawId(record.item, k, 'item');
    const value = has.value ? finite(record.value, k, 'value', true) : 1;
    const timestamp = has.timestamp ? finite(record.timestamp, k, 'timestamp', false) : 0;
    let behaviour = 0;
    if (has.behaviour) {
      const name = record.behaviour;
      if (typeof name !== 'string') {
        throw new TypeError(`${WHERE}: records[${k}].behaviour must be a string, got ${describeValue(name)}`);
      }
      try {
        behaviour = behaviours.code(name);
      } catch (error) {
        if (error instanceof LineProblem) throw new RangeError(`${WHERE}: records[${k}]: ${error.problem}`);
        throw error;
      }
    }
    // Rows are numbered from 1 like lines, so that the row builder's duplicate check can name them.
    rows.add(addUser(user), itemIds.add(item), k + 1, value, timestamp, behaviour);
  }
  const scan: ScanSummary = { lines: records.length, skips: new SkipLog() };
  return rows.build({
    file: RECORDS_SOURCE,
    format: 'records',
    scan,
    userIds,
    itemIds,
    behaviourNames: behaviours.names,
    duplicateError: (line, firstLine, key) =>
      new RangeError(
        `${WHERE}: records[${line - 1}] (${key}) repeats records[${firstLine - 1}], and the duplicate policy is ` +
          '"error"; merge them with another policy (keep-latest, keep-first, sum)',
      ),
  });
}

/** A record as an object with only known fields. */
function checkRecord(record: unknown, k: number): Partial<Record<(typeof FIELDS)[number], unknown>> {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new TypeError(`${WHERE}: records[${k}] must be an object { user, item, ... }, got ${describeValue(record)}`);
  }
  // A misspelt field (`rating` for `value`) would otherwise be dropped without a word.
  for (const key in record) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new RangeError(`${WHERE}: records[${k}] has a field "${key}" (known: ${FIELDS.join(', ')})`);
    }
  }
  return record;
}

/** The string an id is mapped as; refuses what the loaders refuse in a file (an empty id, surrounding whitespace). */
function rawId(id: unknown, k: number, what: 'user' | 'item'): string {
  if (id === undefined || id === null) throw new TypeError(`${WHERE}: records[${k}] has no ${what}`);
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id !== 'string') {
    throw new TypeError(
      `${WHERE}: records[${k}].${what} must be a string or a finite number, got ${describeValue(id)}`,
    );
  }
  if (id === '') throw new RangeError(`${WHERE}: records[${k}].${what} is empty`);
  // Ids are compared exactly: " 7" would be another id than "7", almost always by mistake.
  if (id.trim() !== id) {
    throw new RangeError(
      `${WHERE}: records[${k}].${what} ${describeValue(id)} starts or ends with whitespace, so it would not match ` +
        `${describeValue(id.trim())}`,
    );
  }
  return id;
}

/** A finite number; a value must also fit a float32 (it would be stored as Infinity). */
function finite(x: unknown, k: number, what: 'value' | 'timestamp', float32: boolean): number {
  if (typeof x !== 'number') {
    throw new TypeError(`${WHERE}: records[${k}].${what} must be a number, got ${describeValue(x)}`);
  }
  if (!Number.isFinite(float32 ? Math.fround(x) : x)) {
    const why = Number.isFinite(x) ? 'out of range for a float32 value' : 'not finite';
    throw new RangeError(`${WHERE}: records[${k}].${what} ${describeValue(x)} is ${why}`);
  }
  return x;
}
