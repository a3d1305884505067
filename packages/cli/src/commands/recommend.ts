import { recommendByRawIds } from '@recsys/models';
import { flag, intOption, optionalString, requireString, type CommandSpec, type ParsedArgs } from '../args.js';
import { CONFIG_OPTION, configSummary } from '../config.js';
import { defineCommand } from '../command.js';
import { logger, printJson, UsageError, type CliIo } from '../io.js';
import { nearMiss } from '../cold-ids.js';
import { loadItemList } from '../item-list.js';
import { loadModelFromArgs } from '../saved-model.js';
import { IMPORT_OPTION, importModules } from '../imports.js';

export const spec: CommandSpec = {
  name: 'recommend',
  usage: 'recsys recommend --model-dir <dir> --users <id,…> [--k 10] [--candidates <file>] [--include-seen]',
  brief: 'Prints the top-K items for users of a saved model as JSON.',
  summary: [
    'Prints the top-K items for each user as JSON, best first, leaving out items the user saw in training.',
    'A user never seen in training gets the recommendations of a cold user (ItemPop: the most popular items).',
    '--candidates recommends among the items a file lists only (one id per line, its first tab-separated field; e.g.',
    'new items a content model (dualnet, content) knows from their features but nobody has interacted with); an id',
    'the model does not know is an error.',
    configSummary('"modelDir": "model", "users": ["1", "2"], "k": 10'),
  ].join('\n'),
  options: {
    'model-dir': { type: 'string', value: '<dir>', description: 'A directory written by recsys train' },
    ...IMPORT_OPTION,
    users: { type: 'string', value: '<id,…>', description: 'Comma-separated raw user ids' },
    k: { type: 'string', value: '<K>', description: 'Items per user', default: '10' },
    candidates: {
      type: 'string',
      value: '<file>',
      description: 'Recommend among these items only: one raw item id per line (e.g. cold-item-ids.tsv)',
    },
    'include-seen': { type: 'boolean', description: 'Do not leave out items seen in training' },
    ...CONFIG_OPTION,
  },
};

export const run = defineCommand(spec, runCommand);

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  await importModules(args);
  const model = await loadModelFromArgs(args, 'recommend');
  const users = requireString(args, 'users', 'recommend')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (users.length === 0) throw new UsageError('recommend: --users lists no ids');
  const k = intOption(args, 'k', 10, 1);
  const excludeSeen = !flag(args, 'include-seen');
  const log = logger(io);
  const candidatesPath = optionalString(args, 'candidates');
  const candidates =
    candidatesPath === undefined ? undefined : await loadItemList(io, candidatesPath, '--candidates', model.itemIds);
  const lists = await recommendByRawIds(model, users, k, { excludeSeen, candidates });
  for (const { user, status } of lists) {
    if (status === 'cold') {
      const hint = nearMiss(user, model.userIds);
      log(`user "${user}" was not in the training data: recommending as for a cold user${hint ? ` (${hint})` : ''}`);
    } else if (status === 'untrained') {
      log(
        `user "${user}" is in the model's id range but has no training rows: its scores are those of an untrained user`,
      );
    }
  }
  const recommendations = lists.map(({ user, items }) => ({ user, items }));
  printJson(io, { model: model.name, k, ...(candidates && { candidates: candidates.length }), recommendations });

  return 0;
}
