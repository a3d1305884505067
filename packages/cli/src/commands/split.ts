import { randomBytes } from 'node:crypto';
import { mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
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
    'validation.negative with --validation, and user-ids.tsv / item-ids.tsv mapping the dense ids back to raw ids',
    '(a tab, line break or backslash inside an id written as \\t, \\n, \\r, \\\\).',
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
  checkNegativeCount(count, interactions, parts.validation ? [parts.test, parts.validation] : [parts.test]);
  await writeAtomically(path, out, async (dir) => {
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
        writeNcfNegatives(file, sampleTestNegatives(interactions, validationLog, { count, seed: (seed + 1) >>> 0 })),
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
 * Runs `write` on a new directory beside `out`, then puts what it wrote in place of `out`'s split files; on failure
 * `out` is left as it was. When `out` holds split files only, the two directories are swapped (a kill between the two
 * renames leaves the previous split intact in the hidden `.<out>.old-*` beside it, never a mix); when it holds other
 * files too, the previous split files are moved aside and moved back if any step fails.
 */
async function writeAtomically(input: string, out: string, write: (dir: string) => Promise<string[]>): Promise<void> {
  const target = resolve(out);
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new Error(`--out: "${out}" is a file, not a directory`);
  const source = await realpath(input);
  for (const name of SPLIT_FILES) {
    const file = join(existing ? await realpath(target) : target, name);
    if (file === source) {
      throw new Error(
        `--out: splitting ${input} into "${out}" would overwrite it (as ${name}); choose another directory`,
      );
    }
  }
  await mkdir(dirname(target), { recursive: true });
  const sibling = (kind: string) =>
    join(dirname(target), `.${basename(target)}.${kind}-${randomBytes(6).toString('hex')}`);
  const temp = sibling('split');
  await mkdir(temp);
  try {
    const written = await write(temp);
    if (!existing) return await rename(temp, target); // one atomic step
    const entries = await readdir(target);
    if (entries.every((name) => SPLIT_FILES.includes(name))) {
      const old = sibling('old');
      await rename(target, old);
      await rename(temp, target);
      await rm(old, { recursive: true, force: true });
      return;
    }
    const aside = join(temp, '.previous');
    await mkdir(aside);
    const movedAside: string[] = [];
    const placed: string[] = [];
    try {
      for (const name of SPLIT_FILES.filter((name) => entries.includes(name))) {
        await rename(join(target, name), join(aside, name));
        movedAside.push(name);
      }
      for (const name of written) {
        await rename(join(temp, name), join(target, name));
        placed.push(name);
      }
    } catch (error) {
      for (const name of placed) await rm(join(target, name), { force: true });
      for (const name of movedAside) await rename(join(aside, name), join(target, name));
      throw error;
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Raw ids in a TSV column: a tab, a line break or a backslash inside an id is escaped as `\t`, `\n`, `\r`, `\\`. */
function escapeTsv(raw: string): string {
  return raw.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

/** The most negatives every held-out case can have: the fewest items any held-out user never interacted with. */
function checkNegativeCount(count: number, log: Interactions, heldOut: Interactions[]): void {
  let fewest = Infinity;
  let who = -1;
  for (const part of heldOut) {
    for (let r = 0; r < part.size; r++) {
      const u = part.users[r];
      const items = log.itemsOf(u);
      let distinct = 0;
      for (let k = 0; k < items.length; k++) if (k === 0 || items[k] !== items[k - 1]) distinct++;
      const available = log.numItems - distinct;
      if (available < fewest) [fewest, who] = [available, u];
    }
  }
  if (count > fewest) {
    throw new UsageError(
      `--negatives ${count}: user "${log.userIds.raw(who)}" has only ${fewest} items it never interacted with; ` +
        `at most ${fewest} negatives can be drawn for every held-out case`,
    );
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
  const lines = ids.ids().map((raw, index) => `${index}\t${escapeTsv(raw)}\n`);
  await writeFile(file, lines.join(''));
}
