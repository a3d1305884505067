import { describeValue, refuseUnknownOptions } from '../check-options.js';
import type { DelimitedColumns } from './delimited.js';
import { DataFormatError } from './errors.js';

/** The roles a column of a table can have, in the order messages list them. */
export const TABLE_ROLES = ['user', 'item', 'value', 'timestamp', 'behaviour'] as const;

/** One of {@link TABLE_ROLES}. */
export type TableRole = (typeof TABLE_ROLES)[number];

/** The column index of each role in a table, -1 for a role not mapped. */
export type TableColumnIndex = Record<TableRole, number>;

/**
 * Checks a column mapping of a table (a Parquet file, a DuckDB result) before anything is read: user and item are
 * given, every reference is a column name or a 0-based index, and no column is given for two roles.
 *
 * @param where - the loader, for the messages.
 * @throws TypeError or RangeError naming the role and the value.
 */
export function checkTableColumns(where: string, columns: unknown): asserts columns is DelimitedColumns {
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) {
    throw new TypeError(
      `${where}: option "columns" must map roles to columns, e.g. { user: 'user_id', item: 'item_id' }, ` +
        `got ${describeValue(columns)}`,
    );
  }
  refuseUnknownOptions(`${where} (columns)`, columns, TABLE_ROLES);
  const refs = columns as Partial<Record<TableRole, unknown>>;
  if (refs.user === undefined || refs.item === undefined) {
    throw new TypeError(`${where}: option "columns" needs user and item, got ${describeValue(columns)}`);
  }
  for (const role of TABLE_ROLES) {
    const ref = refs[role];
    if (ref === undefined) continue;
    const valid =
      (typeof ref === 'string' && ref !== '') || (typeof ref === 'number' && Number.isInteger(ref) && ref >= 0);
    if (!valid) {
      throw new TypeError(
        `${where}: column ${role} must be a column name or a 0-based index, got ${describeValue(ref)}`,
      );
    }
    // One column read as two things loads nonsense without an error.
    const other = TABLE_ROLES.slice(0, TABLE_ROLES.indexOf(role)).find((r) => refs[r] === ref);
    if (other !== undefined) {
      throw new RangeError(`${where}: column ${describeValue(ref)} is given for both ${other} and ${role}`);
    }
  }
}

/**
 * Finds the mapped columns among a table's columns.
 *
 * @param file - the file (or source) named by errors.
 * @param columns - the mapping, checked by {@link checkTableColumns}.
 * @param names - the table's column names, in order.
 * @param table - what the table is, for messages: `'the file'`, `'the query's result'`.
 * @throws DataFormatError of kind `'columns'` (line 0) naming the column and listing the table's: a name not among
 * them or held by two columns, an index past the last, or one column reached by a name and an index for two roles.
 */
export function resolveTableColumns(
  file: string,
  columns: DelimitedColumns,
  names: readonly string[],
  table: string,
): TableColumnIndex {
  const index: TableColumnIndex = { user: -1, item: -1, value: -1, timestamp: -1, behaviour: -1 };
  const problem = (text: string): DataFormatError =>
    new DataFormatError(file, 0, 'columns', `${text}; ${table} has ${listColumns(names)}`);
  for (const role of TABLE_ROLES) {
    const ref = columns[role];
    if (ref === undefined) continue;
    let found: number;
    if (typeof ref === 'number') {
      if (ref >= names.length) throw problem(`no column ${ref} (0-based, for ${role})`);
      found = ref;
    } else {
      const same = names.flatMap((name, c) => (name === ref ? [c] : []));
      if (same.length === 0) throw problem(`no column ${JSON.stringify(ref)} (for ${role})`);
      // The first of two equal names would be taken silently, whichever was meant.
      if (same.length > 1) {
        throw problem(
          `column ${JSON.stringify(ref)} (for ${role}) is ambiguous: columns ${same.join(' and ')} (0-based) have that ` +
            'name; rename one, or give the column by index',
        );
      }
      found = same[0]!;
    }
    const other = TABLE_ROLES.find((r) => index[r] === found);
    if (other !== undefined) {
      throw problem(`column ${found} (${JSON.stringify(names[found])}) is given for both ${other} and ${role}`);
    }
    index[role] = found;
  }
  return index;
}

/** The column names for a message, the first 20 of them. */
function listColumns(names: readonly string[]): string {
  if (names.length === 0) return 'no columns';
  const shown = names.slice(0, 20).map((name) => JSON.stringify(name));
  const more = names.length > 20 ? `, ... (${names.length} in all)` : '';
  return `columns ${shown.join(', ')}${more}`;
}
