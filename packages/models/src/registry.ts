import { selectBackend } from '@recsys/train';
import { readModelDir, type ModelDirContents } from './io/model-dir.js';
import { ItemPop } from './item-pop.js';
import { RandomScores } from './random-scores.js';
import { EASE } from './linear/ease.js';
import { IALS } from './linear/ials.js';
import { DELF } from './delf/delf.js';
import { DMF, dmfFitOptionSchema } from './dmf/dmf.js';
import { ContentProfile } from './content/content-profile.js';
import { DualNet, dualNetFitOptionSchema } from './dualnet/dual-net.js';
import { MultiFeedbackNCF, multiFeedbackFitOptionSchema } from './multifeedback/multi-feedback-ncf.js';
import { BPRMF } from './mf/bpr-mf.js';
import { MF, mfFitOptionSchema } from './mf/mf.js';
import { GMF } from './ncf/gmf.js';
import { MLP } from './ncf/mlp.js';
import { NeuMF } from './ncf/neumf.js';
import { ItemKNN } from './neighbourhood/item-knn.js';
import { RP3beta } from './neighbourhood/rp3beta.js';
import { neuralFitOptionSchema } from './neural/neural-fit-options.js';
import { NeuralRecommender, type NeuralModelClass } from './neural/neural-recommender.js';
import { option, type OptionSchema } from './options/option-spec.js';
import { resolveOptions } from './options/resolve-options.js';
import type { Recommender } from './recommender.js';

/** What the registry knows of a model: how to make one, restore one, and which options each step takes. */
export interface ModelEntry {
  /** Registry name (lower case), e.g. `'gmf'`. */
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  /** Hyper-parameters: `create`'s options, saved with the model. */
  readonly options: OptionSchema;
  /** Options of the model's `fit` that a command line can set (none for models without a training loop). */
  readonly fitOptions: OptionSchema;
  /**
   * Whether `fit` needs the items' content as its `itemFeatures` option (DualNet, the content profile): `compare`
   * passes its item features to these models only.
   */
  readonly itemFeatures?: boolean;
  /**
   * Whether the model scores items without training rows in a meaningful way (from their content, or at random as
   * the floor): only these take part in out-of-matrix (cold-item) evaluation.
   */
  readonly coldItems?: boolean;
  /**
   * Whether `fit` takes a multi-behaviour log (a behaviours column; the multi-feedback model) rather than one kind of
   * interaction: `compare` with a target behaviour gives these models the whole training log, the others its target
   * rows (or all behaviours merged, for a `+all` variant).
   */
  readonly behaviours?: boolean;
  /** A new, unfitted model; the options are checked against {@link ModelEntry.options}. */
  create(options: Record<string, unknown>): Recommender;
  /** A model restored from a directory's contents (may be async: e.g. to pick the tfjs backend first). */
  restore(contents: ModelDirContents): Recommender | Promise<Recommender>;
  /**
   * Another way to start, not saved with the model (NeuMF from pre-trained GMF and MLP directories): its options, and
   * the model it makes from them (with `hyper`, the hyper-parameters also given, which it may refuse).
   */
  readonly start?: {
    readonly options: OptionSchema;
    create(options: Record<string, unknown>, hyper: Record<string, unknown>): Promise<Recommender>;
  };
}

const registry = new Map<string, ModelEntry>();

/**
 * Registers a model so that {@link createRecommender}, {@link loadRecommender} and the `recsys` command know it.
 *
 * @throws if the name is taken by another entry.
 */
export function registerRecommender(entry: ModelEntry): void {
  const given = entry as Partial<ModelEntry> | undefined;
  if (!given || typeof given.name !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/i.test(given.name)) {
    throw new TypeError(`registerRecommender: the entry needs a name of letters, digits, "-" or "_"`);
  }
  for (const key of ['create', 'restore'] as const) {
    if (typeof given[key] !== 'function') {
      throw new TypeError(`registerRecommender: the "${given.name}" entry has no ${key} function`);
    }
  }
  for (const key of ['options', 'fitOptions'] as const) {
    if (given[key] === null || typeof given[key] !== 'object') {
      throw new TypeError(`registerRecommender: the "${given.name}" entry has no ${key} schema (use {} for none)`);
    }
  }
  const name = entry.name.toLowerCase();
  const existing = registry.get(name);
  if (existing && existing !== entry) throw new Error(`a model named "${name}" is registered already`);
  registry.set(name, entry);
}

