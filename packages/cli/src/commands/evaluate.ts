import { checkTestNegatives, loadNcfNegatives } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled, type EvaluationResult } from '@recsys/eval';
import { loadRecommender } from '@recsys/models';
import { flag, helpText, intOption, optionalString, parse, requireString, type CommandSpec } from '../args.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { logger, printJson, UsageError, type CliIo } from '../io.js';
import { ModelSpace } from '../model-space.js';
import { progress } from '../progress.js';
import { IMPORT_OPTION, importModules } from '../imports.js';

export const spec: CommandSpec = {
  name: 'evaluate',
  usage: 'recsys evaluate --model-dir <dir> --test <file> (--test-negatives <file> | --full) [--k 10]',
  summary: [
    'Evaluates a saved model on held-out interactions and prints the metrics as JSON (means over users, 95% CIs).',
    'Sampled leave-one-out ranks each test item among its listed negatives (an NCF .test.negative file); --full ranks',
    'it against every item the user has no training interaction with. Ties count against the test item.',
    'Test items never seen in training are scored as cold items (ItemPop: popularity 0).',
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
  const modelDir = requireString(args, 'model-dir', 'evaluate');
  const testPath = requireString(args, 'test', 'evaluate');
  const negativesPath = optionalString(args, 'test-negatives');
  const full = flag(args, 'full');
  if (full === Boolean(negativesPath))
    throw new UsageError('evaluate: give exactly one of --test-negatives <file> or --full');
  const k = intOption(args, 'k', 10, 1);
  const batchSize = intOption(args, 'batch-size', 65_536, 1);
  const log = logger(io);

  const model = await loadRecommender(modelDir);
  const space = new ModelSpace(model);
  const { interactions: test } = await loadFromArgs(io, args, testPath, space);
  let result: EvaluationResult;
  if (negativesPath) {
    const { negatives: raw } = await loadNcfNegatives(negativesPath);
    const negatives = space.negatives(raw);
    const check = checkTestNegatives(negatives, model.fitted ? space.widen(model.train) : undefined);
    if (check.positiveAmongNegatives + check.duplicateNegatives + check.interactedNegatives > 0) {
      log(
        `${negativesPath}: ${check.positiveAmongNegatives} test items among their own negatives, ` +
          `${check.duplicateNegatives} duplicate negatives, ${check.interactedNegatives} negatives seen in training ` +
          '(kept as listed; ties and duplicates count against the test item)',
      );
    }
    result = await evaluateSampled(model, negatives, { k, batchSize, onProgress: progress(io, 'evaluating') });
  } else {
    result = await evaluateFullRanking(model, space.widen(model.train), space.widen(test), {
      k,
      batchSize,
      onProgress: progress(io, 'evaluating'),
    });
  }
  printJson(io, summarise(result));
  return 0;
}

/** The JSON `recsys evaluate` prints: metric means, the number of users, and 95% confidence intervals. */
export function summarise(result: EvaluationResult) {
  return {
    protocol: result.protocol,
    k: result.k,
    ...result.metrics,
    users: result.users,
    candidates: result.candidates,
    ci95: result.ci95,
    seconds: result.seconds,
  };
}
