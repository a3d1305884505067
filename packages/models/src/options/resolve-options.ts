import type { OptionInput, OptionSchema, OptionValues } from './option-spec.js';

/**
 * Checks `input` against `schema` and fills in the defaults: an unknown option, or a value out of range, is an error
 * naming `owner` and the option (an option that does not apply is never silently ignored).
 *
 * @example
 * ```ts
 * resolveOptions(GMF_OPTIONS, { factors: 16 }, 'gmf'); // { factors: 16, l2: 0 }
 * resolveOptions(GMF_OPTIONS, { layers: [8] }, 'gmf'); // throws: gmf has no option "layers" (its options: factors, l2)
 * ```
 */
export function resolveOptions<S extends OptionSchema>(
  schema: S,
  input: OptionInput<S> | Record<string, unknown> | undefined,
  owner: string,
): OptionValues<S> {
  const given: Record<string, unknown> = input ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) throw new TypeError(`${owner}: options must be an object`);
  const known = Object.keys(schema);
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(schema, key) && given[key] !== undefined) {
      throw new RangeError(
        `${owner} has no option "${key}" (${known.length > 0 ? `its options: ${known.join(', ')}` : 'it takes none'})`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of known) {
    const spec = schema[key]!;
    const value = given[key];
    if (value === undefined) out[key] = spec.default;
    else {
      try {
        out[key] = spec.check(value);
      } catch (error) {
        throw new RangeError(`${owner}: option "${key}" ${(error as Error).message}`);
      }
    }
  }
  return Object.freeze(out) as OptionValues<S>;
}
