import {
  detectFormat,
  DUCKDB_MEMORY,
  loadInteractions,
  type DelimitedColumns,
  type DuplicatePolicy,
  type IdMap,
  type LoadedInteractions,
  type LoadFormat,
} from '@recsys/data';
import { choiceOption, flag, optionalString, type OptionSpec, type ParsedArgs } from './args.js';
import { UsageError, type CliIo } from './io.js';
import { checkedPath } from './paths.js';

/** The input formats the CLI reads. */
export const FORMATS = [
  'movielens',
  'ncf',
  'csv',
  'taobao',
  'citeulike',
  'parquet',
  'duckdb',
] as const satisfies readonly LoadFormat[];
/** The formats read through a column mapping (`--columns`). */
const MAPPED_FORMATS: readonly string[] = ['csv', 'parquet', 'duckdb'];
const DUPLICATES = ['keep-latest', 'keep-first', 'sum', 'error'] as const satisfies readonly DuplicatePolicy[];

/** Options every command that reads an interaction file accepts. */
export const DATA_OPTIONS: Record<string, OptionSpec> = {
  format: {
    type: 'string',
    value: `<${FORMATS.join('|')}>`,
    description:
      'Input format; guessed from the file name when absent (u.data, ratings.dat, *.rating, UserBehavior*.csv, ' +
      'users.dat, *.parquet; duckdb with --duckdb)',
  },
  lenient: { type: 'boolean', description: 'Skip malformed lines (counted and reported) instead of failing' },
  duplicates: {
    type: 'string',
    value: `<${DUPLICATES.join('|')}>`,
    description: 'What to do with repeated (user, item) rows; merges are reported',
    default: 'keep-latest',
  },
  delimiter: { type: 'string', value: '<char>', description: 'csv: field delimiter (\\t for tab)', default: ',' },
  columns: {
    type: 'string',
    value: '<spec>',
    description:
      'csv, parquet, duckdb: column mapping, e.g. user=0,item=1,value=2,timestamp=3, or by name ' +
      'user=user_id,item=item_id (csv: names with --header)',
  },
  header: { type: 'boolean', description: 'csv: the first line is a header' },
  duckdb: {
    type: 'string',
    value: '<sql>',
    description:
      'Read the rows of this DuckDB query (needs npm install @duckdb/node-api; implies --format duckdb); the file ' +
      `given is then the database it runs on, opened read-only, or ${DUCKDB_MEMORY} for none, e.g. ` +
      `${DUCKDB_MEMORY} --duckdb "select user_id, item_id from 'events.parquet'" --columns user=user_id,item=item_id`,
  },
};

/**
 * Loads an interaction file as the data options say, logging the load report's warnings on stderr. `option` names
 * the flag that gave the path (e.g. `--train`), for messages.
 */
export async function loadFromArgs(
  io: CliIo,
  args: ParsedArgs,
  path: string,
  option: string,
  maps: { userIds?: IdMap; itemIds?: IdMap } = {},
): Promise<LoadedInteractions> {
  // ':memory:' is DuckDB's in-memory database, no file; any other path must name one.
  const memory = path === DUCKDB_MEMORY;
  if (!memory) await checkedPath(path, option);
  const query = optionalString(args, 'duckdb');
  const given = choiceOption(args, 'format', FORMATS);
  if (query !== undefined && given !== undefined && given !== 'duckdb') {
    throw new UsageError(`--duckdb reads a query's rows, so the format is duckdb, not --format ${given}`);
  }
  const format = given ?? (query !== undefined ? 'duckdb' : detectFormat(path));
  if (!format) {
    throw new UsageError(
      `cannot tell the format of ${path} (${option}) from its name; pass --format (${FORMATS.join(', ')})`,
    );
  }
  if (format === 'duckdb' && query === undefined) {
    throw new UsageError(
      `${path} (${option}) is read as duckdb, which needs the query: --duckdb "select user_id, item_id from events"`,
    );
  }
  if (query !== undefined && query.trim() === '') throw new UsageError('--duckdb is empty; give the SQL query');
  if (memory && format !== 'duckdb') await checkedPath(path, option);
  const unit = format === 'parquet' || format === 'duckdb' ? 'rows' : 'lines';
  let lastReported = -1;
  const loaded = await loadInteractions(path, {
    format,
    lenient: flag(args, 'lenient'),
    duplicates: choiceOption(args, 'duplicates', DUPLICATES, 'keep-latest'),
    ...formatOptions(args, format, query),
    ...maps,
    onProgress: (lines) => {
      if (lines === lastReported) return; // the final call may repeat the last count
      lastReported = lines;
      io.err(`recsys: ${path}: ${lines.toLocaleString('en-US')} ${unit} read\n`);
    },
  });
  const { report } = loaded;
  if (report.skipped > 0) {
    const kinds = Object.entries(report.skippedByKind)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    // Parquet and DuckDB rows with a null are skipped, not malformed: counted apart.
    const nulls = report.skippedByKind.null ?? 0;
    const what =
      nulls === report.skipped
        ? `${nulls} rows with a null in a mapped column`
        : nulls > 0
          ? `${report.skipped} rows (${kinds})`
          : `${report.skipped} malformed ${unit} (${kinds})`;
    io.err(`recsys: ${path}: skipped ${what}; first: ${report.skippedExamples[0]?.message}\n`);
  }
  if (report.trimmedIds) {
    io.err(
      `recsys: ${path}: ${report.trimmedIds} rows had a user or item id with surrounding whitespace, removed ` +
        '(" x" and "x" are read as one id)\n',
    );
  }
  if (report.duplicates > 0) {
    io.err(`recsys: ${path}: ${report.duplicates} duplicate rows merged (policy ${report.duplicatePolicy})\n`);
  }
  return loaded;
}

