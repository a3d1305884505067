/**
 * `recsys`: the whole public API of recsys from one package — data loading and splits (`@recsys/data`), metrics and
 * protocols (`@recsys/eval`), the layers (`@recsys/layers`), the training loop (`@recsys/train`), the models
 * (`@recsys/models`) and comparisons (`@recsys/experiment`) — for a quick start; the scoped packages are the same code,
 * for installing only a part.
 *
 * @example
 * ```ts
 * import { GMF, evaluateSampled, leaveOneOut, sampleTestNegatives, synthetic } from 'recsys';
 * ```
 *
 * @packageDocumentation
 */
export * from '@recsys/data';
export * from '@recsys/eval';
export * from '@recsys/layers';
export * from '@recsys/train';
export * from '@recsys/models';
export * from '@recsys/experiment';
