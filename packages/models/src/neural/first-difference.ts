import type { IdMap } from '@recsys/data';

/**
 * The first index at which two id maps hold different raw ids (or where the shorter one ends), or -1 when they are
 * equal: two logs of the same size may still number their users differently.
 */
export function firstDifference(a: IdMap, b: IdMap): number {
  if (a === b) return -1;
  const x = a.ids();
  const y = b.ids();
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) if (x[k] !== y[k]) return k;
  return x.length === y.length ? -1 : n;
}
