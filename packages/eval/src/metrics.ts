import { describeValue } from '@recsys/data';

/**
 * Ranking metrics of one user (or test case), computed from the 0-based positions of its relevant items among its
 * candidates (see `RelevantRanking` for how positions are assigned, ties against the relevant items).
 *
 * Every metric takes the same arguments:
 * - `positions`: the positions `p_0 < p_1 < … < p_{R−1}` of the R relevant items, ascending integers; `p_j` lies
 *   in `[j, j + N − R]` (so every position is a non-negative integer below N).
 * - `relevant`: R ≥ 1, the number of relevant items (must equal `positions.length`).
 * - `candidates`: N ≥ R, the number of candidates ranked, relevant ones included.
 * - `k`: the cutoff K ≥ 1 (ignored by {@link mrr} and {@link auc}, which look at the whole ranking).
 *
 * The arguments are checked (a clear RangeError otherwise).
 *
 * @module
 */

/** Names of the metrics every protocol reports. */
export const METRIC_NAMES = ['hr', 'ndcg', 'mrr', 'precision', 'recall', 'auc', 'map'] as const;

/** One of {@link METRIC_NAMES}. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** One number per metric. */
export type MetricValues = Record<MetricName, number>;

/**
 * Hit rate HR@K: 1 if any relevant item is in the top K (`p_0 < K`), else 0.
 * @example
 * ```ts
 * hitRate(Int32Array.of(2), 1, 100, 3); // 1
 * hitRate(Int32Array.of(3), 1, 100, 3); // 0
 * ```
 */
export function hitRate(positions: Int32Array, relevant: number, candidates: number, k: number): number {
  check('hitRate', positions, relevant, candidates, k);
  return hitRateOf(positions, k);
}

/**
 * Precision@K: hits in the top K divided by K (by K even when fewer than K candidates exist).
 * @example
 * ```ts
 * precision(Int32Array.of(0, 4, 7), 3, 20, 5); // 2/5
 * ```
 */
export function precision(positions: Int32Array, relevant: number, candidates: number, k: number): number {
  check('precision', positions, relevant, candidates, k);
  return precisionOf(positions, k);
}

/**
 * Recall@K: hits in the top K divided by R (the DualNet holdout Recall@M when K = M).
 * @example
 * ```ts
 * recall(Int32Array.of(0, 4, 7), 3, 20, 5); // 2/3
 * ```
 */
export function recall(positions: Int32Array, relevant: number, candidates: number, k: number): number {
  check('recall', positions, relevant, candidates, k);
  return recallOf(positions, relevant, k);
}

/**
 * NDCG@K with binary relevance: `Σ_{p_j<K} 1/log2(p_j+2)` divided by the ideal `Σ_{j<min(R,K)} 1/log2(j+2)`. With
 * one relevant item this is `1/log2(p+2)` when `p < K`.
 * @example
 * ```ts
 * ndcg(Int32Array.of(2), 1, 100, 10); // 1/log2(4) = 0.5
 * ```
 */
export function ndcg(positions: Int32Array, relevant: number, candidates: number, k: number): number {
  check('ndcg', positions, relevant, candidates, k);
  return ndcgOf(positions, relevant, k);
}

/**
 * Reciprocal rank `1/(p_0+1)` of the best-placed relevant item, over the whole ranking (no cutoff; `k` is ignored).
 * @example
 * ```ts
 * mrr(Int32Array.of(3, 5), 2, 10, 1); // 1/4
 * ```
 */
export function mrr(positions: Int32Array, relevant: number, candidates: number, k: number): number {
  check('mrr', positions, relevant, candidates, k);
  return mrrOf(positions);
}

/**
 * AUC: the mean over relevant items of the fraction of irrelevant candidates scoring strictly below it,
 * `mean_j ((N−R) − (p_j − j)) / (N−R)`. Ties count against the relevant item (as a loss, not half). No cutoff
 * (`k` is ignored). When there is no irrelevant candidate (N = R) nothing outranks the relevant items and AUC is 1.
 * @example
 * ```ts
 * auc(Int32Array.of(2), 1, 5, 10); // 2 of 4 negatives below: 0.5
 * ```
 */
export function auc(positions: Int32Array, relevant: number, candidates: number, k: number): number {
  check('auc', positions, relevant, candidates, k);
  return aucOf(positions, relevant, candidates);
}

