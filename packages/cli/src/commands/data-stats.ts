import type { Interactions } from '@recsys/data';
import { type CommandSpec, type ParsedArgs } from '../args.js';
import { CONFIG_OPTION, configSummary } from '../config.js';
import { defineCommand } from '../command.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { printJson, UsageError, type CliIo } from '../io.js';

/** The `--config` key of the positional file(s). */
const CONFIG_INPUT = { key: 'input' };

export const spec: CommandSpec = {
  name: 'data stats',
  usage: 'recsys data stats <path> [--format f] [--lenient] [--duplicates policy]',
  brief: "Prints an interaction file's statistics and load report as JSON.",
  summary: [
    'Loads an interaction file and prints its statistics and load report as JSON.',
    configSummary('"input": "u.data", "lenient": true', '"input" is the file'),
  ].join('\n'),
  configInput: CONFIG_INPUT,
  options: { ...DATA_OPTIONS, ...CONFIG_OPTION },
};

export const run = defineCommand(spec, runCommand);

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [path, ...rest] = args.positionals;
  if (!path || rest.length > 0) throw new UsageError('data stats: give exactly one file');
  const { interactions, report } = await loadFromArgs(io, args, path, 'the data file');
  printJson(io, { file: path, ...describe(interactions), report });
  return 0;
}

/** Summary statistics of a log, as `recsys data stats` prints them. */
export function describe(log: Interactions) {
  const userDegrees = degrees(log.userPtr);
  const itemDegrees = degrees(log.itemPtr);
  const users = log.activeUsers();
  const items = log.activeItems();
  const stats: Record<string, unknown> = {
    users,
    items,
    rows: log.size,
    // Over the users and items with rows: a dense-id format's index space may also hold ids no row names.
    density: log.size / Math.max(1, users * items),
    indexSpace: {
      users: log.numUsers,
      items: log.numItems,
      usersWithoutRows: log.numUsers - users,
      itemsWithoutRows: log.numItems - items,
    },
    perUser: spread(userDegrees),
    perItem: spread(itemDegrees),
  };
  if (log.values) {
    const counts: Record<string, number> = {};
    let min = Infinity;
    let max = -Infinity;
    for (const v of log.values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      if (Number.isInteger(v)) counts[v] = (counts[v] ?? 0) + 1;
    }
    stats.values = { min, max, counts };
  }
  if (log.timestamps && log.size > 0) {
    let min = Infinity;
    let max = -Infinity;
    for (const t of log.timestamps) {
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    stats.timestamps = { min, max, first: isoSeconds(min), last: isoSeconds(max) };
  }
  if (log.behaviours) {
    const counts: Record<string, number> = Object.fromEntries(log.behaviourNames.map((name) => [name, 0]));
    for (const code of log.behaviours) counts[log.behaviourNames[code]]++;
    stats.behaviours = counts;
  }
  return stats;
}

function degrees(ptr: Int32Array): Int32Array {
  const out = new Int32Array(ptr.length - 1);
  for (let k = 0; k < out.length; k++) out[k] = ptr[k + 1] - ptr[k];
  return out.filter((d) => d > 0).sort();
}

function spread(sorted: Int32Array) {
  if (sorted.length === 0) return { min: 0, median: 0, max: 0 };
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

function isoSeconds(t: number): string | null {
  const date = new Date(t * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
