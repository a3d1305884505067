/**
 * Refuses option keys a function does not know: a misspelt option (`validaton: true`) would otherwise be ignored
 * and the call would silently do something else than asked. `undefined` values are allowed for any key.
 *
 * @param owner - the function, for the message (e.g. `'leaveOneOut'`).
 * @param options - the options object given (`undefined` is fine).
 * @param known - the keys the function reads.
 * @throws TypeError when `options` is not a plain object; RangeError naming the unknown key and the known ones.
 * @example
 * ```ts
 * refuseUnknownOptions('leaveOneOut', options, ['validation']);
 * ```
 */
export function refuseUnknownOptions(owner: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${owner}: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key) && (options as Record<string, unknown>)[key] !== undefined) {
      throw new RangeError(
        `${owner} has no option "${key}" (${known.length > 0 ? `its options: ${known.join(', ')}` : 'it takes none'})`,
      );
    }
  }
}

/**
 * A value as a message should show it: strings quoted, NaN and ±Infinity as themselves (JSON would say null).
 *
 * @example
 * ```ts
 * throw new RangeError(`seed must be an integer, got ${describeValue(seed)}`); // … got "1", … got NaN
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value))
    return `a ${value.constructor.name} of ${(value as unknown as { length: number }).length}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
