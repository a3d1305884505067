import {
  checkSaveTarget,
  holdoutValidation,
  NeuralRecommender,
  recommenderEntry,
  recommenderNames,
  type ModelEntry,
  type NeuralFitOptions,
  type NeuralFitReport,
  type Recommender,
} from '@recsys/models';
import { Interactions, type ItemFeaturesMatch, type SparseFeatures } from '@recsys/data';
import { StepProfile, type TrainingHistory } from '@recsys/train';
import {
  allOptions,
  choiceOption,
  closestNames,
  flag,
  helpText,
  intOption,
  optionalString,
  parse,
  requireString,
  type CommandSpec,
  type OptionSpec,
  type ParsedArgs,
} from '../args.js';
import { BEHAVIOUR_OPTIONS, loadBehaviourData } from '../behaviour-options.js';
import { CONFIG_OPTION, configSummary, expandConfig, explainConfig, readConfig, type ConfigFile } from '../config.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { IMPORT_OPTION, importModules } from '../imports.js';
import { stopOnInterrupt } from '../interrupt.js';
import { loadNegativesFor } from '../held-out.js';
import { ModelSpace } from '../model-space.js';
import { logger, printJson, UsageError, warner, type CliIo } from '../io.js';
import {
  ITEM_FEATURE_FLAGS,
  itemFeatureModels,
  itemFeatureOptions,
  itemFeaturesFromArgs,
  loadMatchedItemFeatures,
  takesItemFeatures,
  type ItemFeaturesUse,
} from '../item-features-options.js';
import { flagsOf, modelFlagNames, readOptions, refuseForeignFlags } from '../model-options.js';

/** Options of every `train` run, whatever the model. */
const COMMON: Record<string, OptionSpec> = {
  model: { type: 'string', value: '<name>', description: `Model to train: ${recommenderNames().join(', ')}` },
  train: { type: 'string', value: '<file>', description: 'Training interactions' },
  out: { type: 'string', value: '<dir>', description: 'Where to save the trained model' },
  seed: { type: 'string', value: '<S>', description: 'Seed for everything drawn at random', default: '42' },
  behaviour: {
    ...BEHAVIOUR_OPTIONS['behaviour']!,
    description:
      "A supportive behaviour's own file (repeatable), for a model that reads several (multi-feedback); the --train " +
      "file's rows are then its --target behaviour's",
  },
  ...IMPORT_OPTION,
  ...DATA_OPTIONS,
  ...CONFIG_OPTION,
};

/** How `--validation` scores an epoch (see `--validation-protocol`). */
const VALIDATION_PROTOCOLS = ['sampled', 'holdout'] as const;

/** Holdout Recall@M for models that read item features (DualNet's protocol), sampled NDCG@10 for the others. */
function defaultProtocol(entry: ModelEntry): (typeof VALIDATION_PROTOCOLS)[number] {
  return entry.itemFeatures ? 'holdout' : 'sampled';
}

/** Validation files: for models with a training loop. */
const VALIDATION: Record<string, OptionSpec> = {
  validation: {
    type: 'string',
    value: '<file>',
    description: 'Held-out interactions to pick the best epoch on (validation.rating)',
  },
  'validation-negatives': {
    type: 'string',
    value: '<file>',
    description: 'Their negatives (validation.negative); else 99 sampled',
  },
  'validation-protocol': {
    type: 'string',
    value: '<sampled|holdout>',
    description:
      "How validation scores an epoch: NDCG@10 among sampled negatives, or Recall@M of each user's held-out items " +
      'among the items with training interactions (--validation-m)',
    default: 'holdout for models that read item features (dualnet), else sampled',
  },
  'validation-m': {
    type: 'string',
    value: '<M>',
    description: 'The M of the holdout validation Recall@M',
    default: '50',
  },
};

/** Options of the training loop (for models that have one): the validation files, and profiling. */
const TRAINING_LOOP: Record<string, OptionSpec> = {
  ...VALIDATION,
  profile: {
    type: 'boolean',
    description:
      'After training, print where its time went, phase by phase (host lookups, forward, backward, gradients, ' +
      'sparse scatter, optimizer, batch drawing)',
  },
};

/**
 * Item features of the models that read content: an item with training rows but no features is an error unless
 * --without-features keep (most often the two files write ids differently); features of items without training rows
 * are kept as cold items, the ones such a model recommends from content alone.
 */
const FEATURES_USE: ItemFeaturesUse = {
  withoutFeatures: 'error',
  unknownItems: 'keep',
  rows: 'training interactions',
};

