import { GMF, MLP, NeuMF, recommenderEntry, type Recommender } from '@recsys/models';
import { DEFAULT_SPACES } from './default-spaces.js';
import type { Params, SearchSpace } from './search-space.js';

/**
 * A model taking part in {@link compare}: how to make one for a point of its search space, and how to fit it. Any
 * {@link Recommender} can take part, a user's own included.
 *
 * @example
 * ```ts
 * const mine: CompareModel = {
 *   name: 'my-knn',
 *   space: { neighbours: [20, 50, 100] },
 *   create: (params) => new MyKnn({ neighbours: params.neighbours as number }),
 * };
 * await compare({ data, models: ['ease', mine] });
 * ```
 */
export interface CompareModel {
  /** The model's label in the comparison (unique). */
  readonly name: string;
  /** Settings to tune on validation (a grid; a seeded random sample of it when larger than the budget). Default `{}`. */
  readonly space?: SearchSpace;
  /**
   * Whether the model trains by epochs: each trial then validates after every epoch (up to `maxEpochs`, stopping
   * after `patience` epochs without improvement) and the refit trains the best trial's number of epochs. Its `fit`
   * must take `epochs`, `patience`, `validation`, `progress` (as every neural model's does). Default `false`.
   */
  readonly epochs?: boolean;
  /**
   * Models of the same comparison this one is built from (NeuMF from pre-trained GMF and MLP): they must come before
   * it in the list; `create` receives their chosen models — fitted on the inner training split while tuning, refit on
   * train + validation for the final fit.
   */
  readonly uses?: readonly string[];
  /**
   * Whether `fit` takes the items' content as `itemFeatures` (DualNet, the content profile): {@link compare} passes
   * its `itemFeatures` to these models. Default `false`.
   */
  readonly itemFeatures?: boolean;
  /**
   * Whether the model scores items without training rows in a meaningful way (from content, or at random as the
   * floor): only these are evaluated out-of-matrix. Default `false`.
   */
  readonly coldItems?: boolean;
  /**
   * What the model trains on when {@link compare} is given a target behaviour (`behaviours`): `'target'` (default) its
   * rows only (purchases), `'all'` every behaviour merged into one log of distinct (user, item) pairs, `'behaviours'`
   * the multi-behaviour log itself (the multi-feedback model; it then gets `target`, and `supportive` when given,
   * among its params). Without a target behaviour only `'target'` applies.
   */
  readonly trainOn?: 'target' | 'all' | 'behaviours';
  /** A new, unfitted model for a point of the space. */
  create(params: Params, used: Readonly<Record<string, Recommender>>): Recommender | Promise<Recommender>;
  /** The `fit` options of a point (learning rate, say). Default none. */
  fitOptions?(params: Params): Record<string, unknown>;
}

/**
 * A registered model (`'ease'`, `'gmf'`, …, or one added with `registerRecommender`) as a {@link CompareModel}: a
 * point's settings go to the model's options or its fit options by name, and the search space defaults to the one
 * recsys ships for the model ({@link DEFAULT_SPACES}, `{}` for a model without one). `'neumf-pretrained'` is NeuMF
 * built from the comparison's chosen GMF and MLP, fine-tuned with SGD (the NCF paper's best variant). The papers' named
 * variants are registered models with some settings fixed ({@link MODEL_VARIANTS}): `'dmf-nce'`, `'dmf-ce'`,
 * `'delf-mlp'`, `'delf-ef'`, `'delf-ni'`, `'delf-na'`, `'delf-na-ef'`, `'multi-feedback-uniform'`. A name ending in `+all` (`'ials+all'`)
 * is the model trained on every behaviour merged, for a comparison with a target behaviour.
 *
 * @throws Error for an unknown model (listing the registered ones); RangeError for a setting that is neither an
 *   option nor a fit option of the model.
 */
