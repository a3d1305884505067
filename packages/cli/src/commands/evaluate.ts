import type { Interactions } from '@recsys/data';
import type { Recommender } from '@recsys/models';
import {
  evaluateFullRanking,
  evaluateHoldout,
  evaluateSampled,
  sharedScorers,
  type EvaluationResult,
} from '@recsys/eval';
import {
  choiceOption,
  flag,
  intOption,
  optionalString,
  requireString,
  type CommandSpec,
  type ParsedArgs,
} from '../args.js';
import { CONFIG_OPTION, configSummary } from '../config.js';
import { defineCommand } from '../command.js';
import { cutoffsOption } from '../cutoffs.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { loadNegativesFor, warnOverlap } from '../held-out.js';
import { logger, printJson, UsageError, warner, type CliIo } from '../io.js';
import { ColdIds } from '../cold-ids.js';
import { loadItemList } from '../item-list.js';
import { ModelSpace } from '../model-space.js';
import { progress } from '../progress.js';

import { IMPORT_OPTION, importModules } from '../imports.js';
import { loadModelFromArgs } from '../saved-model.js';

const PROTOCOLS = ['sampled', 'full', 'holdout'] as const;
type EvaluationProtocol = (typeof PROTOCOLS)[number];

export const spec: CommandSpec = {
  name: 'evaluate',
  usage:
    'recsys evaluate --model-dir <dir> --test <file> (--test-negatives <file> | --full) [--k 10]\n' +
    '       recsys evaluate --model-dir <dir> --test <file> --protocol holdout [--k 50,100,200] [--cold-items <file>]\n' +
    '                       [--exclude <file>]',
  brief: 'Evaluates a saved model on held-out interactions and prints the metrics as JSON.',
  summary: [
    'Evaluates a saved model on held-out interactions and prints the metrics as JSON (means over users, 95% CIs).',
    'Sampled leave-one-out ranks each test item among its listed negatives (an NCF .test.negative file, whose',
    '(user,item) heads must be exactly the test pairs, each listing equally many negatives); --full ranks it against',
    'every item the user has no training interaction with. Ties count against the test item. Test items never seen',
    'in training are scored as cold items (counted on stderr); test pairs that are training or validation pairs are',
    'warned about.',
    '',
    "--protocol holdout (DualNet §5, Recall@K) ranks each test user's held-out items together against the items the",
    'user has no training (nor --exclude) interaction with: in-matrix, among the items with training interactions; with',
    '--cold-items <file>, out-of-matrix, among the listed items only (items without training interactions that a',
    'content model scores from their features, e.g. cold-item-ids.tsv and out-of-matrix.rating from recsys split',
    '--protocol dualnet). --k takes a comma list (e.g. 50,100,200): each cut-off is reported, from one scoring pass.',
    configSummary('"modelDir": "model", "test": "test.rating", "full": true, "k": [5, 10]'),
  ].join('\n'),
  options: {
    'model-dir': { type: 'string', value: '<dir>', description: 'A directory written by recsys train' },
    ...IMPORT_OPTION,
    test: {
      type: 'string',
      value: '<file>',
      description: 'Held-out interactions (e.g. test.rating from recsys split)',
    },
    protocol: {
      type: 'string',
      value: `<${PROTOCOLS.join('|')}>`,
      description: 'How to rank; sampled with --test-negatives, full with --full',
    },
    'test-negatives': { type: 'string', value: '<file>', description: 'NCF .test.negative file: sampled protocol' },
    'unequal-negatives': {
      type: 'boolean',
      description: 'Rank cases listing fewer or more negatives than the rest as listed (reported) instead of refusing',
    },
    full: { type: 'boolean', description: 'Full-ranking protocol (all items not seen in training): --protocol full' },
    'cold-items': {
      type: 'string',
      value: '<file>',
      description: 'holdout: rank among these items only (out-of-matrix); one raw item id per line',
    },
    exclude: {
      type: 'string',
      value: '<file>',
      description: 'full, holdout: pairs left out of the candidates like training pairs (e.g. validation.rating)',
    },
    k: {
      type: 'string',
      value: '<K,…>',
      description: 'Cut-off(s) of HR, NDCG, precision, recall, MAP; a comma list reports each',
      default: '10; 50 for holdout',
    },
    'batch-size': {
      type: 'string',
      value: '<N>',
      description: 'Pairs scored per batch (bounds memory)',
      default: '65536',
    },
    ...DATA_OPTIONS,
    ...CONFIG_OPTION,
  },
};

