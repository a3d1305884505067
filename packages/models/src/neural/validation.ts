import {
  assertNegativesMatch,
  checkDisjointPairs,
  checkSameIdSpace,
  describeValue,
  Interactions,
  refuseUnknownOptions,
  negativesPerCase,
  sampleTestNegatives,
  type TestNegatives,
} from '@recsys/data';
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
  /** The held-out pairs it evaluates on, if it has any: the model saves them so a test can be checked against them. */
  readonly heldOut?: Interactions;
  /** The training log it was made for, if it depends on one: `fit` refuses another. */
  readonly train?: Interactions;
}

/**
 * Validation by the sampled leave-one-out protocol: each held-out item ranked among its negatives (given, or `count`
 * sampled with `seed`, never a training or held-out item); metrics hr, ndcg, mrr, auc at cut-off `k` (default 10).
 *
 * Checked before any training: given negatives must be headed by exactly the held-out pairs (negatives of another
 * file — the test set's, say — would pick epochs on data they were never meant for) and list equally many negatives
 * per case; no held-out pair may be a training pair.
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
  refuseUnknownOptions('sampledValidation', options, ['negatives', 'k', 'seed']);
  checkHeldOut('sampledValidation', train, heldOut);
  const k = options.k ?? 10;
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(`sampledValidation: k must be an integer ≥ 1, got ${describeValue(k)}`);
  }
  const count = options.negatives;
  if (typeof count === 'number' && !(Number.isInteger(count) && count >= 1)) {
    throw new RangeError(`sampledValidation: negatives must be an integer ≥ 1 or test negatives, got ${count}`);
  }
  checkDisjointPairs('sampledValidation', train, heldOut, LEAK);
  let negatives: TestNegatives;
  if (typeof options.negatives === 'object') {
    negatives = options.negatives;
    assertNegativesMatch(negatives, heldOut, { negatives: 'the validation negatives', heldOut: 'the validation log' });
    const counts = negativesPerCase(negatives);
    if (counts.differing > 0 || counts.empty > 0) {
      throw new RangeError(
        `the validation negatives list ${counts.min} to ${counts.max} negatives per case (${counts.differing} ` +
          `cases differ from the usual ${counts.common}); every case must list equally many`,
      );
    }
  } else {
    negatives = sampleTestNegatives(train, heldOut, { count: options.negatives ?? 99, seed: options.seed ?? 49 });
  }
  return {
    monitor: 'ndcg',
    heldOut,
    train,
    evaluate: async (model) => {
      const { metrics } = await evaluateSampled(model, negatives, { k });
      return { hr: metrics.hr, ndcg: metrics.ndcg, mrr: metrics.mrr, auc: metrics.auc };
    },
  };
}

/** Options of {@link holdoutValidation}. */
export interface HoldoutValidationOptions {
  /** The cut-off M of Recall@M. Default 50. */
  m?: number;
  /**
   * The items ranked (e.g. the items with training rows: DualNet's in-matrix protocol); default every item. A
   * held-out item outside them is an error (when evaluating).
   */
  candidates?: Int32Array;
}

/**
 * Validation by holdout Recall@M (DualNet): each user's held-out items ranked against every item (or every candidate)
 * the user has no training row for; metrics recall (the monitor), ndcg, hr at cut-off `m` (default 50).
 *
 * @example
 * ```ts
 * const { train, validation } = dualNetSplit(log, { seed: 1 });
 * const known = Int32Array.from({ length: train.numItems }, (_, i) => i).filter((i) => train.itemDegree(i) > 0);
 * await model.fit(train, { validation: holdoutValidation(train, validation, { m: 50, candidates: known }) });
 * ```
 */
export function holdoutValidation(
  train: Interactions,
  heldOut: Interactions,
  options: HoldoutValidationOptions = {},
): Validator {
  refuseUnknownOptions('holdoutValidation', options, ['m', 'candidates']);
  checkHeldOut('holdoutValidation', train, heldOut);
  const k = options.m ?? 50;
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(`holdoutValidation: m must be an integer ≥ 1, got ${describeValue(k)}`);
  }
  checkDisjointPairs('holdoutValidation', train, heldOut, LEAK);
  if (options.candidates !== undefined) checkAmongCandidates(heldOut, options.candidates, train.numItems);
  return {
    monitor: 'recall',
    heldOut,
    train,
    evaluate: async (model) => {
      const { metrics } = await evaluateHoldout(model, train, heldOut, { k, candidates: options.candidates });

      return { recall: metrics.recall, ndcg: metrics.ndcg, hr: metrics.hr };
    },
  };
}

const LEAK = 'validating on them picks the epoch that memorises best: hold them out of training';

/** Refuses, before training starts, held-out items that are not candidates (evaluation would refuse them later). */
function checkAmongCandidates(heldOut: Interactions, candidates: Int32Array, numItems: number): void {
  if (!(candidates instanceof Int32Array)) {
    throw new TypeError(
      `holdoutValidation: candidates must be an Int32Array of items, got ${describeValue(candidates)}`,
    );
  }
  const isCandidate = new Uint8Array(numItems);
  for (const i of candidates) {
    if (!(i >= 0 && i < numItems)) throw new RangeError(`holdoutValidation: candidate ${i} is not an item index`);
    isCandidate[i] = 1;
  }
  const outside = new Set(Array.from(heldOut.items).filter((i) => !isCandidate[i]));
  if (outside.size > 0) {
    throw new RangeError(
      `holdoutValidation: ${outside.size} held-out items are not among the candidates (e.g. item ` +
        `${[...outside].slice(0, 3).join(', ')}): they could never be ranked`,
    );
  }
}

/** Refuses an empty held-out log, or one whose ids are not the training log's (loaded separately, say). */
function checkHeldOut(owner: string, train: Interactions, heldOut: Interactions): void {
  if (!(heldOut instanceof Interactions)) {
    throw new TypeError(`${owner}: the held-out log must be Interactions, got ${describeValue(heldOut)}`);
  }
  if (heldOut.size === 0) throw new RangeError(`${owner}: the held-out log is empty`);
  checkSameIdSpace(owner, train, heldOut, { reference: 'the training log', log: 'the held-out log' });
}
