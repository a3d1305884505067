import { assertPositiveInt } from './layer-utils.js';

/**
 * The NCF paper's halving MLP tower: `layers` widths, each half the previous, ending at `predictiveFactors`.
 *
 * "If the predictive factors is 8, then the architecture of the neural CF layers is 32 → 16 → 8, and the embedding
 * size is 16" (He et al., 2017): `halvingTower(8)` is `[32, 16, 8]`, paired with {@link halvingEmbeddingSize}.
 *
 * @param predictiveFactors - Width of the last layer (a positive integer).
 * @param layers - Number of layers (a positive integer), default 3.
 * @throws if an argument is not a positive integer.
 * @example
 * ```ts
 * halvingTower(8); // [32, 16, 8]
 * halvingTower(16, 4); // [128, 64, 32, 16]
 * ```
 */
export function halvingTower(predictiveFactors: number, layers = 3): number[] {
  assertPositiveInt(predictiveFactors, 'halvingTower predictiveFactors');
  assertPositiveInt(layers, 'halvingTower layers');
  return Array.from({ length: layers }, (_, i) => predictiveFactors * 2 ** (layers - 1 - i));
}

/**
 * The embedding size that goes with {@link halvingTower}: half its first layer, so the concatenated user and item
 * embeddings are exactly as wide as the first layer. `halvingEmbeddingSize(8)` is 16.
 *
 * @param predictiveFactors - Width of the tower's last layer (a positive integer).
 * @param layers - Number of tower layers (a positive integer), default 3.
 * @throws if an argument is not a positive integer, or the first layer is odd (`layers = 1` with odd factors).
 * @example
 * ```ts
 * halvingEmbeddingSize(8); // 16
 * halvingEmbeddingSize(16, 4); // 64
 * ```
 */
export function halvingEmbeddingSize(predictiveFactors: number, layers = 3): number {
  const first = halvingTower(predictiveFactors, layers)[0]!;
  if (first % 2 !== 0) throw new Error(`halvingEmbeddingSize: first layer ${first} is odd and cannot be halved`);
  return first / 2;
}