export const run = defineCommand(spec, runCommand);

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  await importModules(args);
  const testPath = requireString(args, 'test', 'evaluate');
  const negativesPath = optionalString(args, 'test-negatives');
  const protocol = protocolOf(args, negativesPath);
  const unequal = flag(args, 'unequal-negatives');
  if (unequal && !negativesPath) throw new UsageError('evaluate: --unequal-negatives applies with --test-negatives');
  const coldPath = optionalString(args, 'cold-items');
  if (coldPath !== undefined && protocol !== 'holdout') {
    throw new UsageError(`evaluate: --cold-items applies to --protocol holdout, not ${protocol}`);
  }
  const excludePath = optionalString(args, 'exclude');
  if (excludePath !== undefined && protocol === 'sampled') {
    throw new UsageError(
      'evaluate: --exclude applies to --full and --protocol holdout (the negatives file lists the candidates)',
    );
  }
  const ks = cutoffsOption(args, 'k', protocol === 'holdout' ? 50 : 10);
  const batchSize = intOption(args, 'batch-size', 65_536, 1);

  const model = await loadModelFromArgs(args, 'evaluate');
  const space = new ModelSpace(model);
  const test = space.adopt((await loadFromArgs(io, args, testPath, '--test')).interactions);
  // Every file joins the space before the training log is widened to it: their indices must lie inside train's.
  const exclude =
    excludePath === undefined
      ? undefined
      : space.adopt((await loadFromArgs(io, args, excludePath, '--exclude')).interactions);
  const train = model.fitted ? space.widen(model.train) : undefined;
  reportColdPairs(io, test, testPath, model, coldPath !== undefined);
  reportSeveralPerUser(io, test, testPath, Boolean(negativesPath));
  // Full ranking refuses training pairs outright (a held-out item cannot also be a seen one); sampled says so.
  if (train && negativesPath) warnOverlap(io, test, testPath, train, 'training pairs');
  const validation = model.validationPairs ? space.widen(model.validationPairs) : undefined;
  if (validation) warnOverlap(io, test, testPath, validation, 'the validation pairs its epochs were chosen on');
  if (validation && protocol === 'holdout' && !exclude) {
    logger(io)(
      `the model chose its epochs on ${validation.size} validation pairs: pass --exclude <validation file> to leave ` +
        "them out of the candidates, as DualNet's protocol does",
    );
  }
  const candidates = protocol === 'holdout' ? await holdoutCandidates(io, model, test, testPath, coldPath) : undefined;
  const negatives = negativesPath
    ? await loadNegativesFor(io, space, {
        path: negativesPath,
        option: '--test-negatives',
        heldOut: test,
        heldOutPath: testPath,
        unequal,
        train,
        trainedItems: model.numItems,
      })
    : undefined;
  // One evaluation per cut-off, run side by side on shared scores: each batch is scored once for every K.
  const scorers = sharedScorers(model, ks.length);
  const onProgress = progress(io, 'evaluating');
  const exclusions = exclude ? [space.widen(exclude)] : [];
  const [all, heldOut] = [space.widen(model.train), space.widen(test)]; // once for every K
  const results = await Promise.all(
    ks.map((k, c) => {
      const scorer = scorers[c]!;
      const options = { k, batchSize, ...(c === 0 && { onProgress }) };
      if (negatives) {
        return evaluateSampled(scorer, negatives, { ...options, negativesPerCase: unequal ? 'any' : 'equal' });
      }
      return protocol === 'holdout'
        ? evaluateHoldout(scorer, all, heldOut, { ...options, exclude: exclusions, candidates })
        : evaluateFullRanking(scorer, all, heldOut, { ...options, exclude: exclusions });
    }),
  );
  for (const result of results) {
    const { k } = result;
    const [fewest] = result.candidateRange;
    if (fewest <= k) {
      warner(io)(
        `k = ${k} is not below the smallest candidate set (${fewest} candidates): a case with at most ${k} ` +
          `candidates has HR@${k} = 1 whatever the model`,
      );
    }
  }
  printJson(io, results.length === 1 ? summarise(results[0]!) : summariseCutoffs(results));
  return 0;
}

/**
 * The protocol the flags ask for: `--protocol`, or `--test-negatives` (sampled) or `--full`, which must agree with it.
 *
 * @throws UsageError when none is given, or the flags disagree.
 */
function protocolOf(args: ParsedArgs, negativesPath: string | undefined): EvaluationProtocol {
  const named = choiceOption(args, 'protocol', PROTOCOLS);
  const full = flag(args, 'full');
  if (full && named !== undefined && named !== 'full') {
    throw new UsageError(`evaluate: --full is --protocol full; it does not go with --protocol ${named}`);
  }
  const protocol = named ?? (full ? 'full' : negativesPath ? 'sampled' : undefined);
  if (protocol === undefined || (full && negativesPath)) {
    throw new UsageError(
      'evaluate: give exactly one of --test-negatives <file> (sampled), --full or --protocol holdout',
    );
  }
  if (protocol === 'sampled' && !negativesPath) {
    throw new UsageError('evaluate: --protocol sampled needs --test-negatives <file> (the candidates of each case)');
  }
  if (protocol !== 'sampled' && negativesPath) {
    throw new UsageError(`evaluate: --test-negatives applies to the sampled protocol, not --protocol ${protocol}`);
  }
  return protocol;
}

