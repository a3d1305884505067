import {
  detectFormat,
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
export const FORMATS = ['movielens', 'ncf', 'csv', 'taobao', 'citeulike'] as const satisfies readonly LoadFormat[];
const DUPLICATES = ['keep-latest', 'keep-first', 'sum', 'error'] as const satisfies readonly DuplicatePolicy[];

/** Options every command that reads an interaction file accepts. */
export const DATA_OPTIONS: Record<string, OptionSpec> = {
  format: {
    type: 'string',
    value: `<${FORMATS.join('|')}>`,
    description:
      'Input format; guessed from the file name when absent (u.data, ratings.dat, *.rating, UserBehavior*.csv, users.dat)',
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
    description: 'csv: column mapping, e.g. user=0,item=1,value=2,timestamp=3 (names with --header)',
  },
  header: { type: 'boolean', description: 'csv: the first line is a header' },
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
  await checkedPath(path, option);
  const format = choiceOption(args, 'format', FORMATS) ?? detectFormat(path);
  if (!format) {
    throw new UsageError(
      `cannot tell the format of ${path} (${option}) from its name; pass --format (${FORMATS.join(', ')})`,
    );
  }
  let lastReported = -1;
  const loaded = await loadInteractions(path, {
    format,
    lenient: flag(args, 'lenient'),
    duplicates: choiceOption(args, 'duplicates', DUPLICATES, 'keep-latest'),
    csv: format === 'csv' ? csvOptions(args) : refuseCsvOptions(args, format),
    ...maps,
    onProgress: (lines) => {
      if (lines === lastReported) return; // the final call may repeat the last count
      lastReported = lines;
      io.err(`recsys: ${path}: ${lines.toLocaleString('en-US')} lines read\n`);
    },
  });
  const { report } = loaded;
  if (report.skipped > 0) {
    const kinds = Object.entries(report.skippedByKind)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    io.err(
      `recsys: ${path}: skipped ${report.skipped} malformed lines (${kinds}); first: ${report.skippedExamples[0]?.message}\n`,
    );
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

/** The csv-only flags mean nothing to another format: refused rather than ignored. */
function refuseCsvOptions(args: ParsedArgs, format: string): undefined {
  for (const name of ['columns', 'delimiter', 'header']) {
    if (args.values[name] !== undefined) {
      throw new UsageError(`--${name} applies to --format csv only; this file is read as ${format}`);
    }
  }
  return undefined;
}

function csvOptions(args: ParsedArgs) {
  const spec = optionalString(args, 'columns');
  if (!spec) throw new UsageError('--format csv needs --columns, e.g. --columns user=0,item=1,value=2,timestamp=3');
  const header = flag(args, 'header');
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
  const columns: DelimitedColumns = { user, item, value, timestamp, behaviour };
  return { delimiter: delimiterOption(args), header, columns };
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
