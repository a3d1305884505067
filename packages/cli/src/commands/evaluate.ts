import type { Interactions } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled, type EvaluationResult } from '@recsys/eval';
import { flag, helpText, intOption, optionalString, parse, requireString, type CommandSpec } from '../args.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { loadNegativesFor, warnOverlap } from '../held-out.js';
import { printJson, UsageError, warner, type CliIo } from '../io.js';
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
  const { interactions: test } = await loadFromArgs(io, args, testPath, '--test', space);
  const train = model.fitted ? space.widen(model.train) : undefined;
  reportColdPairs(io, test, testPath, model.numUsers, model.numItems);
  if (train) warnOverlap(io, test, testPath, train, 'training pairs');
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

/** Counts test rows whose user or item the model never saw: they are scored cold, which is allowed but said. */
function reportColdPairs(io: CliIo, test: Interactions, path: string, numUsers: number, numItems: number): void {
  let coldUsers = 0;
  let coldItems = 0;
  for (let r = 0; r < test.size; r++) {
    if (test.users[r] >= numUsers) coldUsers++;
    if (test.items[r] >= numItems) coldItems++;
  }
  if (coldUsers + coldItems === 0) return;
  warner(io)(
    `${path}: ${coldUsers} of ${test.size} rows have a user and ${coldItems} an item training never saw; ` +
      'they are scored as cold ids',
  );
}

/** The JSON `recsys evaluate` prints: metric means, the number of users, and 95% confidence intervals. */
export function summarise(result: EvaluationResult) {
  return {
    protocol: result.protocol,
    k: result.k,
    ...result.metrics,
    users: result.users,
    candidates: result.candidates,
    candidateRange: result.candidateRange,
    ci95: result.ci95,
    seconds: result.seconds,
  };
}