const COLUMN_KEYS = ['user', 'item', 'value', 'timestamp', 'behaviour'];

/** The options of `format` for {@link loadInteractions}, under its key; flags of other formats are refused. */
function formatOptions(args: ParsedArgs, format: LoadFormat, query: string | undefined) {
  // Flags that mean nothing to the format are refused rather than ignored.
  const refuse = (names: string[], applies: string) => {
    for (const name of names) {
      if (args.values[name] !== undefined) {
        throw new UsageError(`--${name} applies to ${applies} only; this file is read as ${format}`);
      }
    }
  };
  if (format !== 'csv') refuse(['delimiter', 'header'], '--format csv');
  if (!MAPPED_FORMATS.includes(format)) refuse(['columns'], '--format csv, parquet and duckdb');
  switch (format) {
    case 'csv':
      return {
        csv: { ...columnsOption(args, format), delimiter: delimiterOption(args), header: flag(args, 'header') },
      };
    case 'parquet':
      return { parquet: columnsOption(args, format) };
    case 'duckdb':
      return { duckdb: { ...columnsOption(args, format), query: query! } };
    default:
      return {};
  }
}

/** The `--columns` mapping, which the formats read through one need. */
function columnsOption(args: ParsedArgs, format: string): { columns: DelimitedColumns } {
  const spec = optionalString(args, 'columns');
  if (!spec) {
    const example = format === 'csv' ? 'user=0,item=1,value=2,timestamp=3' : 'user=user_id,item=item_id,value=rating';
    throw new UsageError(`--format ${format} needs --columns, e.g. --columns ${example}`);
  }
  const mapping: Record<string, string | number> = {};
  for (const part of spec.split(',')) {
    const [key, column] = part.split('=');
    if (!key || column === undefined || column === '') throw new UsageError(`--columns: cannot read "${part}"`);
    const name = key.trim();
    if (!COLUMN_KEYS.includes(name)) {
      throw new UsageError(`--columns: unknown column "${key}" (known: ${COLUMN_KEYS.join(', ')})`);
    }
    // A repeated key would silently take its last column: the user meant one of them, and we cannot tell which.
    if (name in mapping) {
      throw new UsageError(`--columns: ${name} is given twice (${name}=${mapping[name]} and ${name}=${column.trim()})`);
    }
    const ref = /^\d+$/.test(column) ? Number(column) : column.trim();
    // One column read as two things (user=user,item=user) loads nonsense without an error.
    const other = Object.keys(mapping).find((k) => mapping[k] === ref);
    if (other !== undefined) {
      throw new UsageError(`--columns: column ${JSON.stringify(ref)} is given for both ${other} and ${name}`);
    }
    mapping[name] = ref;
  }
  const { user, item, value, timestamp, behaviour } = mapping;
  if (user === undefined || item === undefined) throw new UsageError('--columns needs user= and item=');
  return { columns: { user, item, value, timestamp, behaviour } };
}

/** The `--delimiter`: `,` by default, `\t` or `tab` for a tab; never empty or a line break. */
function delimiterOption(args: ParsedArgs): string {
  const raw = optionalString(args, 'delimiter') ?? ',';
  const delimiter = raw === '\\t' || raw === 'tab' ? '\t' : raw;
  if (delimiter === '') throw new UsageError("--delimiter is empty; give the field delimiter, e.g. --delimiter ';'");
  // Lines end at LF (one CR before it belongs to the ending), so no field could ever be split at one.
  if (/[\n\r]/.test(delimiter)) {
    throw new UsageError(
      `--delimiter ${JSON.stringify(delimiter)} holds a line break; it must split fields within a line`,
    );
  }
  return delimiter;
}
