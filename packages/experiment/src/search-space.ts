import { Random } from '@recsys/data';
import type { Json } from './comparison-result.js';

/** Settings of one trial: model options and fit options by name. */
export type Params = { [key: string]: Json };

/** The values to try per setting: a grid, the product of the lists. `{}` is one point, the defaults. */
export type SearchSpace = { readonly [key: string]: readonly Json[] };

/** Number of points of the grid of `space`. */
export function gridSize(space: SearchSpace): number {
  return Object.values(space).reduce((n, values) => n * values.length, 1);
}

/**
 * The points to try: the whole grid when it has at most `budget` points, else `budget` points drawn from it without
 * replacement with `seed` (seeded random search), in grid order. Grid order: the first key varies slowest.
 *
 * @example
 * ```ts
 * searchPoints({ factors: [8, 16], learningRate: [0.001, 0.005] }, 10, 1);
 * // [{ factors: 8, learningRate: 0.001 }, { factors: 8, learningRate: 0.005 }, { factors: 16, … }, …]
 * ```
 * @throws RangeError when a setting lists no values, a value is not JSON-safe (undefined, a function, NaN), or the
 *   budget is not an integer ≥ 1.
 */
export function searchPoints(space: SearchSpace, budget: number, seed: number): Params[] {
  if (!Number.isInteger(budget) || budget < 1) {
    throw new RangeError(`searchPoints: budget must be an integer ≥ 1 (got ${String(budget)})`);
  }
  const keys = Object.keys(space);
  for (const key of keys) {
    const values = space[key];
    if (!Array.isArray(values) || values.length === 0) {
      throw new RangeError(`searchPoints: setting "${key}" must list at least one value`);
    }
    values.forEach((v: unknown, k: number) => {
      if (!isJson(v)) throw new RangeError(`searchPoints: value ${k} of "${key}" is not a JSON value (${String(v)})`);
    });
  }
  const size = gridSize(space);
  let indices = Array.from({ length: size }, (_, k) => k);
  if (size > budget) {
    const random = new Random(seed);
    for (let k = 0; k < budget; k++) {
      const j = k + random.int(size - k);
      [indices[k], indices[j]] = [indices[j]!, indices[k]!];
    }
    indices = indices.slice(0, budget).sort((a, b) => a - b);
  }
  return indices.map((index) => {
    const point: Params = {};
    for (let k = keys.length - 1; k >= 0; k--) {
      const values = space[keys[k]!]!;
      point[keys[k]!] = values[index % values.length]!;
      index = Math.floor(index / values.length);
    }
    return Object.fromEntries(keys.map((key) => [key, point[key]!]));
  });
}

function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === 'object') return Object.values(value).every(isJson);
  return false;
}
