import { sampleTestNegatives, type Interactions, type TestNegatives } from '@recsys/data';
import { evaluateHoldout, evaluateSampled } from '@recsys/eval';
import type { Recommender } from '../recommender.js';

/**
 * How a fit picks its best epoch: after every epoch the model is evaluated on held-out data; higher is better. Use
 * {@link sampledValidation} (NCF, DMF, DELF: leave-one-out, ranked among sampled negatives), {@link holdoutValidation}
 * (DualNet: Recall@M over all items), or your own.
 */
export interface Validator {
  /** The metrics of `model` as it is now. */
  evaluate(model: Recommender): Promise<Record<string, number>>;
  /** The metric that picks the epoch unless the fit names another. */
  readonly monitor: string;
}

/**
 * Validation by the sampled leave-one-out protocol: each held-out item ranked among its negatives (given, or `count`
 * sampled with `seed`, never a training or held-out item); metrics hr, ndcg, mrr, auc at cut-off `k` (default 10).
 *
 * @example
 * ```ts
 * const { train, validation } = leaveOneOut(log, { validation: true });
 * await model.fit(train, { validation: sampledValidation(train, validation, { negatives: 99 }) });
 * ```
 */
export function sampledValidation(
  train: Interactions,
  heldOut: Interactions,
  options: { negatives?: TestNegatives | number; k?: number; seed?: number } = {},
): Validator {
  const negatives =
    typeof options.negatives === 'object'
      ? options.negatives
      : sampleTestNegatives(train, heldOut, { count: options.negatives ?? 99, seed: options.seed ?? 49 });
  const k = options.k ?? 10;
  return {
    monitor: 'ndcg',
    evaluate: async (model) => {
      const { metrics } = await evaluateSampled(model, negatives, { k });
      return { hr: metrics.hr, ndcg: metrics.ndcg, mrr: metrics.mrr, auc: metrics.auc };
    },
  };
}

/**
 * Validation by holdout Recall@M (DualNet): each user's held-out items ranked against every item the user has no
 * training row for; metrics recall (the monitor), ndcg, hr at cut-off `m` (default 50).
 *
 * @example
 * ```ts
 * const { train, test: heldOut } = holdout(log, { ratio: 0.2, seed: 1 });
 * await model.fit(train, { validation: holdoutValidation(train, heldOut, { m: 50 }) });
 * ```
 */
export function holdoutValidation(train: Interactions, heldOut: Interactions, options: { m?: number } = {}): Validator {
  const k = options.m ?? 50;
  return {
    monitor: 'recall',
    evaluate: async (model) => {
      const { metrics } = await evaluateHoldout(model, train, heldOut, { k });
      return { recall: metrics.recall, ndcg: metrics.ndcg, hr: metrics.hr };
    },
  };
}