export const spec: CommandSpec = {
  name: 'train',
  usage: 'recsys train --model <name> --train <file> --out <dir> [options]',
  brief: 'Trains a model on an interaction file and saves it to a directory.',
  summary: [
    'Trains a model on an interaction file and saves it to a directory that evaluate, score and recommend read.',
    `Models: ${recommenderNames().join(', ')}. Run "recsys train --model <name> --help" for a model's own options.`,
    `${itemFeatureModels().join(' and ')} read item content: --item-features <file> is required for them.`,
    configSummary('"model": "gmf", "train": "train.rating", "out": "gmf", "epochs": 20', 'model options too'),
  ].join('\n'),
  options: COMMON,
};

/**
 * The command's options for one model: the common ones, the model's own, its training options, and the item features
 * for a model that reads them.
 */
function specFor(entry: ModelEntry): CommandSpec {
  const trains = Object.keys(entry.fitOptions).length > 0;
  const features = takesItemFeatures(entry.name);
  return {
    ...spec,
    usage:
      `recsys train --model ${entry.name} --train <file>` +
      `${features ? ' --item-features <file>' : ''} --out <dir> [options]`,
    summary: [
      entry.description,
      ...(features ? ['', FEATURES_SUMMARY] : []),
      '',
      configSummary(`"model": "${entry.name}", "train": "train.rating", "out": "${entry.name}"`),
    ].join('\n'),
    sections: [
      {
        title: `${entry.name} options`,
        options: { ...flagsOf(entry.options), ...flagsOf(entry.start?.options ?? {}) },
      },
      { title: 'Item features', options: features ? itemFeatureOptions(FEATURES_USE) : {} },
      { title: 'Training options', options: trains ? { ...flagsOf(entry.fitOptions), ...TRAINING_LOOP } : {} },
    ],
  };
}

const FEATURES_SUMMARY = [
  "--item-features <file> gives the items' content, matched to the training interactions by raw item id (the counts go",
  'to stderr): text (item<TAB>feature[:weight]…, e.g. item-features.tsv from recsys split), lda-c (CiteULike',
  'mult.dat), multi-hot (item-tag.dat) or movielens-genres (u.item), names from --item-feature-names. An item with',
  'training interactions but no features is an error (--without-features keep gives it an empty row); features of',
  'items without training interactions add them as cold items, which the model scores and recommends from their',
  'content alone (recommend --candidates, evaluate --protocol holdout --cold-items).',
].join('\n');

export async function run(argv: string[], io: CliIo): Promise<number> {
  const config = await readConfig(spec.name, argv);
  return explainConfig(config, () => train(argv, config, io));
}

/**
 * Every flag `train` knows beyond one model's: the other models' options, the item features and the validation. A
 * config file's keys among them become flags that the checks below refuse (an option that does not apply to the
 * model), as on the command line.
 */
function trainFlags(): Set<string> {
  return new Set([...modelFlagNames(), ...ITEM_FEATURE_FLAGS, ...Object.keys(TRAINING_LOOP)]);
}

