import { parseArgs } from 'node:util';
import { UsageError } from './io.js';

/** One option of a command, as shown in its `--help`. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder shown in help, e.g. `<dir>`. */
  value?: string;
  description: string;
  /** Shown in help; the command applies it. */
  default?: string;
  /** A string option that may be given several times (`--behaviour cart=cart.txt --behaviour fav=fav.txt`). */
  multiple?: boolean;
}

/** A command: its name, synopsis, options and what it does. */
export interface CommandSpec {
  name: string;
  /** One line for the list of commands in `recsys --help`: a whole sentence, never cut. */
  brief: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** More options, listed under their own headings in help (e.g. a model's own options). */
  sections?: { title: string; options: Record<string, OptionSpec> }[];
  /** Positional arguments, as shown in help. */
  positionals?: string[];
  /** The `--config` key of the positional files: one (`"input": "u.data"`), or a list with `many`. */
  configInput?: { key: string; many?: boolean };
}

/** Every option of a command, its sections' included. */
export function allOptions(spec: CommandSpec): Record<string, OptionSpec> {
  return Object.assign({}, spec.options, ...(spec.sections ?? []).map((section) => section.options));
}

/** Parsed options: strings and booleans by option name, the values of `multiple` options, plus positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  /** Every value of each `multiple` option given, in order. */
  lists: Record<string, string[]>;
  positionals: string[];
}

/**
 * Parses `argv` against `spec`; unknown options, missing values and a string option given more than once are usage
 * errors.
 */
export function parse(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' } };
  const multiple = new Set<string>();
  for (const [name, option] of Object.entries(allOptions(spec))) {
    options[name] = { type: option.type, ...(option.multiple && { multiple: true }) };
    if (option.multiple) multiple.add(name);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    const unknown = /^Unknown option '--([^']+)'/.exec(message)?.[1];
    if (unknown !== undefined) {
      const [closest] = closestNames(unknown, Object.keys(options));
      const hint = closest ? ` (did you mean --${closest}?)` : '';
      throw new UsageError(`${spec.name}: unknown option --${unknown}${hint}`);
    }
    throw new UsageError(`${spec.name}: ${message}`);
  }
  refuseRepeats(spec.name, parsed.tokens, multiple);
  const values: ParsedArgs['values'] = {};
  const lists: ParsedArgs['lists'] = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (multiple.has(name)) lists[name] = value as string[];
    else values[name] = value as string | boolean | undefined;
  }
  return { values, lists, positionals: parsed.positionals };
}

/**
 * A string option given twice is refused: node's parser keeps the last value, so `--out a1 --out a2` would write a2
 * without a word, whichever one the user meant. A repeated boolean flag means the same as one and is allowed.
 */
function refuseRepeats(
  command: string,
  tokens: ReturnType<typeof parseArgs>['tokens'] = [],
  multiple: ReadonlySet<string> = new Set(),
): void {
  const given = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined || multiple.has(token.name)) continue;
    given.set(token.name, [...(given.get(token.name) ?? []), token.value]);
  }
  for (const [name, values] of given) {
    if (values.length < 2) continue;
    const times = values.length === 2 ? 'twice' : `${values.length} times`;
    throw new UsageError(`${command}: --${name} given ${times}: ${values.join(', ')}`);
  }
}

/**
 * `--epochs -1` as `--epochs=-1`: node's parser reads a value starting with `-` as an option ("ambiguous"), so a
 * negative number would never reach the option's own range check and its message.
 */
function joinNegativeValues(argv: string[], options: Record<string, { type: 'string' | 'boolean' }>): string[] {
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k];
    const next = argv[k + 1];
    const name = token.startsWith('--') ? token.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${token}=${next}`);
      k++;
    } else {
      out.push(token);
    }
  }
  return out;
}

/** The help text of a command. */
export function helpText(spec: CommandSpec): string {
  const row = (name: string, option: OptionSpec): [string, string] => [
    `  --${name}${option.value ? ` ${option.value}` : ''}`,
    option.description + (option.default !== undefined ? ` (default: ${option.default})` : ''),
  ];
  const groups: [string, [string, string][]][] = [
    ['Options:', [...Object.entries(spec.options).map(([n, o]) => row(n, o)), ['  --help', 'Show this help']]],
    ...(spec.sections ?? []).map((section): [string, [string, string][]] => [
      `${section.title}:`,
      Object.entries(section.options).map(([n, o]) => row(n, o)),
    ]),
  ];
  const width = Math.max(...groups.flatMap(([, rows]) => rows.map(([left]) => left.length))) + 2;
  const lines = [`Usage: ${spec.usage}`, '', spec.summary];
  for (const [title, rows] of groups) {
    if (rows.length === 0) continue;
    lines.push('', title, ...rows.map(([left, right]) => left.padEnd(width) + right));
  }
  return lines.join('\n') + '\n';
}

/** A required string option. */
export function requireString(args: ParsedArgs, name: string, command: string): string {
  const value = args.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`${command}: --${name} is required`);
  return value;
}

/** An optional string option. */
export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

// What a number on the command line may look like. `Number()` alone also takes '0x10', '+5', ' 5' and (for an
// integer) '1e3': a typo or a pasted value would then run with a number the user never wrote.
const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Whether `text` is an integer in plain notation: optional `-`, digits only (no `+`, exponent, hex or spaces). */
function isIntegerText(text: string): boolean {
  return INTEGER_TEXT.test(text);
}

/** Whether `text` is a number in plain decimal notation, e.g. `0.001`, `-2`, `1e-3` (no hex, spaces or `Infinity`). */
function isNumberText(text: string): boolean {
  return NUMBER_TEXT.test(text);
}

/** An integer option within [min, max], or `fallback` when absent. */
export function intOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = args.values[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !isIntegerText(value) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got "${String(value)}"`);
  }
  return n;
}

/** Bounds of {@link numberOption}; inclusive unless marked exclusive. */
export interface NumberRange {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** A number option within `range`, or `fallback` when absent. */
export function numberOption(args: ParsedArgs, name: string, fallback: number, range: NumberRange = {}): number {
  const value = args.values[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  const { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false } = range;
  const tooLow = minExclusive ? n <= min : n < min;
  const tooHigh = maxExclusive ? n >= max : n > max;
  if (typeof value !== 'string' || !isNumberText(value) || !Number.isFinite(n) || tooLow || tooHigh) {
    const interval = `${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
    throw new UsageError(`--${name} must be a number in ${interval}, got "${String(value)}"`);
  }
  return n;
}

/** A choice among `choices`, or `fallback` when absent. */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T;
export function choiceOption<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
  fallback?: T,
): T | undefined;
export function choiceOption<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
  fallback?: T,
): T | undefined {
  const value = args.values[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${String(value)}"`);
  }
  return value as T;
}

/** A boolean flag. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/**
 * The names among `known` closest to `given` (edit distance at most a third of its length, at least 1), best first:
 * the "did you mean" of a typo.
 */
export function closestNames(given: string, known: readonly string[]): string[] {
  const limit = Math.max(1, Math.floor(given.length / 3));
  return known
    .map((name) => ({ name, distance: editDistance(given.toLowerCase(), name.toLowerCase()) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .map(({ name }) => name);
}

/** Edit distance with adjacent transpositions (optimal string alignment): `trian` is one edit from `train`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
