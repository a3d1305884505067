import {
  createRecommender,
  GMF,
  loadRecommender,
  MLP,
  NeuMF,
  recommenderEntry,
  recommenderNames,
  type NeuralFitOptions,
  type NeuralFitReport,
} from '@recsys/models';
import { Interactions, loadNcfNegatives } from '@recsys/data';
import type { TrainingHistory } from '@recsys/train';
import {
  choiceOption,
  helpText,
  intOption,
  numberOption,
  optionalString,
  parse,
  requireString,
  type CommandSpec,
  type ParsedArgs,
} from '../args.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { logger, printJson, UsageError, type CliIo } from '../io.js';

export const spec: CommandSpec = {
  name: 'train',
  usage: 'recsys train --model <name> --train <file> --out <dir> [--format f] [--seed S]',
  summary: 'Trains a model on an interaction file and saves it to a directory that evaluate, score and recommend read.',
  options: {
    model: { type: 'string', value: '<name>', description: `Model to train: ${recommenderNames().join(', ')}` },
    train: { type: 'string', value: '<file>', description: 'Training interactions' },
    out: { type: 'string', value: '<dir>', description: 'Where to save the trained model' },
    seed: { type: 'string', value: '<S>', description: 'Seed for everything drawn at random', default: '42' },
    factors: { type: 'string', value: '<F>', description: 'Neural models: predictive factors', default: '8' },
    layers: { type: 'string', value: '<a,b,…>', description: 'MLP/NeuMF tower sizes', default: 'halving: 4F,2F,F' },
    negatives: {
      type: 'string',
      value: '<N>',
      description: 'Sampled negatives per positive, re-drawn each epoch',
      default: '4 (BPR: 1)',
    },
    epochs: { type: 'string', value: '<E>', description: 'Training epochs', default: '20' },
    'batch-size': { type: 'string', value: '<B>', description: 'Examples per step', default: '256' },
    lr: { type: 'string', value: '<LR>', description: 'Learning rate', default: '0.001' },
    'lr-decay': {
      type: 'string',
      value: '<d>',
      description: 'Multiply the learning rate by d after every epoch (0 < d ≤ 1)',
      default: '1',
    },
    optimizer: {
      type: 'string',
      value: '<adam|sgd|adagrad>',
      description: 'Optimizer',
      default: 'adam (sgd after --pretrain)',
    },
    l2: { type: 'string', value: '<λ>', description: 'L2 penalty on embeddings (and tower kernels)', default: '0' },
    dropout: { type: 'string', value: '<p>', description: 'MLP/NeuMF dropout on tower inputs', default: '0' },
    pretrain: {
      type: 'string',
      value: '<gmfDir>,<mlpDir>',
      description: 'NeuMF: start from trained GMF and MLP (α = --alpha)',
    },
    alpha: {
      type: 'string',
      value: '<α>',
      description: 'NeuMF pre-training trade-off between GMF and MLP',
      default: '0.5',
    },
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
    patience: { type: 'string', value: '<P>', description: 'Stop after P epochs without a better validation NDCG@10' },
    backend: {
      type: 'string',
      value: '<auto|tensorflow|wasm|cpu>',
      description: 'tfjs backend (also RECSYS_BACKEND)',
      default: 'auto',
    },
    ...DATA_OPTIONS,
  },
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parse(spec, argv);
  if (args.values.help) return (io.out(helpText(spec)), 0);
  if (args.positionals.length > 0) throw new UsageError(`train: unexpected argument "${args.positionals[0]}"`);
  const name = requireString(args, 'model', 'train');
  const trainPath = requireString(args, 'train', 'train');
  const out = requireString(args, 'out', 'train');
  const seed = intOption(args, 'seed', 42, 0, 2 ** 32 - 1);
  try {
    recommenderEntry(name);
  } catch (error) {
    throw new UsageError(`train: ${(error as Error).message}`);
  }
  const log = logger(io);
  // Options and the model first, so a bad flag fails before a large file is read.
  const fitOptions: NeuralFitOptions = { ...trainingOptions(args), seed, log };
  const model = await makeModel(name, args);
  const { interactions } = await loadFromArgs(io, args, trainPath);
  log(`training ${name} on ${interactions.size.toLocaleString('en-US')} interactions`);
  const validationPath = optionalString(args, 'validation');
  if (validationPath) {
    // The validation file shares the training file's ids; rows with ids it alone has are dropped (restrictToSpace).
    fitOptions.validation = (
      await loadFromArgs(io, args, validationPath, {
        userIds: interactions.userIds.clone(),
        itemIds: interactions.itemIds.clone(),
      })
    ).interactions;
    fitOptions.validation = restrictToSpace(fitOptions.validation, interactions.numUsers, interactions.numItems);
    const negativesPath = optionalString(args, 'validation-negatives');
    if (negativesPath) fitOptions.validationNegatives = (await loadNcfNegatives(negativesPath)).negatives;
  }
  const report = await model.fit(interactions, fitOptions);
  await model.save(out);
  log(`saved to ${out}`);
  printJson(io, {
    model: name,
    out,
    users: interactions.numUsers,
    items: interactions.numItems,
    rows: report.rows,
    seed,
    seconds: report.seconds,
    ...summariseHistory((report as Partial<NeuralFitReport>).history),
  });
  return 0;
}

