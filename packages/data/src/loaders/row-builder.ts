import type { IdMap } from '../id-map.js';
import { Interactions } from '../interactions.js';
import { resolveDuplicates, DuplicateRowProblem, type RowColumns } from './duplicates.js';
import { DataFormatError } from './errors.js';
import { GrowableColumn } from './growable-column.js';
import { DEFAULT_DUPLICATE_POLICY, type DuplicatePolicy, type LoadResult } from './options.js';
import { makeReport } from './report.js';
import type { ScanSummary } from './line-scanner.js';

/** Which columns a {@link RowBuilder} collects. */
export interface RowLayout {
  /** The format has a value (rating) column. */
  values: boolean;
  /** The format has a timestamp column. */
  timestamps: boolean;
  /** The format has a behaviour column. */
  behaviours: boolean;
  /** Duplicate policy; default `'keep-latest'`. */
  policy?: DuplicatePolicy;
}

/** What {@link RowBuilder.build} needs besides the rows. */
export interface BuildContext {
  /** The file's path. */
  file: string;
  /** The format name for the report. */
  format: string;
  /** The scan of the file. */
  scan: ScanSummary;
  /** User ids (the index space is its size unless `numUsers` is given). */
  userIds: IdMap;
  /** Item ids. */
  itemIds: IdMap;
  /** Size of the user index space, if not `userIds.size`. */
  numUsers?: number;
  /** Size of the item index space, if not `itemIds.size`. */
  numItems?: number;
  /** Behaviour names, with a behaviours column. */
  behaviourNames?: readonly string[];
  /**
   * The error for a repeat under the `'error'` policy, given the `line`s (as passed to {@link RowBuilder.add}) of the
   * repeat and of its first occurrence, and the rows' key (`user a, item x`); by default a {@link DataFormatError}
   * naming the file and both lines.
   */
  duplicateError?: (line: number, firstLine: number, key: string) => Error;
}

/**
 * Collects parsed rows in growable typed columns, then merges duplicates and builds {@link Interactions} with a
 * {@link LoadReport}. Under the `'sum'` policy a values column is kept even when the format has none (1 per row).
 *
 * @example
 * ```ts
 * const rows = new RowBuilder({ values: true, timestamps: false, behaviours: false });
 * rows.add(0, 1, 1, 4.5);
 * const { interactions, report } = rows.build({ file, format: 'csv', scan, userIds, itemIds });
 * ```
 */
export class RowBuilder {
  /** The duplicate policy in force. */
  readonly policy: DuplicatePolicy;
  private readonly users = new GrowableColumn(Int32Array);
  private readonly items = new GrowableColumn(Int32Array);
  private readonly values: GrowableColumn<Float32Array> | undefined;
  private readonly timestamps: GrowableColumn<Float64Array> | undefined;
  private readonly behaviours: GrowableColumn<Uint8Array> | undefined;
  private readonly lines: GrowableColumn<Uint32Array> | undefined;

  /** @param layout - the columns of the format, and the duplicate policy. */
  constructor(layout: RowLayout) {
    this.policy = layout.policy ?? DEFAULT_DUPLICATE_POLICY;
    if (layout.values || this.policy === 'sum') this.values = new GrowableColumn(Float32Array);
    if (layout.timestamps) this.timestamps = new GrowableColumn(Float64Array);
    if (layout.behaviours) this.behaviours = new GrowableColumn(Uint8Array);
    if (this.policy === 'error') this.lines = new GrowableColumn(Uint32Array);
  }

  /** Number of rows added. */
  get size(): number {
    return this.users.length;
  }

  /**
   * Adds a row. Columns the layout lacks ignore their argument.
   * @param line - 1-based line number (for duplicate errors).
   */
  add(user: number, item: number, line: number, value = 1, timestamp = 0, behaviour = 0): void {
    this.users.push(user);
    this.items.push(item);
    this.values?.push(value);
    this.timestamps?.push(timestamp);
    this.behaviours?.push(behaviour);
    this.lines?.push(line);
  }

  /**
   * Merges duplicates and builds the result.
   * @throws DataFormatError of kind `'duplicate'` under the `'error'` policy (or what `context.duplicateError` gives).
   */
  build(context: BuildContext): LoadResult {
    const behaviourNames = context.behaviourNames ?? [];
    const columns: RowColumns = {
      users: this.users.toArray(),
      items: this.items.toArray(),
      values: this.values?.toArray(),
      timestamps: this.timestamps?.toArray(),
      // A behaviour column whose names were to be discovered, but no row named one, is left out.
      behaviours: behaviourNames.length > 0 ? this.behaviours?.toArray() : undefined,
      lines: this.lines?.toArray(),
    };
    const numUsers = context.numUsers ?? context.userIds.size;
    const numItems = context.numItems ?? context.itemIds.size;
    let deduplicated;
    try {
      deduplicated = resolveDuplicates(
        columns,
        { numUsers, numItems, numBehaviours: behaviourNames.length },
        this.policy,
      );
    } catch (error) {
      if (!(error instanceof DuplicateRowProblem)) throw error;
      const row = error.row;
      const behaviour = columns.behaviours ? `, behaviour ${behaviourNames[columns.behaviours[row]]}` : '';
      const key = `user ${context.userIds.raw(columns.users[row])}, item ${context.itemIds.raw(columns.items[row])}`;
      if (context.duplicateError) throw context.duplicateError(error.line, error.firstLine, key + behaviour);
      throw new DataFormatError(
        context.file,
        error.line,
        'duplicate',
        `(${key}${behaviour}) repeats line ${error.firstLine}`,
      );
    }
    const interactions = Interactions.fromColumns(deduplicated.columns, {
      userIds: context.userIds,
      itemIds: context.itemIds,
      numUsers,
      numItems,
      behaviourNames: columns.behaviours ? behaviourNames : undefined,
    });
    const report = makeReport({
      file: context.file,
      format: context.format,
      lines: context.scan.lines,
      rows: interactions.size,
      skips: context.scan.skips,
      duplicates: deduplicated.duplicates,
      duplicatePolicy: this.policy,
    });
    return { interactions, report };
  }
}
