import { describeValue } from '@recsys/data';

/** The mean of per-user values and a 95% confidence interval for it. */
export interface MetricSummary {
  /** Arithmetic mean. */
  mean: number;
  /** `[mean − 1.96·s/√n, mean + 1.96·s/√n]`, s the sample standard deviation; `[mean, mean]` when n < 2. */
  ci95: [number, number];
}

/** The two-sided 95% normal quantile, rounded as is conventional (the exact value is 1.95996…). */
export const Z_95 = 1.96;

/**
 * Arithmetic mean (summed in double precision).
 * @throws RangeError on an empty array.
 * @throws TypeError on a value that is not a number (a string would concatenate).
 */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) throw new RangeError('mean: no values');
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (typeof v !== 'number') throw new TypeError(`mean: value ${k} is ${describeValue(v)}, not a number`);
    sum += v;
  }
  return sum / n;
}

/**
 * Sample standard deviation (denominator n − 1, two-pass); 0 when n < 2.
 * @throws RangeError on an empty array.
 * @throws TypeError on a value that is not a number.
 */
export function sampleStandardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return 0;
  let squares = 0;
  for (let k = 0; k < n; k++) {
    const d = values[k] - m;
    squares += d * d;
  }
  return Math.sqrt(squares / (n - 1));
}

/**
 * Mean and 95% confidence interval of the mean, by the normal approximation: `mean ± 1.96·s/√n` with s the sample
 * standard deviation (n − 1). With fewer than two values the interval is `[mean, mean]`.
 *
 * @example
 * ```ts
 * summarize(Float64Array.of(1, 2, 3, 4, 5)); // { mean: 3, ci95: [1.614…, 4.385…] }  (s = √2.5)
 * ```
 * @throws RangeError on an empty array.
 * @throws TypeError on a value that is not a number.
 */
export function summarize(values: ArrayLike<number>): MetricSummary {
  const m = mean(values);
  const n = values.length;
  if (n < 2) return { mean: m, ci95: [m, m] };
  const half = (Z_95 * sampleStandardDeviation(values)) / Math.sqrt(n);
  return { mean: m, ci95: [m - half, m + half] };
}
