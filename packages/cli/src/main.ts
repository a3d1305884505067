import * as compare from './commands/compare.js';
import * as dataStats from './commands/data-stats.js';
import * as demo from './commands/demo.js';
import * as evaluate from './commands/evaluate.js';
import * as exportModel from './commands/export.js';
import * as recommend from './commands/recommend.js';
import * as report from './commands/report.js';
import * as score from './commands/score.js';
import * as split from './commands/split.js';
import * as train from './commands/train.js';
import { RECSYS_VERSION } from '@recsys/models';
import { closestNames, type CommandSpec } from './args.js';
import { UsageError, type CliIo } from './io.js';

interface Command {
  spec: CommandSpec;
  run(argv: string[], io: CliIo): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  'data stats': dataStats,
  split,
  train,
  evaluate,
  score,
  recommend,
  export: exportModel,
  compare,
  report,
  demo,
};

/** The commands of `recsys --help` in groups, in the order of an everyday job. */
const GROUPS: [title: string, commands: string[]][] = [
  ['Data', ['data stats', 'split']],
  ['Models', ['train', 'evaluate', 'score', 'recommend', 'export']],
  ['Comparisons', ['compare', 'report']],
  ['Getting started', ['demo']],
];
const GROUPED = new Set(GROUPS.flatMap(([, names]) => names));

/** The top-level `recsys --help`. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 4;
  return [
    'Usage: recsys <command> [options]',
    '',
    'Build, train, evaluate and serve recommendation models. Results go to stdout (JSON, or data lines for',
    'score), progress and logs to stderr. Exit code 0 on success, 1 on a failure, 2 on a usage error.',
    ...[...GROUPS, ['Other', Object.keys(COMMANDS).filter((name) => !GROUPED.has(name))] as const]
      .filter(([, names]) => names.length > 0)
      .flatMap(([title, names]) => [
        '',
        `${title}:`,
        ...names.map((name) => `  ${name.padEnd(width)}${COMMANDS[name]!.spec.brief}`),
      ]),
    '',
    'Run "recsys <command> --help" for a command\'s options; "recsys --version" for the version.',
    '',
  ].join('\n');
}

/**
 * Runs the `recsys` command line with `argv` (without the node and script paths) and returns the exit code.
 * Errors are printed on `io.err`, never thrown.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(usage());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    io.out(`recsys ${RECSYS_VERSION}\n`);
    return 0;
  }
  if (first === 'data' && (second === undefined || second.startsWith('-'))) {
    const subcommands = Object.keys(COMMANDS).filter((name) => name.startsWith('data '));
    if (second === '--help' || second === '-h') {
      io.out(`Usage: recsys data <subcommand> [options]\n\n${subcommands.map(
        (name) => `  ${name}    ${COMMANDS[name]!.spec.brief}`).join('\n')}\n`); // prettier-ignore
      return 0;
    }
    io.err(`recsys: data needs a subcommand: ${subcommands.map((name) => `recsys ${name}`).join(', ')}\n`);
    return 2;
  }
  const key = first === 'data' ? `data ${second}` : first;
  const command = COMMANDS[key];
  const rest = argv.slice(first === 'data' ? 2 : 1);
  if (!command) {
    const [closest] = closestNames(key, Object.keys(COMMANDS));
    const hint = closest ? ` (did you mean "${closest}"?)` : '';
    io.err(`recsys: unknown command "${key}"${hint}\nRun "recsys --help" for the commands.\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`recsys: ${error.message}\nRun "recsys ${command.spec.name} --help" for usage.\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`recsys: error: ${message}\n`);
    if (process.env.RECSYS_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return 1;
  }
}