async function train(commandLine: string[], config: ConfigFile | undefined, io: CliIo): Promise<number> {
  // --import and --model (from the command line or the config file) first: a module may register the model to train.
  const early = expandConfig(spec, commandLine, config, { only: ['import', 'model'] });
  await importModules(flagValue(early, 'import'));
  const name = flagValue(early, 'model');
  if (name === undefined) {
    const args = parse(spec, early);
    if (args.values.help) return (io.out(helpText(spec)), 0);
    requireString(args, 'model', 'train');
  }
  let entry: ModelEntry;
  try {
    entry = recommenderEntry(name!);
  } catch (error) {
    const [closest] = closestNames(name!, recommenderNames());
    const unknown = `unknown model "${name}"`;
    const message = (error as Error).message;
    throw new UsageError(
      `train: ${closest ? message.replace(unknown, `${unknown} (did you mean "${closest}"?)`) : message}`,
    );
  }
  const command = specFor(entry);
  const argv = expandConfig(command, commandLine, config, { others: trainFlags() });
  const features = takesItemFeatures(entry.name);
  if (!features) {
    const given = ITEM_FEATURE_FLAGS.find((flag) => isGiven(argv, flag));
    if (given) {
      throw new UsageError(
        `train: --${given} does not apply to ${entry.name}: it reads no item features ` +
          `(${itemFeatureModels().join(' and ')} do)`,
      );
    }
  }
  refuseForeignFlags(argv, new Set(Object.keys(allOptions(command))), entry.name, 'train');
  if (Object.keys(entry.fitOptions).length === 0) {
    for (const flag of Object.keys(TRAINING_LOOP)) {
      if (isGiven(argv, flag)) {
        throw new UsageError(`train: --${flag} does not apply to ${entry.name}: it has no training loop`);
      }
    }
  }
  const args = parse(command, argv);
  if (args.values.help) return (io.out(helpText(command)), 0);
  if (args.positionals.length > 0) throw new UsageError(`train: unexpected argument "${args.positionals[0]}"`);
  const trainPath = requireString(args, 'train', 'train');
  const out = requireString(args, 'out', 'train');
  const seed = intOption(args, 'seed', 42, 0, 2 ** 32 - 1);
  const log = logger(io);
  // Options, the output directory and the model first, so a bad flag or --out fails before a large file is read.
  await checkSaveTarget(out).catch((error: Error) => {
    throw new Error(`--out: ${error.message}`);
  });
  const fitOptions: NeuralFitOptions & { itemFeatures?: SparseFeatures } = {
    ...(readOptions(args, entry.fitOptions) as NeuralFitOptions),
    seed,
    log,
  };
  const featuresSource = await itemFeaturesFromArgs(args, 'train', FEATURES_USE);
  if (features && !featuresSource) {
    throw new UsageError(
      `train: --item-features <file> is required for ${entry.name}: it scores items from their content ` +
        '(e.g. the item-features.tsv recsys split writes)',
    );
  }
  const model = await makeModel(entry, args);
  if ((args.lists['behaviour'] ?? []).length > 0 && !entry.behaviours) {
    throw new UsageError(`train: --behaviour applies to models that train on several behaviours, not ${entry.name}`);
  }
  // The main file's behaviour, when others come in files of their own: the model's target.
  const target = entry.behaviours
    ? String((model as unknown as { options: { target?: unknown } }).options.target)
    : undefined;
  let interactions = await loadBehaviourData(io, args, trainPath, '--train', target);
  let matched: ItemFeaturesMatch | undefined;
  if (featuresSource) {
    matched = await loadMatchedItemFeatures(io, args, interactions, featuresSource, FEATURES_USE);
    interactions = matched.interactions;
    fitOptions.itemFeatures = matched.features;
    describeItemSpace(io, interactions);
  }
  log(`training ${entry.name} on ${interactions.size.toLocaleString('en-US')} interactions`);
  const validationPath = optionalString(args, 'validation');
  if (validationPath) {
    const space = new ModelSpace(interactions);
    const loaded = space.adopt((await loadFromArgs(io, args, validationPath, '--validation')).interactions);
    const validation = restrictToSpace(loaded, interactions.numUsers, interactions.numItems);
    if (validation.size === 0) {
      throw new Error(
        `--validation: none of the ${loaded.size} rows of ${validationPath} names a user and an item training saw; ` +
          'is it the validation file of this training file?',
      );
    }
    const dropped = loaded.size - validation.size;
    if (dropped > 0) {
      warner(io)(
        `${validationPath}: ${dropped} of ${loaded.size} rows name a user or item training never saw and were ` +
          'left out of validation',
      );
    }
    const protocol = choiceOption(args, 'validation-protocol', VALIDATION_PROTOCOLS, defaultProtocol(entry));
    const negativesPath = optionalString(args, 'validation-negatives');
    if (protocol === 'holdout') {
      if (negativesPath) throw new UsageError('train: --validation-negatives applies to --validation-protocol sampled');
      // DualNet's in-matrix protocol: rank among the items training saw (cold items are the out-of-matrix task).
      const known = Int32Array.from({ length: interactions.numItems }, (_, i) => i).filter(
        (i) => interactions.itemDegree(i) > 0,
      );
      const m = intOption(args, 'validation-m', 50, 1);
      fitOptions.validation = holdoutValidation(interactions, validation, { m, candidates: known });
    } else {
      if (optionalString(args, 'validation-m')) {
        throw new UsageError('train: --validation-m applies to --validation-protocol holdout');
      }
      fitOptions.validation = validation;
    }
    if (negativesPath) {
      fitOptions.validationNegatives = await loadNegativesFor(io, space, {
        path: negativesPath,
        option: '--validation-negatives',
        heldOut: validation,
        heldOutPath: validationPath,
        unequal: false,
        train: interactions,
        trainedItems: interactions.numItems,
        within: { numUsers: interactions.numUsers, numItems: interactions.numItems },
      });
    }
  } else {
    for (const name of ['validation-negatives', 'validation-protocol', 'validation-m']) {
      if (optionalString(args, name)) throw new UsageError(`train: --${name} applies with --validation only`);
    }
  }

  const stop = model instanceof NeuralRecommender ? stopOnInterrupt(io) : undefined;
  if (stop) {
    fitOptions.stop = stop.signal;
    fitOptions.progress = { write: io.err, isTTY: io.isTTY };
  }
  const profile = flag(args, 'profile') ? new StepProfile() : undefined;
  if (profile) fitOptions.profile = profile;
  let report;
  try {
    report = await model.fit(interactions, fitOptions);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`train: ${error.message}`);
    throw error;
  } finally {
    stop?.dispose();
  }
  if (profile) io.err(`recsys: where training's time went (${entry.name}):\n${profile.format()}\n`);
  const history = (report as Partial<NeuralFitReport>).history;
  const interrupted = history?.interrupted;
  if (interrupted) {
    const where =
      `interrupted in epoch ${interrupted.epoch}` +
      (interrupted.batches > 0 ? ` after ${interrupted.batch} of its ${interrupted.batches} batches` : '');
    if (history.epochs.length === 0) {
      log(`${where}, before any epoch ended: nothing saved`);
      return INTERRUPTED;
    }
    const validated = history.epochs[history.bestEpoch - 1]?.validation !== undefined;
    log(
      validated
        ? `${where}: saving epoch ${history.bestEpoch}, the best on validation so far`
        : `${where}: saving the model as its last step left it (not validated)`,
    );
  }
  const { replaced } = await model.save(out);
  const previous = replaced && ` (replacing a ${replaced.model} model saved by recsys ${replaced.savedBy ?? '0.1.0'})`;
  log(`saved to ${out}${previous ?? ''}`);
  printJson(io, {
    model: entry.name,
    out,
    users: interactions.numUsers,
    items: interactions.numItems,
    rows: report.rows,
    seed,
    seconds: report.seconds,
    ...(matched ? { itemFeatures: matched.report } : {}),
    ...summariseHistory(history),
  });
  return interrupted ? INTERRUPTED : 0;
}