/**
 * The registry entry of a neural model class, made from its static spec: its options, its training options, creation
 * and restoring. `registerRecommender(neuralModelEntry(MyModel))` makes your own model a first-class one (fit, score,
 * save, load, evaluate and the `recsys` command).
 *
 * @example
 * ```ts
 * registerRecommender(neuralModelEntry(TwoTowerMLP)); // examples/custom-model/two-tower-mlp.mjs
 * const model = createRecommender('two-tower-mlp', { dim: 16 });
 * ```
 */
export function neuralModelEntry(Model: NeuralModelClass): ModelEntry {
  const { spec } = Model;
  return {
    name: spec.name,
    description: spec.description,
    options: spec.options,
    fitOptions: neuralFitOptionSchema(spec.losses),
    create: (options) => new Model(options),
    restore: async (contents) => {
      // The weights become tensors as the model is rebuilt: on the backend recsys picks, not on tfjs's default cpu
      // (which also printed tfjs's "install our node backend" banner on every evaluate, score and recommend).
      await selectBackend();
      return NeuralRecommender.restoreModel(Model, contents);
    },
  };
}

/** Names of the registered models. */
export function recommenderNames(): string[] {
  return [...registry.keys()];
}

/**
 * The registry entry for `name`.
 *
 * @throws Error listing the registered models and saying how a custom model gets registered (`--import <module>` on
 * the command line, {@link registerRecommender} in code): an unknown name is most often a custom model whose module
 * was not imported.
 */
export function recommenderEntry(name: string): ModelEntry {
  const entry = registry.get(name.toLowerCase());
  if (!entry) throw new Error(`unknown model "${name}" (registered: ${registeredList()}); ${HOW_TO_REGISTER}`);
  return entry;
}

/** How a model not built in becomes known, for messages: the command line's way and the library's. */
const HOW_TO_REGISTER =
  'a custom model must be registered first: on the command line, pass --import <module> with the module that ' +
  'registers it; in code, call registerRecommender (e.g. registerRecommender(neuralModelEntry(MyModel)))';

function registeredList(): string {
  return recommenderNames().join(', ');
}

/** A new, unfitted model by registry name, e.g. `createRecommender('gmf', { factors: 16 })`. */
export function createRecommender(name: string, options: Record<string, unknown> = {}): Recommender {
  return recommenderEntry(name).create(options);
}

/**
 * Loads any saved model from a directory written by `model.save(dir)`.
 *
 * @throws Error when the directory is not a readable model directory, or when the model it holds is not registered
 * (a custom model: the message names it and says how to register it).
 * @example
 * ```ts
 * const model = await loadRecommender('out/itempop');
 * const scores = await model.score(Int32Array.of(0), Int32Array.of(5));
 * ```
 */
export async function loadRecommender(dir: string): Promise<Recommender> {
  const contents = await readModelDir(dir);
  const entry = registry.get(contents.model.toLowerCase());
  if (!entry) {
    // Say what the directory holds: "unknown model" alone reads as a damaged directory, not a missing --import.
    throw new Error(
      `${dir} holds a "${contents.model}" model, which is not registered (registered: ${registeredList()}); ` +
        HOW_TO_REGISTER,
    );
  }
  return entry.restore(contents);
}

registerRecommender({
  name: 'itempop',
  description: 'ItemPop: items ranked by number of training interactions (non-personalised baseline)',
  options: {},
  fitOptions: {},
  create: (options) => {
    resolveOptions({}, options, 'itempop'); // takes none: any option is an error
    return new ItemPop();
  },
  restore: (contents) => ItemPop.fromContents(contents),
});

registerRecommender({
  name: 'content',
  description: "Content profile: an item's cosine with the sum of the user's items' features (content-only baseline)",
  options: {},
  fitOptions: {}, // the item features come with the data (--item-features)
  itemFeatures: true,
  coldItems: true,
  create: (options) => {
    resolveOptions({}, options, 'content');
    return new ContentProfile();
  },
  restore: (contents) => ContentProfile.fromContents(contents),
});

registerRecommender({
  name: 'random',
  description: 'Random: every (user, item) pair scores a seeded hash (the floor, cold items included)',
  options: {},
  fitOptions: {}, // nothing to train
  coldItems: true,
  create: (options) => {
    resolveOptions({}, options, 'random');
    return new RandomScores();
  },
  restore: (contents) => RandomScores.fromContents(contents),
});

