import { describeValue } from '@recsys/data';
/**
 * One option of a model or of its training: the values it takes, its default and one line of help. A model declares
 * its options once; the same declaration checks the constructor's options, restores a saved config, and gives the
 * `recsys` command its flags and help.
 */
export interface OptionSpec<T = unknown, HasDefault extends boolean = boolean> {
  /** One line for help texts. */
  readonly description: string;
  /** The value when none is given; `undefined` leaves the option unset (the model decides). */
  readonly default: HasDefault extends true ? T : T | undefined;
  /** Placeholder of the value in command-line help, e.g. `<F>`. Empty for a boolean flag. */
  readonly placeholder: string;
  /** How the default reads in help, when not the plain value (e.g. `halving: 4F,2F,F`). */
  readonly defaultText?: string;
  /** The command-line flag, when not the key in kebab-case (e.g. `lr` for `learningRate`). */
  readonly flag?: string;
  /** Whether the command line takes it as a flag without a value. */
  readonly boolean?: boolean;
  /** The value, checked; throws a message saying what is wrong (without the option's name). */
  check(value: unknown): T;
  /** A command-line string, parsed and checked. */
  parse(text: string): T;
}

/** The options of a model (or of its training), by name. */
export type OptionSchema = { readonly [name: string]: OptionSpec };

/** The value type of an option once resolved: `T`, or `T | undefined` when it has no default. */
export type OptionValue<O> = O extends OptionSpec<infer T, infer D> ? (D extends true ? T : T | undefined) : never;

/** Resolved options: every option of the schema, defaults filled in, checked. */
export type OptionValues<S extends OptionSchema> = { readonly [K in keyof S]: OptionValue<S[K]> };

/** Options as a caller gives them: any subset of the schema. */
export type OptionInput<S extends OptionSchema> = {
  [K in keyof S]?: S[K] extends OptionSpec<infer T> ? T : never;
};

interface Common<T> {
  description: string;
  placeholder?: string;
  defaultText?: string;
  flag?: string;
  default?: T;
}

interface Bounds {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

type Spec<T, A extends Common<T>> = OptionSpec<T, A extends { default: T } ? true : false>;

/**
 * An option from its rule (`must be …`), a test that accepts a value (returning it, normalised) or `undefined`, and a
 * parser of command-line text; messages quote what was given.
 */
function make<T>(
  common: Common<T>,
  fallbackPlaceholder: string,
  rule: string,
  accept: (value: unknown) => T | undefined,
  parse: (text: string) => unknown,
) {
  const check = (value: unknown): T => {
    const accepted = accept(value);
    if (accepted === undefined) throw new RangeError(`${rule}, got ${show(value)}`);
    return accepted;
  };
  const spec = {
    description: common.description,
    default: common.default,
    placeholder: common.placeholder ?? fallbackPlaceholder,
    defaultText: common.defaultText,
    flag: common.flag,
    check,
    parse: (text: string): T => {
      const accepted = accept(parse(text));
      if (accepted === undefined) throw new RangeError(`${rule}, got "${text}"`);
      return accepted;
    },
  };
  if (spec.default !== undefined) check(spec.default); // a bad default is a bug in the declaration
  return spec;
}

function range(bounds: Bounds): string {
  const { min, max, minExclusive, maxExclusive } = bounds;
  if (min !== undefined && max !== undefined) {
    return `in ${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return minExclusive ? `> ${min}` : `≥ ${min}`;
  if (max !== undefined) return maxExclusive ? `< ${max}` : `≤ ${max}`;
  return '';
}

function inRange(n: number, bounds: Bounds): boolean {
  const { min, max, minExclusive, maxExclusive } = bounds;
  if (min !== undefined && (minExclusive ? n <= min : n < min)) return false;
  if (max !== undefined && (maxExclusive ? n >= max : n > max)) return false;
  return true;
}

// describeValue shows NaN and Infinity as themselves (JSON would say null) and quotes strings.
const show = describeValue;

/** An integer option (`min` and `max` inclusive). */
function int<A extends Common<number> & { min?: number; max?: number }>(args: A): Spec<number, A> {
  const where = range(args);
  const accept = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && inRange(v, args) ? v : undefined);
  return make(args, '<n>', `must be an integer${where ? ` ${where}` : ''}`, accept, textToInteger) as Spec<number, A>;
}

/** A finite number option. */
function number<A extends Common<number> & Bounds>(args: A): Spec<number, A> {
  const where = range(args);
  const accept = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && inRange(v, args) ? v : undefined);
  return make(args, '<x>', `must be a number${where ? ` ${where}` : ''}`, accept, textToDecimal) as Spec<number, A>;
}

/** A non-empty list of integers (e.g. layer sizes), `a,b,c` on the command line. */
function ints<A extends Common<number[]> & { min?: number }>(args: A): Spec<number[], A> {
  const bound = args.min ?? -Infinity;
  const rule = `must be a non-empty list of integers${Number.isFinite(bound) ? ` ≥ ${bound}` : ''}`;
  const accept = (v: unknown) =>
    Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= bound)
      ? [...(v as number[])]
      : undefined;
  const parse = (text: string) => text.split(',').map(textToInteger);
  return make(args, '<a,b,…>', rule, accept, parse) as Spec<number[], A>;
}

/** One of a fixed set of strings. */
function choice<const C extends string, A extends Common<C>>(args: A & { choices: readonly C[] }): Spec<C, A> {
  const accept = (v: unknown) =>
    typeof v === 'string' && (args.choices as readonly string[]).includes(v) ? (v as C) : undefined;
  return make(
    args,
    `<${args.choices.join('|')}>`,
    `must be one of ${args.choices.join(', ')}`,
    accept,
    (t) => t,
  ) as Spec<C, A>;
}

/** A string (e.g. a list of directories). */
function string<A extends Common<string>>(args: A): Spec<string, A> {
  const accept = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return make(args, '<text>', 'must be a non-empty string', accept, (t) => t) as Spec<string, A>;
}

/** A non-empty list of distinct non-empty names (e.g. behaviours), `a,b,c` on the command line. */
function strings<A extends Common<string[]>>(args: A): Spec<string[], A> {
  const accept = (v: unknown) =>
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((x) => typeof x === 'string' && x !== '') &&
    new Set(v).size === v.length
      ? [...(v as string[])]
      : undefined;
  const parse = (text: string) => text.split(',').map((t) => t.trim());
  return make(args, '<a,b,…>', 'must be a non-empty list of distinct names', accept, parse) as Spec<string[], A>;
}

/** A yes/no option: a flag without a value on the command line. */
function boolean<A extends Common<boolean>>(args: A): Spec<boolean, A> {
  const accept = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  const parse = (text: string) => (text === 'true' ? true : text === 'false' ? false : text);
  return { ...make(args, '', 'must be true or false', accept, parse), boolean: true } as Spec<boolean, A>;
}

// Command-line numbers in plain notation only: Number() alone also reads '0x10', '+5', ' 5' and, as an integer, '1e3'.
const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function textToInteger(text: string): number {
  return INTEGER_TEXT.test(text) ? Number(text) : NaN;
}

function textToDecimal(text: string): number {
  return DECIMAL_TEXT.test(text) ? Number(text) : NaN;
}

/**
 * Builders of {@link OptionSpec}s.
 *
 * @example
 * ```ts
 * const GMF_OPTIONS = {
 *   factors: option.int({ description: 'Predictive factors: the embedding size', default: 8, min: 1 }),
 *   l2: option.number({ description: 'L2 on the embeddings', default: 0, min: 0 }),
 * };
 * ```
 */
export const option = { int, number, ints, choice, string, strings, boolean };
