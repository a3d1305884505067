import type { SearchSpace } from './search-space.js';

/**
 * The search space `compare` tunes each built-in model over unless told otherwise: small grids (≤ 8 points) around
 * the settings that won on ML-100K validation splits (see docs/comparisons.md for how they were chosen). Neural models
 * also choose their epoch by early stopping on validation.
 */
export const DEFAULT_SPACES: Readonly<Record<string, SearchSpace>> = {
  itempop: {},
  // Classic baselines: grids around what won on ML-100K validation (docs/comparisons.md).
  itemknn: { neighbours: [10, 20, 50, 100], shrink: [0, 10] },
  ease: { lambda: [100, 200, 500, 1000] },
  ials: { alpha: [2, 4, 8], lambda: [0.01, 0.015] },
  rp3beta: { alpha: [0.7, 1], beta: [0.3, 0.5, 0.7], normalize: [true] },
  // Rendle et al.'s MF: SGD on the batch-mean log loss, so its rate is per batch (16 ≈ 0.06 per example at 256).
  mf: { factors: [64], l2: [0.005, 0.01], learningRate: [8, 16], learningRateDecay: [0.85] },
  // The NCF family: the grids `pnpm bench ncf-accuracy` used before it became a caller of compare.
  gmf: { factors: [8, 16], learningRate: [0.001, 0.005] },
  mlp: { factors: [8, 16, 32], learningRate: [0.001, 0.005] },
  neumf: { learningRate: [0.001, 0.005], learningRateDecay: [1, 0.9] },
  'neumf-pretrained': { learningRate: [0.01, 0.03, 0.1, 0.5] },
  bprmf: { factors: [8, 32], learningRate: [0.001, 0.01] },
  // DMF-2 (towers 256-64, 7 negatives): the paper's Adam 1e-4 and two faster rates.
  dmf: { learningRate: [0.0001, 0.0003, 0.001] },
  'dmf-nce': { learningRate: [0.0001, 0.0003, 0.001] },
  'dmf-ce': { learningRate: [0.0001, 0.0003, 0.001] },
  // DELF (histories capped at 50): predictive factors and Adam's rate around the paper's 1e-3; EF also its λs.
  delf: { factors: [16, 32], learningRate: [0.001, 0.003] },
  'delf-mlp': { factors: [16, 32], learningRate: [0.001, 0.003] },
  'delf-ef': { lambdaUser: [3, 10], lambdaItem: [3, 10] },
  'delf-ni': { factors: [16, 32], learningRate: [0.001, 0.003] },
  'delf-na': { factors: [16, 32], learningRate: [0.001, 0.003] },
  'delf-na-ef': { lambdaUser: [3, 10], lambdaItem: [3, 10] },
  // The multi-feedback model: its paper's best factors (4, Table 2) and the NCF default, Adam around its 1e-3.
  'multi-feedback': { factors: [4, 8], learningRate: [0.001, 0.005] },
  'multi-feedback-uniform': { factors: [4, 8], learningRate: [0.001, 0.005] },
};
