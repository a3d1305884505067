import { describeValue, refuseUnknownOptions } from '../check-options.js';
import { Interactions } from '../interactions.js';

/** The seed rule is {@link Random}'s own, shared by every function that takes a seed. */
export { checkSeed } from '../random.js';

/** Throws a RangeError unless `value` is a number strictly between 0 and 1. */
export function checkOpenUnit(where: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new RangeError(
      `${where}: option "${name}" must be a number with 0 < ${name} < 1, got ${describeValue(value)}`,
    );
  }
}

/** Throws a TypeError naming `where` and the argument unless `value` is an {@link Interactions} (not a bare TypeError later). */
export function checkLog(where: string, name: string, value: unknown): asserts value is Interactions {
  if (!(value instanceof Interactions)) {
    throw new TypeError(`${where}: pass an Interactions as ${name}, got ${describeValue(value)}`);
  }
}

/**
 * Checks a required options object: present (else a TypeError showing `example`), and without unknown keys (a
 * misspelt option would be ignored).
 */
export function checkRequiredOptions(where: string, options: unknown, known: readonly string[], example: string): void {
  if (options === undefined || options === null) {
    throw new TypeError(`${where}: pass options, e.g. ${example}`);
  }
  refuseUnknownOptions(where, options, known);
}
