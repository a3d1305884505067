import { halvingTower } from '@recsys/layers';

/**
 * NCF's MLP tower: `layers` as given, else the halving tower for `factors` (default 8); both must agree, and the first
 * layer must be even (it is two concatenated embeddings).
 */
export function towerSizes(model: string, factors: number | undefined, layers: number[] | undefined): number[] {
  const tower = layers ?? halvingTower(factors ?? 8);
  if (layers && factors !== undefined && layers[layers.length - 1] !== factors) {
    throw new RangeError(
      `${model}: factors ${factors} disagree with layers [${layers.join(', ')}] (the last is the factors)`,
    );
  }
  if (tower[0]! % 2 !== 0) {
    throw new RangeError(`${model}: the first layer (${tower[0]}) must be even: it is two concatenated embeddings`);
  }
  return tower;
}
