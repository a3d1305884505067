import type { Interactions } from '@recsys/data';
import type { NegativeSampler } from './negative-sampler.js';
import { PopularityNegatives } from './popularity-negatives.js';
import { UniformNegatives } from './uniform-negatives.js';

/** How a negative sampler is named in options. */
export type SamplerName = 'uniform' | 'popularity';

/** Every {@link SamplerName}. */
export const SAMPLER_NAMES: readonly SamplerName[] = ['uniform', 'popularity'];

/**
 * A negative sampler over `train`: by name (`'uniform'`, or `'popularity'` with `exponent`, default 0.75), or the
 * given instance.
 *
 * @throws if the name is unknown.
 * @example
 * ```ts
 * const sampler = createSampler(train, 'popularity', { exponent: 0.5 });
 * const item = sampler.sample(user, new Random(1));
 * ```
 */
export function createSampler(
  train: Interactions,
  sampler: SamplerName | NegativeSampler = 'uniform',
  options: { exponent?: number } = {},
): NegativeSampler {
  if (typeof sampler === 'object') return sampler;
  if (sampler === 'popularity') return new PopularityNegatives(train, { exponent: options.exponent ?? 0.75 });
  if (sampler === 'uniform') return new UniformNegatives(train);
  throw new RangeError(`unknown sampler "${String(sampler)}" (known: ${SAMPLER_NAMES.join(', ')})`);
}
