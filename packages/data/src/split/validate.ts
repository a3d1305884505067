import { describeValue } from '../check-options.js';

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
