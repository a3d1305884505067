/**
 * Whether a value is a finite number. Results read back from JSON carry `null` where a NaN was written, so every
 * number a report draws is tested with this first; a missing or non-finite value shows as `n/a`, never as `NaN`.
 *
 * @example
 * ```ts
 * isFiniteNumber(0.3); // true
 * isFiniteNumber(null); // false
 * ```
 */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A metric value with a fixed number of decimals (so a column of them lines up on the point), or `n/a` when it is
 * missing or not finite.
 *
 * @param decimals - an integer in [0, 10].
 * @throws RangeError when `decimals` is not.
 * @example
 * ```ts
 * formatFixed(0.31968, 3); // '0.320'
 * formatFixed(NaN, 3); // 'n/a'
 * ```
 */
export function formatFixed(value: unknown, decimals: number): string {
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= 10)) {
    throw new RangeError(`formatFixed: decimals must be an integer in [0, 10], got ${decimals}`);
  }
  if (!isFiniteNumber(value)) return 'n/a';
  const text = value.toFixed(decimals);
  // -0.000 reads as a negative result.
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/**
 * Seconds with a precision that suits their size: `0.000047 s`, `0.042 s`, `4.21 s`, `42.1 s`, `421 s`; `n/a` when
 * missing.
 *
 * @example
 * ```ts
 * formatSeconds(12.345); // '12.3 s'
 * ```
 */
export function formatSeconds(seconds: unknown): string {
  if (!isFiniteNumber(seconds)) return 'n/a';
  const abs = Math.abs(seconds);
  // ItemPop fits in microseconds: two significant digits instead of a misleading 0.000 s.
  if (abs > 0 && abs < 0.01) return `${Number(seconds.toPrecision(2))} s`;
  const decimals = abs < 1 ? 3 : abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return `${seconds.toFixed(decimals)} s`;
}

/**
 * A metric key as reports show it: `ndcg@10` → `NDCG@10`, `hr@5` → `HR@5`, `auc` → `AUC`; names it does not know
 * keep their spelling (`custom@3`).
 *
 * @example
 * ```ts
 * metricLabel('ndcg@10'); // 'NDCG@10'
 * ```
 */
export function metricLabel(metric: string): string {
  const at = metric.indexOf('@');
  const name = at < 0 ? metric : metric.slice(0, at);
  const cutoff = at < 0 ? '' : metric.slice(at);
  return (LABELS[name] ?? name) + cutoff;
}

const LABELS: Record<string, string> = {
  hr: 'HR',
  ndcg: 'NDCG',
  mrr: 'MRR',
  recall: 'Recall',
  precision: 'Precision',
  auc: 'AUC',
  coverage: 'Coverage',
};
