import { recommenderEntry, recommenderNames, type ModelEntry, type OptionSchema } from '@recsys/models';
import type { OptionSpec as FlagSpec, ParsedArgs } from './args.js';
import { UsageError } from './io.js';

/** The command-line flag of an option: its own, or its key in kebab-case (`batchSize` → `batch-size`). */
export function flagOf(key: string, schema: OptionSchema): string {
  return schema[key]!.flag ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A model's option schema as command-line flags, for parsing and help. */
export function flagsOf(schema: OptionSchema): Record<string, FlagSpec> {
  const flags: Record<string, FlagSpec> = {};
  for (const [key, spec] of Object.entries(schema)) {
    flags[flagOf(key, schema)] = {
      type: spec.boolean ? 'boolean' : 'string',
      value: spec.placeholder || undefined,
      description: spec.description,
      default: spec.defaultText ?? (spec.default === undefined ? undefined : String(spec.default)),
    };
  }
  return flags;
}

/**
 * The options of `schema` the command line gave, parsed and checked, by key (absent flags are left out, so the model's
 * defaults apply).
 *
 * @throws UsageError naming the flag and the rule it breaks.
 */
export function readOptions(args: ParsedArgs, schema: OptionSchema): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const flag = flagOf(key, schema);
    const given = args.values[flag];
    if (given === undefined) continue;
    try {
      values[key] = typeof given === 'boolean' ? spec.check(given) : spec.parse(given);
    } catch (error) {
      throw new UsageError(`--${flag} ${(error as Error).message}`);
    }
  }
  return values;
}

/** Every flag some registered model (or its training) takes, and the models that take it. */
function modelFlags(): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  for (const name of recommenderNames()) {
    const entry = recommenderEntry(name);
    for (const schema of schemasOf(entry)) {
      for (const key of Object.keys(schema)) {
        const flag = flagOf(key, schema);
        flags.set(flag, [...(flags.get(flag) ?? []), name]);
      }
    }
  }
  return flags;
}

/** Every flag some registered model (or its training) takes. */
export function modelFlagNames(): Set<string> {
  return new Set(modelFlags().keys());
}

/** A model entry's option schemas: hyper-parameters, how it starts, its training. */
export function schemasOf(entry: ModelEntry): OptionSchema[] {
  return [entry.options, entry.start?.options ?? {}, entry.fitOptions];
}

/**
 * Refuses flags in `argv` that other models take but this one does not (`--layers` for GMF): an option that does not
 * apply is an error, never silently ignored.
 */
export function refuseForeignFlags(
  argv: readonly string[],
  accepted: Set<string>,
  model: string,
  command: string,
): void {
  const known = modelFlags();
  for (const token of argv) {
    if (!token.startsWith('--')) continue;
    const flag = token.slice(2).split('=')[0]!;
    if (accepted.has(flag) || flag === 'help') continue;
    const takers = known.get(flag);
    if (takers) {
      throw new UsageError(
        `${command}: --${flag} does not apply to ${model} (it is an option of ${takers.join(', ')}); run ` +
          `"recsys ${command} --model ${model} --help" for ${model}'s options`,
      );
    }
  }
}
