/** Throws a RangeError unless `seed` is an integer. `where` names the calling function. */
export function checkSeed(where: string, seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new RangeError(`${where}: option "seed" must be an integer, got ${String(seed)}`);
  }
}

/** Throws a RangeError unless `value` is a number strictly between 0 and 1. */
export function checkOpenUnit(where: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new RangeError(`${where}: option "${name}" must be a number with 0 < ${name} < 1, got ${String(value)}`);
  }
}
