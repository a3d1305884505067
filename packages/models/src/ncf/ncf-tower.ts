import { halvingTower } from '@recsys/layers';
import { option } from '../options/option-spec.js';

/** The options of NCF's MLP tower, shared by MLP and NeuMF. */
export const TOWER_OPTIONS = {
  layers: option.ints({
    description: 'MLP tower sizes; its embeddings are half the first',
    min: 1,
    defaultText: 'halving: 4F,2F,F',
  }),
  dropout: option.number({
    description: 'Dropout on each tower input',
    default: 0,
    min: 0,
    max: 1,
    maxExclusive: true,
  }),
  l2: option.number({ description: 'L2 on the embeddings and tower kernels', default: 0, min: 0 }),
};

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