/**
 * Average precision MAP@K (this user's term of the mean): `(1/min(R,K)) Σ_{p_j<K} (j+1)/(p_j+1)`.
 * @example
 * ```ts
 * averagePrecision(Int32Array.of(0, 2), 2, 10, 10); // (1/1 + 2/3) / 2 = 5/6
 * ```
 */
export function averagePrecision(positions: Int32Array, relevant: number, candidates: number, k: number): number {
  check('averagePrecision', positions, relevant, candidates, k);
  return averagePrecisionOf(positions, relevant, k);
}

/**
 * All metrics of one user at once (arguments checked once).
 * @example
 * ```ts
 * rankingMetrics(Int32Array.of(2), 1, 100, 10);
 * // { hr: 1, ndcg: 0.5, mrr: 1/3, precision: 0.1, recall: 1, auc: 97/99, map: 1/3 }
 * ```
 * @throws RangeError on K, R or N out of range, or positions that are not ascending integers in `[j, j + N − R]`.
 */
export function rankingMetrics(positions: Int32Array, relevant: number, candidates: number, k: number): MetricValues {
  check('rankingMetrics', positions, relevant, candidates, k);
  return {
    hr: hitRateOf(positions, k),
    ndcg: ndcgOf(positions, relevant, k),
    mrr: mrrOf(positions),
    precision: precisionOf(positions, k),
    recall: recallOf(positions, relevant, k),
    auc: aucOf(positions, relevant, candidates),
    map: averagePrecisionOf(positions, relevant, k),
  };
}

function hits(positions: Int32Array, k: number): number {
  let count = 0;
  while (count < positions.length && positions[count] < k) count++;
  return count;
}

function hitRateOf(positions: Int32Array, k: number): number {
  return positions[0] < k ? 1 : 0;
}

function precisionOf(positions: Int32Array, k: number): number {
  return hits(positions, k) / k;
}

function recallOf(positions: Int32Array, relevant: number, k: number): number {
  return hits(positions, k) / relevant;
}

function ndcgOf(positions: Int32Array, relevant: number, k: number): number {
  let dcg = 0;
  for (let j = 0; j < positions.length && positions[j] < k; j++) dcg += 1 / Math.log2(positions[j] + 2);
  let ideal = 0;
  const n = Math.min(relevant, k);
  for (let j = 0; j < n; j++) ideal += 1 / Math.log2(j + 2);
  return dcg / ideal;
}

function mrrOf(positions: Int32Array): number {
  return 1 / (positions[0] + 1);
}

function aucOf(positions: Int32Array, relevant: number, candidates: number): number {
  const negatives = candidates - relevant;
  if (negatives === 0) return 1;
  let sum = 0;
  for (let j = 0; j < relevant; j++) sum += (negatives - (positions[j] - j)) / negatives;
  return sum / relevant;
}

function averagePrecisionOf(positions: Int32Array, relevant: number, k: number): number {
  let sum = 0;
  for (let j = 0; j < positions.length && positions[j] < k; j++) sum += (j + 1) / (positions[j] + 1);
  return sum / Math.min(relevant, k);
}

function check(name: string, positions: Int32Array, relevant: number, candidates: number, k: number): void {
  if (!Number.isInteger(relevant) || relevant < 1) {
    throw new RangeError(`${name}: the number of relevant items must be an integer ≥ 1 (got ${relevant})`);
  }
  if (positions.length !== relevant) {
    throw new RangeError(`${name}: ${positions.length} positions for ${relevant} relevant items`);
  }
  if (!Number.isInteger(candidates) || candidates < relevant) {
    throw new RangeError(`${name}: candidates must be an integer ≥ relevant (${relevant}), got ${candidates}`);
  }
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${name}: k must be an integer ≥ 1 (got ${k})`);
  const negatives = candidates - relevant;
  let previousAbove = 0;
  for (let j = 0; j < relevant; j++) {
    // A fractional position (from a Float32Array) would pass the range test and give fractional metrics.
    if (!Number.isInteger(positions[j])) {
      throw new RangeError(`${name}: position ${j} is ${describeValue(positions[j])}, not an integer`);
    }
    // p_j − j counts the irrelevant candidates placed above relevant item j: in [0, N − R], non-decreasing in j.
    const above = positions[j] - j;
    if (above < previousAbove || above > negatives) {
      throw new RangeError(
        `${name}: position ${positions[j]} of relevant item ${j} is impossible (positions must be ascending, ` +
          `with p_j in [j, j + ${negatives}])`,
      );
    }
    previousAbove = above;
  }
}
