import { studentTCdf } from './student-t.js';

/** The outcome of {@link pairedTTest}. */
export interface PairedTTest {
  /** Mean of the differences a − b. */
  meanDifference: number;
  /** t statistic; ±Infinity when every difference is equal and non-zero, 0 when all are zero. */
  t: number;
  /** Degrees of freedom, pairs − 1. */
  df: number;
  /** Two-sided p-value (1 when all differences are zero). */
  p: number;
  /** Number of pairs. */
  n: number;
}

/**
 * Student's paired t-test of `a` against `b` (the same units measured twice, e.g. each user's NDCG under two models),
 * two-sided.
 *
 * @example
 * ```ts
 * pairedTTest([0.5, 0.7, 0.9, 0.4], [0.4, 0.5, 0.9, 0.2]).p; // 0.09…
 * ```
 * @throws RangeError when the lengths differ, fewer than two pairs are given, or a value is not finite.
 */
export function pairedTTest(a: ArrayLike<number>, b: ArrayLike<number>): PairedTTest {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`pairedTTest: ${n} values against ${b.length}`);
  if (n < 2) throw new RangeError(`pairedTTest: needs at least two pairs (got ${n})`);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const d = a[k]! - b[k]!;
    if (!Number.isFinite(d)) throw new RangeError(`pairedTTest: pair ${k} is not finite (${a[k]}, ${b[k]})`);
    sum += d;
  }
  const mean = sum / n;
  let squares = 0;
  for (let k = 0; k < n; k++) squares += (a[k]! - b[k]! - mean) ** 2;
  const df = n - 1;
  const se = Math.sqrt(squares / df / n);
  if (se === 0) {
    return { meanDifference: mean, t: mean === 0 ? 0 : Math.sign(mean) * Infinity, df, p: mean === 0 ? 1 : 0, n };
  }
  const t = mean / se;
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  return { meanDifference: mean, t, df, p, n };
}