/** Epoch count, best epoch and per-epoch records of a neural model's fit (nothing for ItemPop). */
function summariseHistory(history: TrainingHistory | undefined) {
  if (!history) return {};
  return {
    epochs: history.epochs.length,
    bestEpoch: history.bestEpoch,
    stoppedEarly: history.stoppedEarly,
    history: history.epochs,
  };
}

/** The model to train: a fresh one, or NeuMF built from pre-trained GMF and MLP directories. */
async function makeModel(name: string, args: ParsedArgs) {
  const pretrain = optionalString(args, 'pretrain');
  if (pretrain) {
    if (name !== 'neumf') throw new UsageError('--pretrain applies to --model neumf only');
    const [gmfDir, mlpDir, ...rest] = pretrain.split(',');
    if (!gmfDir || !mlpDir || rest.length > 0)
      throw new UsageError('--pretrain takes two directories: <gmfDir>,<mlpDir>');
    const [gmf, mlp] = [await loadRecommender(gmfDir), await loadRecommender(mlpDir)];
    if (!(gmf instanceof GMF)) throw new UsageError(`--pretrain: ${gmfDir} holds a ${gmf.name} model, not gmf`);
    if (!(mlp instanceof MLP)) throw new UsageError(`--pretrain: ${mlpDir} holds a ${mlp.name} model, not mlp`);
    return NeuMF.fromPretrained(gmf, mlp, { alpha: numberOption(args, 'alpha', 0.5, { min: 0, max: 1 }) });
  }
  const options: Record<string, unknown> = {
    factors: intOption(args, 'factors', 8, 1),
    l2: numberOption(args, 'l2', 0, { min: 0 }),
    dropout: numberOption(args, 'dropout', 0, { min: 0, max: 1, maxExclusive: true }),
  };
  const layers = optionalString(args, 'layers');
  if (layers) options.layers = layers.split(',').map((v) => Number(v));
  return createRecommender(name, options);
}

/** The training-loop options the flags set (absent flags keep each model's defaults). */
function trainingOptions(args: ParsedArgs): NeuralFitOptions {
  const options: NeuralFitOptions = {};
  if (args.values.epochs !== undefined) options.epochs = intOption(args, 'epochs', 20, 1);
  if (args.values['batch-size'] !== undefined) options.batchSize = intOption(args, 'batch-size', 256, 1);
  if (args.values.negatives !== undefined) options.negatives = intOption(args, 'negatives', 4, 0);
  if (args.values.lr !== undefined)
    options.learningRate = numberOption(args, 'lr', 0.001, { min: 0, minExclusive: true });
  if (args.values['lr-decay'] !== undefined)
    options.learningRateDecay = numberOption(args, 'lr-decay', 1, { min: 0, minExclusive: true, max: 1 });
  if (args.values.patience !== undefined) options.patience = intOption(args, 'patience', 3, 1);
  const optimizer = choiceOption(args, 'optimizer', ['adam', 'sgd', 'adagrad'] as const);
  if (optimizer) options.optimizer = optimizer;
  const backend = choiceOption(args, 'backend', ['auto', 'tensorflow', 'wasm', 'cpu'] as const);
  if (backend) options.backend = backend;
  return options;
}

/** Keeps the rows whose user and item were in training (a validation row for a cold id cannot pick an epoch). */
function restrictToSpace(log: Interactions, numUsers: number, numItems: number): Interactions {
  const kept = log.filter((r) => log.users[r] < numUsers && log.items[r] < numItems);
  return Interactions.fromColumns(
    { users: kept.users, items: kept.items },
    { userIds: log.userIds, itemIds: log.itemIds, numUsers, numItems },
  );
}