/**
 * The items a holdout evaluation ranks among: the `--cold-items` listed (out-of-matrix), or else the items with
 * training interactions (in-matrix: an item the model knows from content only is no candidate there). A test item
 * that is not a candidate would be a miss no model could avoid, so it is an error naming a few.
 */
async function holdoutCandidates(
  io: CliIo,
  model: Recommender,
  test: Interactions,
  testPath: string,
  coldPath: string | undefined,
): Promise<Int32Array> {
  const log = logger(io);
  const n = (value: number) => value.toLocaleString('en-US');
  const trained = (i: number) => i < model.numItems && model.train.itemDegree(i) > 0;
  let candidates: Int32Array;
  if (coldPath !== undefined) {
    candidates = await loadItemList(io, coldPath, '--cold-items', model.itemIds);
    const seen = candidates.filter(trained);
    if (seen.length > 0) {
      warner(io)(
        `${coldPath}: ${seen.length} of the ${candidates.length} items listed have training interactions ` +
          `(e.g. ${examples(Array.from(seen, (i) => model.itemIds.raw(i)))}): they are ranked as well, not cold`,
      );
    }
    log(`holdout: ranking among the ${n(candidates.length)} items of ${coldPath} (out-of-matrix)`);
  } else {
    candidates = Int32Array.from({ length: model.numItems }, (_, i) => i).filter(trained);
    const without = model.numItems - candidates.length;
    log(
      `holdout: ranking among the ${n(candidates.length)} items with training interactions (in-matrix)` +
        (without > 0 ? `; ${n(without)} items without are left out (--cold-items ranks among those)` : ''),
    );
  }
  const isCandidate = new Uint8Array(test.numItems);
  for (const i of candidates) isCandidate[i] = 1;
  const outside = new Set<string>();
  let rows = 0;
  for (let r = 0; r < test.size; r++) {
    const i = test.items[r]!;
    if (isCandidate[i]) continue;
    rows++;
    outside.add(test.itemIds.raw(i));
  }
  if (rows > 0) {
    const why =
      coldPath !== undefined
        ? `not listed in ${coldPath}: out-of-matrix evaluation ranks the test items among the listed ones only`
        : 'without training interactions: --protocol holdout ranks among the items seen in training (in-matrix); ' +
          'pass --cold-items <file> to rank among items without (out-of-matrix), or use --full';
    throw new Error(
      `${testPath}: ${rows} of its ${test.size} rows name ${outside.size} items (e.g. ${examples([...outside])}) ${why}`,
    );
  }
  return candidates;
}

/** A few ids, quoted, for a message. */
function examples(ids: readonly string[]): string {
  return ids
    .slice(0, 5)
    .map((id) => JSON.stringify(id))
    .join(', ');
}

/**
 * Counts test rows whose user or item the model never saw (scored cold, which is allowed but said, with the ids that
 * look like known ones written differently), and rows whose user or item is in the model's range without a single
 * training row (a dense-id format declares its index space by its largest id: such an item was trained only as a
 * sampled negative). With `outOfMatrix` (`--cold-items`), items without training rows are the point: said, not warned.
 */
function reportColdPairs(io: CliIo, test: Interactions, path: string, model: Recommender, outOfMatrix: boolean): void {
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
  if (outOfMatrix && untrainedItems > 0) {
    logger(io)(
      `${path}: ${untrainedItems} rows are on items without training rows (out-of-matrix, as --cold-items asks)`,
    );
    untrainedItems = 0;
  }
  if (untrainedUsers + untrainedItems > 0) {
    const parts = [
      ...(untrainedUsers > 0
        ? [`${untrainedUsers} ${untrainedUsers === 1 ? 'row has a user' : 'rows have a user'}`]
        : []),
      ...(untrainedItems > 0
        ? [`${untrainedItems} ${untrainedItems === 1 ? 'row has an item' : 'rows have an item'}`]
        : []),
    ];
    warn(
      `${path}: ${parts.join(' and ')} in the model's id range but without training rows (never a positive in ` +
        'training)',
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

/** The JSON `recsys evaluate` prints for one K: metric means, the number of users, and 95% confidence intervals. */
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

/**
 * The JSON `recsys evaluate` prints for several K (one evaluation each, run side by side over the same cases and
 * candidates): the counts once, then each K's metric means and 95% confidence intervals in `byK`, in the order given.
 */
export function summariseCutoffs(results: readonly EvaluationResult[]) {
  const first = results[0]!;
  return {
    protocol: first.protocol,
    k: results.map((result) => result.k),
    cases: first.users,
    users: new Set(first.perUser.users).size,
    candidates: first.candidates,
    candidateRange: first.candidateRange,
    byK: results.map((result) => ({ k: result.k, ...result.metrics, ci95: result.ci95 })),
    seconds: Math.max(...results.map((result) => result.seconds)), // run side by side: the longest is the wall time
  };
}
