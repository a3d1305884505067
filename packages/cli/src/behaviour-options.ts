import { IdMap, mergeBehaviourLogs, type Interactions } from '@recsys/data';
import type { OptionSpec, ParsedArgs } from './args.js';
import { loadFromArgs } from './data-options.js';
import { UsageError, type CliIo } from './io.js';

/**
 * Options of a command that reads several behaviours (views, carts, purchases): the one to predict, the supportive
 * ones, and one file per behaviour beside the main file (whose rows are then the target's).
 */
export const BEHAVIOUR_OPTIONS: Record<string, OptionSpec> = {
  target: {
    type: 'string',
    value: '<name>',
    description:
      'Predict this behaviour of a multi-behaviour log (e.g. buy of --format taobao): leave-one-out on it; models ' +
      'train on its rows, on every behaviour merged (name+all) or on the whole log (multi-feedback)',
  },
  supportive: {
    type: 'string',
    value: '<a,b,…>',
    description: 'With --target: the supportive behaviours (default every other one of the log)',
  },
  behaviour: {
    type: 'string',
    value: '<name=file>',
    multiple: true,
    description: "With --target: a supportive behaviour's own file (repeatable); the main file's rows are the target's",
  },
};

/** A parsed `--behaviour name=file`. */
export interface BehaviourFile {
  name: string;
  path: string;
}

/**
 * The `--behaviour name=file` values, checked: each `name=file`, names distinct and not the target.
 *
 * @throws UsageError naming the value at fault.
 */
export function behaviourFiles(values: readonly string[], target: string | undefined): BehaviourFile[] {
  if (values.length > 0 && target === undefined) {
    throw new UsageError("--behaviour needs --target: the name of the main file's behaviour (e.g. --target buy)");
  }
  const seen = new Set<string>();
  return values.map((value) => {
    const at = value.indexOf('=');
    const name = value.slice(0, at).trim();
    const path = value.slice(at + 1);
    if (at <= 0 || path === '') throw new UsageError(`--behaviour must read name=file, got "${value}"`);
    if (name === target) throw new UsageError(`--behaviour ${name}: "${name}" is the target (the main file's rows)`);
    if (seen.has(name)) throw new UsageError(`--behaviour ${name} is given twice`);
    seen.add(name);
    return { name, path };
  });
}

/**
 * The main interaction file, with one file per supportive behaviour merged in when `--behaviour` gives them (all read
 * in one id space; the main file's rows become the target's). Without `--behaviour`, the main file as it is.
 */
export async function loadBehaviourData(
  io: CliIo,
  args: ParsedArgs,
  path: string,
  option: string,
  target: string | undefined,
): Promise<Interactions> {
  const files = behaviourFiles(args.lists['behaviour'] ?? [], target);
  if (files.length === 0) return (await loadFromArgs(io, args, path, option)).interactions;
  const maps = { userIds: new IdMap(), itemIds: new IdMap() };
  const main = (await loadFromArgs(io, args, path, option, maps)).interactions;
  if (main.behaviours) {
    throw new UsageError(
      `${option} ${path} has a behaviours column already: --behaviour adds files of one behaviour each`,
    );
  }
  const parts = [{ name: target!, log: main }];
  for (const { name, path: file } of files) {
    parts.push({ name, log: (await loadFromArgs(io, args, file, `--behaviour ${name}`, maps)).interactions });
  }
  return mergeBehaviourLogs(parts);
}
