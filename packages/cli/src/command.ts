import { helpText, parse, type CommandSpec, type ParsedArgs } from './args.js';
import { CONFIG_OPTION, runWithConfig } from './config.js';
import { UsageError, type CliIo } from './io.js';

/** What a command does with its parsed arguments (help and the `--config` file already dealt with). */
export type CommandBody = (args: ParsedArgs, io: CliIo) => Promise<number>;

/** A command's entry point: its arguments as given on the command line; resolves to the exit code. */
export type CommandRun = (argv: string[], io: CliIo) => Promise<number>;

/**
 * A command's entry point from its spec and its body, doing what every command does first: read the `--config` file
 * into flags (when the spec takes {@link CONFIG_OPTION}; flags given override it), parse the arguments against the
 * spec, print the help for `--help`, and refuse positional arguments when the spec takes none (no `positionals`
 * and no `configInput`), naming the first.
 *
 * @example
 * ```ts
 * export const run = defineCommand(spec, async (args, io) => {
 *   const out = requireString(args, 'out', spec.name);
 *   …
 *   return 0;
 * });
 * ```
 */
export function defineCommand(spec: CommandSpec, body: CommandBody): CommandRun {
  const takesPositionals = spec.positionals !== undefined || spec.configInput !== undefined;
  const parsed = async (argv: string[], io: CliIo): Promise<number> => {
    const args = parse(spec, argv);
    if (args.values.help) return (io.out(helpText(spec)), 0);
    if (!takesPositionals && args.positionals.length > 0) {
      throw new UsageError(`${spec.name}: unexpected argument "${args.positionals[0]}"`);
    }
    return body(args, io);
  };
  const readsConfig = spec.options['config'] === CONFIG_OPTION['config'];
  return (argv, io) => (readsConfig ? runWithConfig(spec, argv, (argv) => parsed(argv, io)) : parsed(argv, io));
}
