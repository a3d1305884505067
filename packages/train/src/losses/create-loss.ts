import { BprLoss } from './bpr-loss.js';
import { LogLoss } from './log-loss.js';
import type { Loss, LossName } from './loss.js';
import { NormalizedCrossEntropy } from './normalized-cross-entropy.js';
import { WeightedSquaredError } from './weighted-squared-error.js';

/**
 * A loss by name: `'log'`, `'bpr'`, `'squared'`, `'nce'` or `'ce'` (the same clipped cross-entropy of probability
 * outputs as `'nce'`, named for binary targets: DMF's two losses differ only in their targets).
 */
export function createLoss(name: LossName): Loss {
  switch (name) {
    case 'log':
      return new LogLoss();
    case 'bpr':
      return new BprLoss();
    case 'squared':
      return new WeightedSquaredError();
    case 'nce':
      return new NormalizedCrossEntropy();
    case 'ce':
      return new NormalizedCrossEntropy({ name: 'ce' });
    default:
      throw new RangeError(`unknown loss "${String(name)}" (known: log, bpr, squared, nce, ce)`);
  }
}
