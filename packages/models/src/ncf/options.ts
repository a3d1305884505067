/** A positive-integer hyper-parameter, or a RangeError naming it. */
export function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1))
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/** A list of positive integers (layer sizes), or a RangeError naming it. */
export function positiveIntegers(name: string, values: number[]): number[] {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError(`${name} must be a non-empty list of sizes`);
  values.forEach((v, k) => positiveInteger(`${name}[${k}]`, v));
  return [...values];
}