for (const Model of [ItemKNN, RP3beta]) {
  registerRecommender({
    name: Model.spec.name,
    description: Model.spec.description,
    options: Model.spec.options,
    fitOptions: {}, // no training loop: the similarity is computed in one pass
    create: (options) => new Model(options),
    restore: (contents) => Model.fromContents(contents),
  });
}

registerRecommender({
  name: 'ease',
  description: 'EASE^R (Steck 2019): closed-form item × item linear model, B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹',
  options: EASE.options,
  fitOptions: {}, // closed form: no training loop
  create: (options) => new EASE(options),
  restore: (contents) => EASE.fromContents(contents),
});

registerRecommender({
  name: 'ials',
  description: 'iALS (Hu et al. 2008; Rendle et al. 2021): implicit matrix factorization by alternating least squares',
  options: IALS.options,
  fitOptions: {}, // its sweeps are a hyper-parameter (--sweeps); no epochs to validate
  create: (options) => new IALS(options),
  restore: (contents) => IALS.fromContents(contents),
});

for (const Model of [GMF, MLP, BPRMF]) registerRecommender(neuralModelEntry(Model));
// MF's help shows its own training defaults (the paper's SGD, 8 negatives and step).
registerRecommender({ ...neuralModelEntry(MF), fitOptions: mfFitOptionSchema() });
// DMF's help shows the paper's training defaults (7 negatives, Adam 1e-4); its targets follow its loss.
registerRecommender({ ...neuralModelEntry(DMF), fitOptions: dmfFitOptionSchema() });
// DualNet trains on dual mini-batches: no sampled negatives, a block size per side.
registerRecommender({
  ...neuralModelEntry(DualNet),
  fitOptions: dualNetFitOptionSchema(),
  itemFeatures: true,
  coldItems: true,
});
// The multi-feedback model samples its own negatives (supportive-only items, or uniform): no sampler option.
registerRecommender({
  ...neuralModelEntry(MultiFeedbackNCF),
  fitOptions: multiFeedbackFitOptionSchema(),
  behaviours: true,
});

const delfPretrainOptions = {
  pretrain: option.string({
    description: 'Start the primitive embeddings from a trained MLP model directory (§3.2)',
    placeholder: '<mlpDir>',
  }),
};

registerRecommender({
  ...neuralModelEntry(DELF),
  start: {
    options: delfPretrainOptions,
    async create(options, hyper) {
      const { pretrain } = resolveOptions(delfPretrainOptions, options, 'delf');
      if (pretrain === undefined) return new DELF(hyper);
      const mlp = await loadRecommender(pretrain);
      if (!(mlp instanceof MLP)) throw new RangeError(`delf: pretrain: ${pretrain} holds a ${mlp.name} model, not mlp`);
      return DELF.fromPretrained(mlp, hyper);
    },
  },
});

const pretrainOptions = {
  pretrain: option.string({
    description: 'Start from trained GMF and MLP model directories (then SGD by default)',
    placeholder: '<gmfDir>,<mlpDir>',
  }),
  alpha: option.number({
    description: 'With --pretrain: the GMF share of the fused head',
    min: 0,
    max: 1,
    defaultText: '0.5',
  }),
};

registerRecommender({
  ...neuralModelEntry(NeuMF),
  start: {
    options: pretrainOptions,
    async create(options, hyper) {
      const { pretrain, alpha } = resolveOptions(pretrainOptions, options, 'neumf');
      if (pretrain === undefined) {
        if (alpha !== undefined) throw new RangeError('neumf: alpha applies with pretrain only');
        return new NeuMF(hyper);
      }
      const given = Object.keys(hyper).filter((key) => hyper[key] !== undefined);
      if (given.length > 0) {
        throw new RangeError(`neumf: ${given.join(', ')} come from the pre-trained models with pretrain, not options`);
      }
      const [gmfDir, mlpDir, ...rest] = pretrain.split(',');
      if (!gmfDir || !mlpDir || rest.length > 0)
        throw new RangeError('neumf: pretrain takes two directories: <gmfDir>,<mlpDir>');
      const [gmf, mlp] = [await loadRecommender(gmfDir), await loadRecommender(mlpDir)];
      if (!(gmf instanceof GMF)) throw new RangeError(`neumf: pretrain: ${gmfDir} holds a ${gmf.name} model, not gmf`);
      if (!(mlp instanceof MLP)) throw new RangeError(`neumf: pretrain: ${mlpDir} holds a ${mlp.name} model, not mlp`);
      return NeuMF.fromPretrained(gmf, mlp, { alpha });
    },
  },
});
