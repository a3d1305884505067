import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadRecommender } from '@recsys/models';
import { helpText, intOption, parse, requireString, type CommandSpec } from '../args.js';
import { UsageError, type CliIo } from '../io.js';
import { IMPORT_OPTION, importModules } from '../imports.js';

export const spec: CommandSpec = {
  name: 'score',
  usage: 'recsys score --model-dir <dir> --pairs <file>',
  summary: [
    'Scores (user, item) pairs given as lines "user<TAB>item" (raw ids, as in the training file) and prints',
    '"user<TAB>item<TAB>score" lines in the same order. Ids never seen in training are scored as cold ids.',
  ].join('\n'),
  options: {
    'model-dir': { type: 'string', value: '<dir>', description: 'A directory written by recsys train' },
    ...IMPORT_OPTION,
    pairs: { type: 'string', value: '<file>', description: 'Pairs to score, one "user<TAB>item" per line' },
    'batch-size': { type: 'string', value: '<N>', description: 'Pairs scored per batch', default: '65536' },
  },
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parse(spec, argv);
  if (args.values.help) return (io.out(helpText(spec)), 0);
  if (args.positionals.length > 0) throw new UsageError(`score: unexpected argument "${args.positionals[0]}"`);
  await importModules(args);
  const model = await loadRecommender(requireString(args, 'model-dir', 'score'));
  const pairsPath = requireString(args, 'pairs', 'score');
  const batchSize = intOption(args, 'batch-size', 65_536, 1);

  const users = new Int32Array(batchSize);
  const items = new Int32Array(batchSize);
  let rawPairs: string[] = [];
  const flush = async () => {
    const scores = await model.score(users.subarray(0, rawPairs.length), items.subarray(0, rawPairs.length));
    io.out(rawPairs.map((pair, k) => `${pair}\t${scores[k]}\n`).join(''));
    rawPairs = [];
  };
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(pairsPath), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const fields = line.split('\t');
    if (fields.length < 2 || fields[0] === '' || fields[1] === '') {
      throw new Error(`${pairsPath}:${lineNumber}: expected "user<TAB>item", got "${line.slice(0, 80)}"`);
    }
    // Unknown ids map one past the trained range: a cold user or item.
    users[rawPairs.length] = model.userIds.index(fields[0]) ?? model.numUsers;
    items[rawPairs.length] = model.itemIds.index(fields[1]) ?? model.numItems;
    rawPairs.push(`${fields[0]}\t${fields[1]}`);
    if (rawPairs.length === batchSize) await flush();
  }
  if (rawPairs.length > 0) await flush();
  return 0;
}
