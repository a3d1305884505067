import { GrowableColumn, LineProblem, scanLines } from '@recsys/data';
import { intOption, requireString, type CommandSpec, type ParsedArgs } from '../args.js';
import { CONFIG_OPTION, configSummary } from '../config.js';
import { defineCommand } from '../command.js';
import { ColdIds } from '../cold-ids.js';
import { warner, type CliIo } from '../io.js';
import { IMPORT_OPTION, importModules } from '../imports.js';
import { checkedPath } from '../paths.js';
import { loadModelFromArgs } from '../saved-model.js';

export const spec: CommandSpec = {
  name: 'score',
  usage: 'recsys score --model-dir <dir> --pairs <file>',
  brief: 'Scores (user, item) pairs with a saved model.',
  summary: [
    'Scores (user, item) pairs given as lines "user<TAB>item" (raw ids, as in the training file) and prints',
    '"user<TAB>item<TAB>score" lines in the same order. Ids never seen in training are scored as cold ids; how many,',
    'and those that look like known ids written differently (spaces, leading zeros, a BOM), are reported on stderr.',
    configSummary('"modelDir": "model", "pairs": "pairs.tsv"'),
  ].join('\n'),
  options: {
    'model-dir': { type: 'string', value: '<dir>', description: 'A directory written by recsys train' },
    ...IMPORT_OPTION,
    pairs: { type: 'string', value: '<file>', description: 'Pairs to score, one "user<TAB>item" per line' },
    'batch-size': { type: 'string', value: '<N>', description: 'Pairs scored per batch', default: '65536' },
    ...CONFIG_OPTION,
  },
};

export const run = defineCommand(spec, runCommand);

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  await importModules(args);
  const pairsPath = await checkedPath(requireString(args, 'pairs', 'score'), '--pairs');
  const batchSize = intOption(args, 'batch-size', 65_536, 1);
  const model = await loadModelFromArgs(args, 'score');

  // Read every pair first (a malformed line fails before anything is printed); unknown ids get indices past the
  // model's range in local copies of its id maps, so each line's raw ids can be printed back as given.
  const userIds = model.userIds.clone();
  const itemIds = model.itemIds.clone();
  const users = new GrowableColumn(Int32Array);
  const items = new GrowableColumn(Int32Array);
  const cold = new ColdIds();
  await scanLines(pairsPath, {}, (text) => {
    const fields = text.split('\t');
    if (fields.length !== 2 || fields[0] === '' || fields[1] === '') {
      throw new LineProblem('columns', `expected "user<TAB>item", found ${JSON.stringify(text.slice(0, 80))}`);
    }
    const [user, item] = fields;
    if (!model.userIds.has(user)) cold.add('user', user, model.userIds);
    if (!model.itemIds.has(item)) cold.add('item', item, model.itemIds);
    users.push(userIds.add(user));
    items.push(itemIds.add(item));
  });
  const allUsers = users.toArray();
  const allItems = items.toArray();
  const unknown = cold.describe();
  if (unknown) {
    let pairs = 0;
    for (let k = 0; k < allUsers.length; k++) {
      if (allUsers[k] >= model.numUsers || allItems[k] >= model.numItems) pairs++;
    }
    warner(io)(`${pairsPath}: ${pairs} of ${allUsers.length} pairs scored cold: ${unknown}`);
  }
  let untrained = 0;
  for (let k = 0; k < allUsers.length; k++) {
    const u = allUsers[k];
    const i = allItems[k];
    if (
      (u < model.numUsers && model.train.userDegree(u) === 0) ||
      (i < model.numItems && model.train.itemDegree(i) === 0)
    )
      untrained++;
  }
  if (untrained > 0) {
    warner(io)(
      `${pairsPath}: ${untrained} pairs name a user or item in the model's id range that has no training rows ` +
        '(a dense-id format declares every id below its largest)',
    );
  }
  const batchUsers = new Int32Array(Math.min(batchSize, allUsers.length));
  const batchItems = new Int32Array(batchUsers.length);
  for (let start = 0; start < allUsers.length; start += batchUsers.length) {
    const end = Math.min(start + batchUsers.length, allUsers.length);
    // Every unknown id is the model's one cold index: one past its trained range.
    for (let k = start; k < end; k++) {
      batchUsers[k - start] = Math.min(allUsers[k], model.numUsers);
      batchItems[k - start] = Math.min(allItems[k], model.numItems);
    }
    const scores = await model.score(batchUsers.subarray(0, end - start), batchItems.subarray(0, end - start));
    let text = '';
    for (let k = start; k < end; k++) {
      text += `${userIds.raw(allUsers[k])}\t${itemIds.raw(allItems[k])}\t${scores[k - start]}\n`;
    }
    io.out(text);
  }
  return 0;
}
