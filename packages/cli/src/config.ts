import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DUCKDB_MEMORY } from '@recsys/data';
import { allOptions, closestNames, type CommandSpec, type OptionSpec } from './args.js';
import { UsageError } from './io.js';

/** The `--config` option of every command but `compare` (which reads its own, richer file). */
export const CONFIG_OPTION: Record<string, OptionSpec> = {
  config: {
    type: 'string',
    value: '<file.json>',
    description: 'Options from a JSON file: these options in camelCase, paths relative to it (flags override)',
  },
};

/**
 * The lines of a command's help summary on `--config`, with an example of the file (`"modelDir": "model"`), and
 * what its positional key holds if the command takes files.
 */
export function configSummary(example: string, input?: string): string {
  return wrap(
    `--config <file.json> gives the options as a JSON object, named in camelCase: {${example}}` +
      `${input ? ` (${input})` : ''}; paths in it are relative to the file, and flags given override it.`,
  );
}

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width = 115): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

/** A `--config` file, read and checked to hold an object; what it gave is recorded for error messages. */
export interface ConfigFile {
  /** The path as given on the command line. */
  path: string;
  /** Its directory, absolute: the base of the paths it holds. */
  dir: string;
  values: Record<string, unknown>;
  /** The keys the command took, by flag (`--epochs` → `epochs`) or, for positionals, by value. */
  used: { key: string; flag?: string; value?: string }[];
}

/**
 * Reads the file `--config` names in `argv`, if any.
 *
 * @throws UsageError naming the file when it cannot be read, is not JSON or holds no object.
 */
