import type { ComparisonProtocol } from '../comparison-result.js';

/** Each protocol as reports name it. */
export const PROTOCOL_NAMES: Readonly<Record<ComparisonProtocol, string>> = {
  sampled: 'sampled',
  full: 'full ranking',
  'sampled-warm': 'sampled (warm cases)',
  'full-warm': 'full ranking (warm cases)',
  'in-matrix': 'in-matrix',
  'out-of-matrix': 'out-of-matrix',
};

/** Whether a protocol ranks held-out items by Recall@M (DualNet's split) rather than one test item per user. */
export function isHoldoutProtocol(protocol: ComparisonProtocol): boolean {
  return protocol === 'in-matrix' || protocol === 'out-of-matrix';
}