/** The exit code of a command stopped by Ctrl-C (128 + SIGINT), also when it saved what it had. */
const INTERRUPTED = 130;

/** Whether `argv` gives `--<flag>` (`--flag x` or `--flag=x`). */
function isGiven(argv: readonly string[], flag: string): boolean {
  return argv.some((t) => t === `--${flag}` || t.startsWith(`--${flag}=`));
}

/**
 * Says how many items the model will know and how many of them have no training interactions: those are scored from
 * their content alone (cold items), and `recommend` and `evaluate` reach them by their raw ids.
 */
function describeItemSpace(io: CliIo, interactions: Interactions): void {
  let cold = 0;
  for (let i = 0; i < interactions.numItems; i++) if (interactions.itemDegree(i) === 0) cold++;
  const n = (value: number) => value.toLocaleString('en-US');
  logger(io)(
    `the model knows ${n(interactions.numItems)} items: ${n(interactions.numItems - cold)} with training ` +
      `interactions, ${n(cold)} without (cold: scored from their content alone)`,
  );
}

/** The value of `--<flag>` in `argv` (`--flag x` or `--flag=x`), if any: read before the model's options are known. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k]!;
    if (token === `--${flag}`) return argv[k + 1];
    if (token.startsWith(`--${flag}=`)) return token.slice(flag.length + 3);
  }
  return undefined;
}

/** The model to train, from its options (or, for NeuMF with --pretrain, from trained GMF and MLP directories). */
async function makeModel(entry: ModelEntry, args: ParsedArgs): Promise<Recommender> {
  const hyper = readOptions(args, entry.options);
  const start = entry.start ? readOptions(args, entry.start.options) : {};
  try {
    return entry.start && Object.keys(start).length > 0 ? await entry.start.create(start, hyper) : entry.create(hyper);
  } catch (error) {
    // Option errors (out of range, disagreeing, not applicable) are usage errors; a missing file is not.
    if (error instanceof RangeError) throw new UsageError(`train: ${error.message}`);
    throw error;
  }
}

/** Epoch count, best epoch and per-epoch records of a neural model's fit (nothing for ItemPop). */
function summariseHistory(history: TrainingHistory | undefined) {
  if (!history) return {};
  return {
    epochs: history.epochs.length,
    bestEpoch: history.bestEpoch,
    stoppedEarly: history.stoppedEarly,
    ...(history.interrupted ? { interrupted: history.interrupted } : {}),

    history: history.epochs,
  };
}

/** Keeps the rows whose user and item were in training (a validation row for a cold id cannot pick an epoch). */
function restrictToSpace(log: Interactions, numUsers: number, numItems: number): Interactions {
  const kept = log.filter((r) => log.users[r]! < numUsers && log.items[r]! < numItems);
  return Interactions.fromColumns(
    { users: kept.users, items: kept.items },
    { userIds: log.userIds, itemIds: log.itemIds, numUsers, numItems },
  );
}
