import type { SearchSpace } from './search-space.js';

/**
 * The search space `compare` tunes each built-in model over unless told otherwise: small grids (≤ 8 points) around
 * the settings that won on ML-100K validation splits (see docs/comparisons.md for how they were chosen). Neural models
 * also choose their epoch by early stopping on validation.
 */
export const DEFAULT_SPACES: Readonly<Record<string, SearchSpace>> = {
  itempop: {},
  // The NCF family: the grids `pnpm bench ncf-accuracy` used before it became a caller of compare.
  gmf: { factors: [8, 16], learningRate: [0.001, 0.005] },
  mlp: { factors: [8, 16, 32], learningRate: [0.001, 0.005] },
  neumf: { learningRate: [0.001, 0.005], learningRateDecay: [1, 0.9] },
  'neumf-pretrained': { learningRate: [0.01, 0.03, 0.1, 0.5] },
  bprmf: { factors: [8, 32], learningRate: [0.001, 0.01] },
};
