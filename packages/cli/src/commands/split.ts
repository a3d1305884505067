import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  leaveOneOut,
  sampleTestNegatives,
  writeNcfNegatives,
  writeNcfRatings,
  type IdMap,
  type Interactions,
} from '@recsys/data';
import { flag, helpText, intOption, parse, requireString, type CommandSpec } from '../args.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { logger, printJson, UsageError, warner, type CliIo } from '../io.js';

export const spec: CommandSpec = {
  name: 'split',
  usage: 'recsys split <ratings> --out <dir> [--negatives 99] [--validation] [--seed S]',
  summary: [
    "Leave-one-out split by timestamp (ties broken by file order): each user's latest interaction is the test item,",
    'the latest of another item the validation item with --validation; other rows of a held-out (user, item) pair',
    'are left out of train (counted). Writes NCF-format files to <dir>, all at once at the end: train.rating,',
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

  const { interactions } = await loadFromArgs(io, args, path, 'the ratings file');
  if (interactions.behaviours) describeBehaviours(io, interactions);
  const parts = leaveOneOut(interactions, { validation });
  if (parts.report.usersWithoutTest > 0) {
    log(`${parts.report.usersWithoutTest} users have too few items for a held-out item; they stay in train`);
  }
  if (parts.report.heldOutPairRows > 0) {
    log(
      `${parts.report.heldOutPairRows} rows repeat a held-out (user, item) pair (another behaviour or a repeat) ` +
        'and were left out of train, where they would leak the held-out pair',
    );
  }
  // Everything is written to a fresh sibling directory and moved in at the end, so a failed or interrupted split
  // never leaves new files beside the previous run's.
  const files: Record<string, string> = {};
  await writeAtomically(out, async (dir) => {
    const write = async (name: string, task: (file: string) => Promise<void>) => {
      files[name] = join(out, name);
      await task(join(dir, name));
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
    return Object.keys(files);
  });
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
    heldOutPairRows: parts.report.heldOutPairRows,
  });
  return 0;
}

/** The files `split` may write: any of them left from an earlier run and not written now is removed. */
const SPLIT_FILES = [
  'train.rating',
  'test.rating',
  'test.negative',
  'validation.rating',
  'validation.negative',
  'user-ids.tsv',
  'item-ids.tsv',
];

/**
 * Runs `write` on a new temporary directory beside `out`, then moves what it wrote into `out` (created if missing)
 * and removes split files of an earlier run that this one did not write. On failure `out` is left as it was.
 */
async function writeAtomically(out: string, write: (dir: string) => Promise<string[]>): Promise<void> {
  const target = resolve(out);
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new Error(`--out: "${out}" is a file, not a directory`);
  const temp = await mkdtemp(join(dirname(target), `.${basename(target)}.split-`));
  try {
    const written = await write(temp);
    if (!existing) {
      await rename(temp, target); // one atomic step
      return;
    }
    for (const name of SPLIT_FILES) if (!written.includes(name)) await rm(join(target, name), { force: true });
    for (const name of written) await rename(join(temp, name), join(target, name));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Says what a behaviour column holds and that the NCF files written do not keep it. */
function describeBehaviours(io: CliIo, log: Interactions): void {
  const counts = new Array<number>(log.behaviourNames.length).fill(0);
  for (const code of log.behaviours!) counts[code]++;
  const shares = log.behaviourNames.map((name, code) => `${name} ${counts[code].toLocaleString('en-US')}`).join(', ');
  warner(io)(
    `the behaviour column (${shares}) is not written: the NCF files treat every behaviour as one implicit ` +
      'interaction, and a pair is held out with all its behaviours',
  );
}

async function writeIds(file: string, ids: IdMap): Promise<void> {
  const lines = ids.ids().map((raw, index) => `${index}\t${raw}\n`);
  await writeFile(file, lines.join(''));
}
