import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { leaveOneOut, sampleTestNegatives, writeNcfNegatives, writeNcfRatings, type IdMap } from '@recsys/data';
import { flag, helpText, intOption, parse, requireString, type CommandSpec } from '../args.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { logger, printJson, UsageError, type CliIo } from '../io.js';

export const spec: CommandSpec = {
  name: 'split',
  usage: 'recsys split <ratings> --out <dir> [--negatives 99] [--validation] [--seed S]',
  summary: [
    "Leave-one-out split by timestamp (ties broken by file order): each user's latest interaction is the test item,",
    'the second latest the validation item with --validation. Writes NCF-format files to <dir>: train.rating,',
    'test.rating, test.negative (N sampled items the user never interacted with), validation.rating and',
    'validation.negative with --validation, and user-ids.tsv / item-ids.tsv mapping the dense ids back to raw ids.',
  ].join('\n'),
  options: {
    ...DATA_OPTIONS,
    out: { type: 'string', value: '<dir>', description: 'Output directory (created if missing)' },
    negatives: { type: 'string', value: '<N>', description: 'Sampled negatives per test case', default: '99' },
    validation: { type: 'boolean', description: 'Also hold out the second-latest interaction for validation' },
    seed: { type: 'string', value: '<S>', description: 'Seed of the negative sampling', default: '42' },
  },
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parse(spec, argv);
  if (args.values.help) return (io.out(helpText(spec)), 0);
  const [path, ...rest] = args.positionals;
  if (!path || rest.length > 0) throw new UsageError('split: give exactly one ratings file');
  const out = requireString(args, 'out', 'split');
  const count = intOption(args, 'negatives', 99, 1);
  const seed = intOption(args, 'seed', 42, 0, 2 ** 32 - 1);
  const validation = flag(args, 'validation');
  const log = logger(io);

  const { interactions } = await loadFromArgs(io, args, path);
  const parts = leaveOneOut(interactions, { validation });
  if (parts.report.usersWithoutTest > 0) {
    log(`${parts.report.usersWithoutTest} users have too few interactions for a held-out item; they stay in train`);
  }
  await mkdir(out, { recursive: true });
  const files: Record<string, string> = {};
  const write = async (name: string, task: (file: string) => Promise<void>) => {
    files[name] = join(out, name);
    await task(files[name]);
  };
  await write('train.rating', (file) => writeNcfRatings(file, parts.train));
  await write('test.rating', (file) => writeNcfRatings(file, parts.test));
  await write('test.negative', (file) =>
    writeNcfNegatives(file, sampleTestNegatives(interactions, parts.test, { count, seed })),
  );
  if (parts.validation) {
    const validationLog = parts.validation;
    await write('validation.rating', (file) => writeNcfRatings(file, validationLog));
    await write('validation.negative', (file) =>
      writeNcfNegatives(file, sampleTestNegatives(interactions, validationLog, { count, seed: seed + 1 })),
    );
  }
  await write('user-ids.tsv', (file) => writeIds(file, interactions.userIds));
  await write('item-ids.tsv', (file) => writeIds(file, interactions.itemIds));
  printJson(io, {
    out,
    files,
    users: interactions.numUsers,
    items: interactions.numItems,
    train: parts.train.size,
    validation: parts.validation?.size ?? 0,
    test: parts.test.size,
    negatives: count,
    seed,
    usersWithoutTest: parts.report.usersWithoutTest,
  });
  return 0;
}

async function writeIds(file: string, ids: IdMap): Promise<void> {
  const lines = ids.ids().map((raw, index) => `${index}\t${raw}\n`);
  await writeFile(file, lines.join(''));
}
