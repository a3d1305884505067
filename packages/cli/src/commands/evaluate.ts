import type { Interactions } from '@recsys/data';
import type { Recommender } from '@recsys/models';
import { evaluateFullRanking, evaluateSampled, type EvaluationResult } from '@recsys/eval';
import { flag, helpText, intOption, optionalString, parse, requireString, type CommandSpec } from '../args.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { loadNegativesFor, warnOverlap } from '../held-out.js';
import { logger, printJson, UsageError, warner, type CliIo } from '../io.js';
import { ColdIds } from '../cold-ids.js';
import { ModelSpace } from '../model-space.js';
import { progress } from '../progress.js';
import { IMPORT_OPTION, importModules } from '../imports.js';
import { loadModelFromArgs } from '../saved-model.js';

export const spec: CommandSpec = {
  name: 'evaluate',
  usage: 'recsys evaluate --model-dir <dir> --test <file> (--test-negatives <file> | --full) [--k 10]',
  summary: [
    'Evaluates a saved model on held-out interactions and prints the metrics as JSON (means over users, 95% CIs).',
    'Sampled leave-one-out ranks each test item among its listed negatives (an NCF .test.negative file, whose',
    '(user,item) heads must be exactly the test pairs, each listing equally many negatives); --full ranks it against',
    'every item the user has no training interaction with. Ties count against the test item. Test items never seen',
    'in training are scored as cold items (counted on stderr); test pairs that are training or validation pairs are',
    'warned about.',
  ].join('\n'),
  options: {
    'model-dir': { type: 'string', value: '<dir>', description: 'A directory written by recsys train' },
    ...IMPORT_OPTION,
    test: {
      type: 'string',
      value: '<file>',
      description: 'Held-out interactions (e.g. test.rating from recsys split)',
    },
    'test-negatives': { type: 'string', value: '<file>', description: 'NCF .test.negative file: sampled protocol' },
    'unequal-negatives': {
      type: 'boolean',
      description: 'Rank cases listing fewer or more negatives than the rest as listed (reported) instead of refusing',
    },
    full: { type: 'boolean', description: 'Full-ranking protocol (all items not seen in training)' },
    k: { type: 'string', value: '<K>', description: 'Cut-off of HR, NDCG, precision, recall, MAP', default: '10' },
    'batch-size': {
      type: 'string',
      value: '<N>',
      description: 'Pairs scored per batch (bounds memory)',
      default: '65536',
    },
    ...DATA_OPTIONS,
  },
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parse(spec, argv);
  if (args.values.help) return (io.out(helpText(spec)), 0);
  if (args.positionals.length > 0) throw new UsageError(`evaluate: unexpected argument "${args.positionals[0]}"`);
  await importModules(args);
  const testPath = requireString(args, 'test', 'evaluate');
  const negativesPath = optionalString(args, 'test-negatives');
  const full = flag(args, 'full');
  if (full === Boolean(negativesPath))
    throw new UsageError('evaluate: give exactly one of --test-negatives <file> or --full');
  const unequal = flag(args, 'unequal-negatives');
  if (unequal && !negativesPath) throw new UsageError('evaluate: --unequal-negatives applies with --test-negatives');
  const k = intOption(args, 'k', 10, 1);
  const batchSize = intOption(args, 'batch-size', 65_536, 1);

  const model = await loadModelFromArgs(args, 'evaluate');
  const space = new ModelSpace(model);
  const test = space.adopt((await loadFromArgs(io, args, testPath, '--test')).interactions);
  const train = model.fitted ? space.widen(model.train) : undefined;
  reportColdPairs(io, test, testPath, model);
  reportSeveralPerUser(io, test, testPath, Boolean(negativesPath));
  // Full ranking refuses training pairs outright (a held-out item cannot also be a seen one); sampled says so.
  if (train && negativesPath) warnOverlap(io, test, testPath, train, 'training pairs');
  const validation = model.validationPairs ? space.widen(model.validationPairs) : undefined;
  if (validation) warnOverlap(io, test, testPath, validation, 'the validation pairs its epochs were chosen on');
  let result: EvaluationResult;
  if (negativesPath) {
    const negatives = await loadNegativesFor(io, space, {
      path: negativesPath,
      option: '--test-negatives',
      heldOut: test,
      heldOutPath: testPath,
      unequal,
      train,
      trainedItems: model.numItems,
    });
    result = await evaluateSampled(model, negatives, {
      k,
      batchSize,
      negativesPerCase: unequal ? 'any' : 'equal',
      onProgress: progress(io, 'evaluating'),
    });
  } else {
    result = await evaluateFullRanking(model, space.widen(model.train), space.widen(test), {
      k,
      batchSize,
      onProgress: progress(io, 'evaluating'),
    });
  }
  const [fewest] = result.candidateRange;
  if (fewest <= k) {
    warner(io)(
      `k = ${k} is not below the smallest candidate set (${fewest} candidates): a case with at most ${k} ` +
        `candidates has HR@${k} = 1 whatever the model`,
    );
  }
  printJson(io, summarise(result));
  return 0;
}

/**
 * Counts test rows whose user or item the model never saw (scored cold, which is allowed but said, with the ids that
 * look like known ones written differently), and rows whose user or item is in the model's range without a single
 * training row (a dense-id format declares its index space by its largest id: such an item was trained only as a
 * sampled negative).
 */
function reportColdPairs(io: CliIo, test: Interactions, path: string, model: Recommender): void {
  const cold = new ColdIds();
  let coldRows = 0;
  let untrainedUsers = 0;
  let untrainedItems = 0;
  for (let r = 0; r < test.size; r++) {
    const u = test.users[r];
    const i = test.items[r];
    if (u >= model.numUsers) cold.add('user', test.userIds.raw(u), model.userIds);
    else if (model.train.userDegree(u) === 0) untrainedUsers++;
    if (i >= model.numItems) cold.add('item', test.itemIds.raw(i), model.itemIds);
    else if (model.train.itemDegree(i) === 0) untrainedItems++;
    if (u >= model.numUsers || i >= model.numItems) coldRows++;
  }
  const warn = warner(io);
  const unknown = cold.describe();
  if (unknown) warn(`${path}: ${coldRows} of ${test.size} rows are scored as cold ids: ${unknown}`);
  if (untrainedUsers + untrainedItems > 0) {
    warn(
      `${path}: ${untrainedUsers} rows have a user and ${untrainedItems} an item that is in the model's id range ` +
        'but has no training rows (never a positive in training)',
    );
  }
}

/** Says how a user with several test items is counted: one case per item (sampled), any hit (full ranking). */
function reportSeveralPerUser(io: CliIo, test: Interactions, path: string, sampled: boolean): void {
  let users = 0;
  for (let u = 0; u < test.numUsers; u++) if (test.userDegree(u) > 1) users++;
  if (users === 0) return;
  logger(io)(
    `${path}: ${users} users have several test items: ` +
      (sampled
        ? 'each is a case of its own (the result counts cases)'
        : 'each user is ranked once, HR counts a hit on any of them and recall the share found'),
  );
}

/** The JSON `recsys evaluate` prints: metric means, the number of users, and 95% confidence intervals. */
export function summarise(result: EvaluationResult) {
  return {
    protocol: result.protocol,
    k: result.k,
    ...result.metrics,
    cases: result.users,
    users: new Set(result.perUser.users).size,
    candidates: result.candidates,
    candidateRange: result.candidateRange,
    ci95: result.ci95,
    seconds: result.seconds,
  };
}
