import { intOption, optionalString, type ParsedArgs } from './args.js';
import { UsageError } from './io.js';

/**
 * The cut-offs `--<name>` gives: one integer ≥ 1 (read as {@link intOption} reads it, with its message), or a comma
 * list of them, e.g. `50,100,200`, each reported; `fallback` when absent. A list keeps its order and may not repeat a
 * value.
 *
 * @throws UsageError naming the flag and what it got.
 */
export function cutoffsOption(args: ParsedArgs, name: string, fallback: number): number[] {
  const text = optionalString(args, name);
  if (text === undefined || !text.includes(',')) return [intOption(args, name, fallback, 1)];
  const ks = text.split(',').map((part) => (/^\d+$/.test(part) ? Number(part) : NaN));
  if (ks.some((k) => !Number.isSafeInteger(k) || k < 1)) {
    throw new UsageError(`--${name} must be integers ≥ 1 separated by commas (e.g. 50,100,200), got "${text}"`);
  }
  const repeated = ks.find((k, at) => ks.indexOf(k) !== at);
  if (repeated !== undefined) throw new UsageError(`--${name} lists ${repeated} twice: "${text}"`);
  return ks;
}