export function registeredModel(name: string, space?: SearchSpace): CompareModel {
  const key = name.toLowerCase();
  if (key.endsWith(ALL_BEHAVIOURS)) {
    const base = registeredModel(key.slice(0, -ALL_BEHAVIOURS.length), space);
    if (base.trainOn === 'behaviours') throw new RangeError(`compare: ${base.name} already trains on every behaviour`);
    return { ...base, name: key, trainOn: 'all' };
  }
  if (key === 'neumf-pretrained') return neumfPretrained(space ?? DEFAULT_SPACES['neumf-pretrained']!);
  const variant = MODEL_VARIANTS[key];
  if (variant) {
    const base = registeredModel(variant.model, space ?? DEFAULT_SPACES[key] ?? {});
    for (const setting of Object.keys(base.space ?? {})) {
      if (setting in variant.fixed)
        throw new RangeError(`compare: ${key} fixes "${setting}"; tune it on ${variant.model}`);
    }
    const fixed = (params: Params): Params => ({ ...params, ...variant.fixed });
    return {
      ...base,
      name: key,
      create: (params, used) => base.create(fixed(params), used),
      fitOptions: (params) => base.fitOptions?.(fixed(params)) ?? {},
    };
  }
  const entry = recommenderEntry(key);
  const chosenSpace = space ?? DEFAULT_SPACES[entry.name] ?? {};
  for (const setting of Object.keys(chosenSpace)) {
    if (!(setting in entry.options) && !(setting in entry.fitOptions)) {
      const known = [...Object.keys(entry.options), ...Object.keys(entry.fitOptions)];
      throw new RangeError(
        `compare: "${setting}" is not a setting of ${entry.name} (its settings: ${known.join(', ') || 'none'})`,
      );
    }
  }
  return {
    name: entry.name,
    space: chosenSpace,
    epochs: 'epochs' in entry.fitOptions,
    itemFeatures: entry.itemFeatures === true,
    coldItems: entry.coldItems === true,
    ...(entry.behaviours && { trainOn: 'behaviours' as const }),
    create: (params) => entry.create(pick(params, (key) => key in entry.options)),
    fitOptions: (params) => pick(params, (key) => key in entry.fitOptions),
  };
}

/**
 * The papers' named variants: a registered model with some of its settings (options or fit options) fixed. Their
 * search spaces are their own in {@link DEFAULT_SPACES}.
 *
 * @example
 * ```ts
 * MODEL_VARIANTS['dmf-ce']; // { model: 'dmf', fixed: { loss: 'ce' } }
 * await compare({ data, models: ['neumf', 'dmf-nce', 'dmf-ce', 'delf-mlp', 'delf-ef'] });
 * ```
 */
export const MODEL_VARIANTS: Readonly<Record<string, { model: string; fixed: Params }>> = {
  'dmf-nce': { model: 'dmf', fixed: { loss: 'nce' } },
  'dmf-ce': { model: 'dmf', fixed: { loss: 'ce' } },
  'delf-mlp': { model: 'delf', fixed: { fusion: 'mlp' } },
  'delf-ef': { model: 'delf', fixed: { fusion: 'ef' } },
  'delf-ni': { model: 'delf', fixed: { variant: 'ni' } },
  'delf-na': { model: 'delf', fixed: { variant: 'na' } },
  // The ablation with the empirical fusion ('ni' has no pairwise towers for it to weigh).
  'delf-na-ef': { model: 'delf', fixed: { variant: 'na', fusion: 'ef' } },
  'multi-feedback-uniform': { model: 'multi-feedback', fixed: { negativeSampler: 'uniform' } },
};

/**
 * The suffix of a model trained on every behaviour merged (`'ials+all'`: iALS on views, carts, favourites and
 * purchases as one kind of interaction), when {@link compare} has a target behaviour.
 */
export const ALL_BEHAVIOURS = '+all';

function neumfPretrained(space: SearchSpace): CompareModel {
  return {
    name: 'neumf-pretrained',
    space,
    epochs: true,
    uses: ['gmf', 'mlp'],
    create: (_params, used) => {
      const { gmf, mlp } = used;
      if (!(gmf instanceof GMF) || !(mlp instanceof MLP)) {
        throw new RangeError('compare: neumf-pretrained needs the gmf and mlp models of the same comparison');
      }
      return NeuMF.fromPretrained(gmf, mlp);
    },
    fitOptions: (params) => ({ ...params }),
  };
}

function pick(params: Params, keep: (key: string) => boolean): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => keep(key)));
}