export async function readConfig(command: string, argv: readonly string[]): Promise<ConfigFile | undefined> {
  const given = flagValues(argv, 'config');
  if (given.length > 1)
    throw new UsageError(`${command}: --config given ${timesText(given.length)}: ${given.join(', ')}`);
  const path = given[0];
  // `--config` without a value (or followed by a flag) is left to the parser, which says so.
  if (path === undefined || path.startsWith('-')) return undefined;
  if (path === '') throw new UsageError(`${command}: --config is empty; give a JSON file`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `no such file (looked for ${resolve(path)})`
        : code === 'EISDIR'
          ? 'is a directory; give the JSON file inside it'
          : (error as Error).message;
    throw new UsageError(`${command}: --config ${path}: ${why}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${command}: --config ${path} is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const what = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw new UsageError(
      `${command}: --config ${path} must hold a JSON object of options (e.g. {"epochs": 20}), not ${what}`,
    );
  }
  return { path, dir: dirname(resolve(path)), values: parsed as Record<string, unknown>, used: [] };
}

/** How expandConfig treats keys beyond the command's own options. */
export interface ExpandOptions {
  /** Take only these keys (flag names), leaving the rest for a later call: `train` reads `--model` first. */
  only?: readonly string[];
  /**
   * Flags the command knows although `spec` does not list them (another model's options): written as given, for the
   * command to refuse with its own message, rather than refused here as unknown.
   */
  others?: ReadonlySet<string>;
}

/**
 * `argv` with the options of `config` added as flags (`"epochs": 20` → `--epochs=20`), so that the command parses and
 * checks them like its own; a flag given in `argv` overrides the file's value (a `multiple` option's values from the
 * command line replace the file's list, positionals given replace the file's). Keys are checked against `spec` first:
 * an unknown key (with the closest known one) and a value of the wrong JSON type are errors naming the file and the
 * key. Values of path options (placeholder `<file>`, `<dir>`, `<file.json>`, …) are resolved against the file's
 * directory.
 *
 * @throws UsageError naming the file and the key.
 */
export function expandConfig(
  spec: CommandSpec,
  argv: readonly string[],
  config: ConfigFile | undefined,
  expand: ExpandOptions = {},
): string[] {
  if (!config) return [...argv];
  const options = allOptions(spec);
  const given = onCommandLine(argv, options);
  const where = `${spec.name}: --config ${config.path}`;
  const keys = new Map(Object.keys(options).map((flag) => [camelCase(flag), flag]));
  keys.delete('config');
  const input = spec.configInput;
  const head: string[] = [];
  const tokens: string[] = [];
  for (const [key, value] of Object.entries(config.values)) {
    if (input && key === input.key) {
      if (expand.only) continue;
      const paths = pathList(value, `${where}: "${key}" is ${input.many ? 'a list of files' : 'a file'}`, !input.many);
      if (given.positionals) continue;
      for (const path of paths) {
        // DuckDB's in-memory database is no file: nothing to resolve.
        const absolute = path === DUCKDB_MEMORY ? path : resolve(config.dir, path);
        head.push(absolute);
        config.used.push({ key, value: absolute });
      }
      continue;
    }
    const flag = keys.get(key) ?? (expand.others?.has(kebabCase(key)) ? kebabCase(key) : undefined);
    if (expand.only && (flag === undefined || !expand.only.includes(flag))) continue;
    if (flag === undefined) {
      const known = [...keys.keys(), ...(input ? [input.key] : [])];
      const [closest] = closestNames(key, known);
      const hint = closest ? ` (did you mean "${closest}"?)` : ` (run "recsys ${spec.name} --help" for the options)`;
      throw new UsageError(`${where}: unknown key "${key}"${hint}`);
    }
    if (value === null) throw new UsageError(`${where}: "${key}" is null; give a value or leave the key out`);
    const option = options[flag];
    const flagTokens = option
      ? tokensOf(flag, option, value, config.dir, `${where}: "${key}"`)
      : [
          typeof value === 'boolean'
            ? `--${flag}`
            : `--${flag}=${Array.isArray(value) ? value.join(',') : String(value)}`,
        ];
    if (given.flags.has(flag) || flagTokens.length === 0) continue;
    tokens.push(...flagTokens);
    config.used.push({ key, flag });
  }
  return [...head, ...tokens, ...argv];
}

/**
 * Runs `command` with `argv` and the options of its `--config` file (see {@link expandConfig}); an error message
 * that names an option the file gave says it came from there.
 */
export async function runWithConfig(
  spec: CommandSpec,
  argv: string[],
  command: (argv: string[]) => Promise<number>,
): Promise<number> {
  const config = await readConfig(spec.name, argv);
  return explainConfig(config, () => command(expandConfig(spec, argv, config)));
}

/** Runs `work`; an error naming a flag or a path `config` gave is told where the value came from. */
export async function explainConfig<T>(config: ConfigFile | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (config && error instanceof Error && !error.message.includes(`--config ${config.path}`)) {
      // Not the flags of a hint to run (`run "recsys train --model gmf --help"`): they are not at fault.
      const message = error.message.replace(/"recsys [^"]*"/g, '');
      const keys = config.used
        .filter(({ flag, value }) =>
          flag !== undefined ? new RegExp(`--${escapeRegExp(flag)}(?![\\w-])`).test(message) : message.includes(value!),
        )
        .map(({ key }) => `"${key}"`);
      const unique = [...new Set(keys)];
      if (unique.length > 0) error.message += ` (given as ${unique.join(', ')} in ${config.path})`;
    }
    throw error;
  }
}

/** What the kind of an option's value is, from its type and its help placeholder. */
type ValueKind = 'flag' | 'path' | 'paths' | 'named-path' | 'list' | 'value';

/** A placeholder naming a file, a directory or a module: `<file>`, `<dir>`, `<file.json>`, `<gmfDir>,<mlpDir>`. */
const PATH_PLACEHOLDER = /file|dir|module|\.json/i;

function kindOf(option: OptionSpec): ValueKind {
  if (option.type === 'boolean') return 'flag';
  const placeholder = option.value ?? '';
  if (/=file>$/i.test(placeholder)) return 'named-path';
  const list = placeholder.includes(',');
  if (PATH_PLACEHOLDER.test(placeholder)) return list ? 'paths' : 'path';
  return list ? 'list' : 'value';
}

/** The flag tokens of one config value, checked against the option's kind; none for `false`. */
function tokensOf(flag: string, option: OptionSpec, value: unknown, dir: string, what: string): string[] {
  const usage = `--${flag}${option.value ? ` ${option.value}` : ''}`;
  const shown = (v: unknown) => {
    const text = JSON.stringify(v);
    return text.length > 40 ? `${text.slice(0, 37)}…` : text;
  };
  const kind = kindOf(option);
  if (kind === 'flag') {
    if (typeof value !== 'boolean') throw new UsageError(`${what} is a flag: true or false, not ${shown(value)}`);
    return value ? [`--${flag}`] : [];
  }
  if (option.multiple) {
    const items = Array.isArray(value) ? value : [value];
    if (kind === 'named-path' && isPlainObject(value)) {
      // {"cart": "cart.txt"} for --behaviour cart=cart.txt.
      return Object.entries(value).map(([name, path]) => {
        if (typeof path !== 'string' || path === '') throw new UsageError(`${what}.${name} must be a path`);
        return `--${flag}=${name}=${resolve(dir, path)}`;
      });
    }
    if (!items.every((item) => typeof item === 'string')) {
      throw new UsageError(
        `${what} takes a string or an array of strings (${usage}, repeatable), not ${shown(value)}` +
          (kind === 'named-path' ? ', or an object of name: file' : ''),
      );
    }
    return (items as string[]).map((item) => `--${flag}=${kind === 'named-path' ? namedPath(item, dir) : item}`);
  }
  switch (kind) {
    case 'path':
      return [`--${flag}=${resolve(dir, pathList(value, `${what} is a path (${usage})`, true)[0]!)}`];
    case 'paths':
      return [
        `--${flag}=${pathList(value, `${what} takes paths (${usage})`, false)
          .map((p) => resolve(dir, p))
          .join(',')}`,
      ];
    case 'named-path':
      if (typeof value !== 'string') throw new UsageError(`${what} takes a string (${usage}), not ${shown(value)}`);
      return [`--${flag}=${namedPath(value, dir)}`];
    case 'list': {
      const items = Array.isArray(value) ? value : [value];
      const scalar = (item: unknown) => typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item));
      if (items.length === 0 || !items.every(scalar)) {
        throw new UsageError(
          `${what} takes a list (${usage}): an array of strings or numbers, or a comma-separated string; ` +
            `not ${shown(value)}`,
        );
      }
      return [`--${flag}=${items.map(String).join(',')}`];
    }
    default:
      if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
        return [`--${flag}=${String(value)}`];
      }
      throw new UsageError(`${what} takes a value (${usage}): a string or a number, not ${shown(value)}`);
  }
}

/** A path, or (unless `single`) a list of paths as an array or a comma-separated string; never empty. */
function pathList(value: unknown, what: string, single: boolean): string[] {
  const items = typeof value === 'string' ? (single ? [value] : value.split(',')) : single ? undefined : value;
  const ok = Array.isArray(items) && items.length > 0 && items.every((p) => typeof p === 'string' && p.trim() !== '');
  if (!ok) {
    const expected = single ? 'a non-empty string' : 'a non-empty array of strings, or a comma-separated string';
    throw new UsageError(`${what}: ${expected}, not ${JSON.stringify(value)}`);
  }
  return (items as string[]).map((p) => p.trim());
}

/** `name=file` with the file resolved against `dir` (a value without `=` is left for the command to refuse). */
function namedPath(value: string, dir: string): string {
  const at = value.indexOf('=');
  if (at < 0 || at === value.length - 1) return value;
  return `${value.slice(0, at)}=${resolve(dir, value.slice(at + 1))}`;
}

/** Which flags `argv` gives, and whether it gives positionals. */
function onCommandLine(
  argv: readonly string[],
  options: Record<string, OptionSpec>,
): { flags: Set<string>; positionals: boolean } {
  const flags = new Set<string>();
  let positionals = false;
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k]!;
    if (token === '--') {
      positionals ||= k < argv.length - 1;
      break;
    }
    if (token.startsWith('--')) {
      const [name] = token.slice(2).split('=');
      flags.add(name!);
      if (!token.includes('=') && options[name!]?.type === 'string') k++; // its value
    } else if (!token.startsWith('-') || token === '-') {
      positionals = true;
    }
  }
  return { flags, positionals };
}

/** Every value of `--<flag>` in `argv` (`--flag x` or `--flag=x`). */
function flagValues(argv: readonly string[], flag: string): string[] {
  const values: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k]!;
    if (token === '--') break;
    if (token === `--${flag}` && argv[k + 1] !== undefined) values.push(argv[++k]!);
    else if (token.startsWith(`--${flag}=`)) values.push(token.slice(flag.length + 3));
  }
  return values;
}

function timesText(n: number): string {
  return n === 2 ? 'twice' : `${n} times`;
}

/** `item-features-format` → `itemFeaturesFormat`. */
export function camelCase(flag: string): string {
  return flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** `itemFeaturesFormat` → `item-features-format`. */
function kebabCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
