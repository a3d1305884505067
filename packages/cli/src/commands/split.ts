import { randomBytes } from 'node:crypto';
import { mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  dualNetSplit,
  itemFeatures,
  leaveOneOut,
  sampleTestNegatives,
  writeItemFeatures,
  writeNcfNegatives,
  writeNcfRatings,
  type DualNetSplit,
  type IdMap,
  type Interactions,
  type ItemFeaturesMatch,
  type SparseFeatures,
} from '@recsys/data';
import {
  choiceOption,
  flag,
  intOption,
  numberOption,
  optionalString,
  requireString,
  type CommandSpec,
  type ParsedArgs,
} from '../args.js';
import { CONFIG_OPTION, configSummary } from '../config.js';
import { defineCommand } from '../command.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { logger, printJson, UsageError, warner, type CliIo } from '../io.js';
import {
  itemFeatureOptions,
  itemFeaturesFromArgs,
  loadMatchedItemFeatures,
  type ItemFeaturesSource,
  type ItemFeaturesUse,
} from '../item-features-options.js';

const PROTOCOLS = ['leave-one-out', 'dualnet'] as const;
/** Items with ratings keep empty rows, features of items without ratings become cold items: all counted. */
const FEATURES_USE: ItemFeaturesUse = { withoutFeatures: 'keep', unknownItems: 'keep', rows: 'ratings' };

/** The `--config` key of the positional file(s). */
const CONFIG_INPUT = { key: 'input' };

export const spec: CommandSpec = {
  name: 'split',
  usage:
    'recsys split <ratings> --out <dir> [--negatives 99] [--validation] [--seed S]\n' +
    '       recsys split <ratings> --out <dir> --protocol dualnet [--new-users 0.1] [--cold-items 0.2] [--ratios 3:1:1]\n' +
    '                    [--item-features <file> [--item-features-format <format>] [--item-feature-names <file>]] [--seed S]',
  brief: "Splits interactions into train, validation and test files (leave-one-out, or DualNet's split).",
  summary: [
    "Leave-one-out (the default): split by timestamp (ties broken by file order): each user's latest interaction is",
    'the test item, the latest of another item the validation item with --validation; other rows of a held-out',
    '(user, item) pair are left out of train (counted). Writes NCF-format files to <dir>, all at once at the end:',
    'train.rating, test.rating, test.negative (N sampled items the user never interacted with), validation.rating and',
    'validation.negative with --validation, and user-ids.tsv / item-ids.tsv mapping the dense ids back to raw ids',
    '(a tab, line break or backslash inside an id written as \\t, \\n, \\r, \\\\).',
    '',
    '--protocol dualnet (DualNet §5.1, after Wang & Blei): users with rows split into known and new (--new-users, default',
    '0.1: 9:1); --cold-items (default 0.2) of the items with rows held out entirely as out-of-matrix items; the known',
    "users' other (user, item) pairs split at random by --ratios train:validation:test (default 3:1:1), a validation or",
    'test pair whose item would have no training row moved to train (counted). Writes train.rating, validation.rating,',
    'test.rating, out-of-matrix.rating (known users on cold items), new-users.rating (new users on other items; their',
    'rows on cold items are left out, counted), cold-item-ids.tsv, new-user-ids.tsv, user-ids.tsv, item-ids.tsv and',
    'report.json (every count); a part with no rows is not written. The counts go to stderr.',
    '',
    '--item-features <file> matches item features to the ratings by raw item id first (either protocol): text',
    '(item<TAB>feature[:weight]…), lda-c (CiteULike mult.dat), multi-hot (item-tag.dat), movielens-genres (u.item);',
    'names from --item-feature-names (vocabulary.dat, tags.dat, u.genre). Items without features get empty rows',
    '(--without-features keep) or fail (error); features of items not in the ratings add items without rows, cold items',
    'recommendable from content alone (--unknown-items keep), are dropped (drop) or fail (error); all counted. The',
    'matched features are written as item-features.tsv (text format, keyed by the dense item ids of the .rating files).',
    configSummary('"input": "u.data", "out": "split", "validation": true', '"input" is the ratings file'),
  ].join('\n'),
  configInput: CONFIG_INPUT,
  options: {
    ...DATA_OPTIONS,
    out: { type: 'string', value: '<dir>', description: 'Output directory (created if missing)' },
    protocol: {
      type: 'string',
      value: `<${PROTOCOLS.join('|')}>`,
      description: 'How to split',
      default: 'leave-one-out',
    },
    negatives: {
      type: 'string',
      value: '<N>',
      description: 'leave-one-out: sampled negatives per test case',
      default: '99',
    },
    validation: { type: 'boolean', description: 'leave-one-out: also hold out the second-latest interaction' },
    'new-users': {
      type: 'string',
      value: '<F>',
      description: 'dualnet: fraction of the users held out as new users, in [0, 1)',
      default: '0.1',
    },
    'cold-items': {
      type: 'string',
      value: '<F>',
      description: 'dualnet: fraction of the items held out as out-of-matrix items, in [0, 1)',
      default: '0.2',
    },
    ratios: {
      type: 'string',
      value: '<T:V:T>',
      description: 'dualnet: train:validation:test ratios of the in-matrix pairs',
      default: '3:1:1',
    },
    ...itemFeatureOptions(FEATURES_USE),
    seed: { type: 'string', value: '<S>', description: 'Seed of the split and the negative sampling', default: '42' },
    ...CONFIG_OPTION,
  },
};

export const run = defineCommand(spec, runCommand);

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [path, ...rest] = args.positionals;
  if (!path || rest.length > 0) throw new UsageError('split: give exactly one ratings file');
  const out = requireString(args, 'out', 'split');
  const protocol = choiceOption(args, 'protocol', PROTOCOLS, 'leave-one-out');
  const refuse = (names: string[], why: string) => {
    for (const name of names) {
      if (args.values[name] !== undefined) throw new UsageError(`split: --${name} ${why}`);
    }
  };
  refuse(
    protocol === 'dualnet' ? ['negatives', 'validation'] : ['new-users', 'cold-items', 'ratios'],
    `does not apply to --protocol ${protocol}`,
  );
  const seed = intOption(args, 'seed', 42, 0, 2 ** 32 - 1);
  const dualnet =
    protocol === 'dualnet'
      ? {
          newUserFraction: numberOption(args, 'new-users', 0.1, { min: 0, max: 1, maxExclusive: true }),
          coldItemFraction: numberOption(args, 'cold-items', 0.2, { min: 0, max: 1, maxExclusive: true }),
          ratios: ratiosOption(args),
        }
      : undefined;
  const count = dualnet ? 0 : intOption(args, 'negatives', 99, 1);
  const validation = flag(args, 'validation');
  const featuresSource = await itemFeaturesFromArgs(args, 'split', FEATURES_USE);
  const log = logger(io);

  const loaded = await loadFromArgs(io, args, path, 'the ratings file');
  let interactions = loaded.interactions;
  let matched: ItemFeaturesMatch | undefined;
  if (featuresSource) {
    matched = await loadMatchedItemFeatures(io, args, interactions, featuresSource, FEATURES_USE);
    interactions = matched.interactions;
  }
  if (interactions.behaviours) describeBehaviours(io, interactions);
  if (dualnet) {
    const inputs = inputsOf(path, featuresSource);
    return await runDualNet(io, { path, inputs, out, seed, interactions, options: dualnet, matched });
  }

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
  await writeAtomically(inputsOf(path, featuresSource), out, async (dir) => {
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
    if (matched) await write('item-features.tsv', (file) => writeMatchedFeatures(io, file, matched));
    return Object.keys(files);
  });
  printJson(io, {
    out,
    files,
    protocol,
    users: interactions.numUsers,
    items: interactions.numItems,
    train: parts.train.size,
    validation: parts.validation?.size ?? 0,
    test: parts.test.size,
    negatives: count,
    seed,
    usersWithoutTest: parts.report.usersWithoutTest,
    heldOutPairRows: parts.report.heldOutPairRows,
    ...(matched ? { itemFeatures: matched.report } : {}),
  });
  return 0;
}

/** What {@link runDualNet} needs. */
interface DualNetRun {
  path: string;
  /** Every file read, which the split must not write over. */
  inputs: string[];
  out: string;
  seed: number;
  interactions: Interactions;
  options: { newUserFraction: number; coldItemFraction: number; ratios: [number, number, number] };
  matched: ItemFeaturesMatch | undefined;
}

/** `--protocol dualnet`: splits, prints the counts on stderr, writes the parts, ids and report. */
async function runDualNet(io: CliIo, run: DualNetRun): Promise<number> {
  const { path, out, seed, interactions, options, matched } = run;
  const split = dualNetSplit(interactions, { seed, ...options });
  describeDualNet(io, split);
  const files: Record<string, string> = {};
  const report = {
    protocol: 'dualnet',
    input: path,
    seed,
    ...options,
    users: interactions.numUsers,
    items: interactions.numItems,
    split: split.report,
    ...(matched ? { itemFeatures: matched.report } : {}),
  };
  await writeAtomically(run.inputs, out, async (dir) => {
    const write = async (name: string, task: (file: string) => Promise<void>) => {
      files[name] = join(out, name);
      await task(join(dir, name));
    };
    const parts: [string, Interactions][] = [
      ['train.rating', split.train],
      ['validation.rating', split.validation],
      ['test.rating', split.test],
      ['out-of-matrix.rating', split.outOfMatrix],
      ['new-users.rating', split.newUsers],
    ];
    // An empty .rating file would not load back (an empty file is an error): a part without rows is not written.
    for (const [name, part] of parts) if (part.size > 0) await write(name, (file) => writeNcfRatings(file, part));
    await write('cold-item-ids.tsv', (file) => writeSomeIds(file, split.coldItems, interactions.itemIds));
    await write('new-user-ids.tsv', (file) => writeSomeIds(file, split.newUserIds, interactions.userIds));
    await write('user-ids.tsv', (file) => writeIds(file, interactions.userIds));
    await write('item-ids.tsv', (file) => writeIds(file, interactions.itemIds));
    if (matched) await write('item-features.tsv', (file) => writeMatchedFeatures(io, file, matched));
    await write('report.json', (file) => writeFile(file, JSON.stringify({ ...report, files }, null, 2) + '\n'));
    return Object.keys(files);
  });
  printJson(io, { out, files, ...report });
  return 0;
}

/** The DualNet split's counts, on stderr. */
function describeDualNet(io: CliIo, split: DualNetSplit): void {
  const log = logger(io);
  const r = split.report;
  const n = (value: number) => value.toLocaleString('en-US');
  log(
    `dualnet split: ${n(r.users)} users with rows (${n(r.knownUsers)} known, ${n(r.newUsers)} new), ` +
      `${n(r.items)} items with rows (${n(r.coldItems)} cold), ${n(r.rows)} rows`,
  );
  log(
    `rows: train ${n(r.train)}, validation ${n(r.validation)}, test ${n(r.test)} (${n(r.inMatrixPairs)} in-matrix ` +
      `pairs), out-of-matrix ${n(r.outOfMatrix)}, new users ${n(r.newUserRows)}`,
  );
  if (r.movedToTrain > 0) {
    log(
      `${n(r.movedToTrain)} validation/test rows of ${n(r.itemsMovedToTrain)} items moved to train, so that every ` +
        'validation and test item has a training row',
    );
  }
  if (r.newUserColdRows > 0) {
    log(`${n(r.newUserColdRows)} rows of new users on cold items are in no part (neither task covers them)`);
  }
  if (r.usersWithoutTrain > 0) {
    log(`${n(r.usersWithoutTrain)} known users have validation or test rows but no training row`);
  }
  if (r.usersOnlyOutOfMatrix > 0) log(`${n(r.usersOnlyOutOfMatrix)} known users have rows on cold items only`);
  if (r.itemsOnlyNewUsers > 0) {
    log(`${n(r.itemsOnlyNewUsers)} items have rows from new users only (no training row)`);
  }
}

/** The files a split reads: the ratings and any features and names files. */
function inputsOf(path: string, features: ItemFeaturesSource | undefined): string[] {
  return [path, ...(features ? [features.file, ...(features.names ? [features.names] : [])] : [])];
}

/**
 * The matched features in the text format, keyed by the dense item ids the .rating files use, so that a reader of
 * those files matches them by raw id. Feature names are written when every one can be; otherwise the feature numbers.
 */
async function writeMatchedFeatures(io: CliIo, file: string, matched: ItemFeaturesMatch): Promise<void> {
  const rows: SparseFeatures = matched.features;
  const dense = Array.from({ length: rows.numRows }, (_, i) => String(i));
  const names = matched.featureNames;
  const writable = names?.every((name) => name !== '' && !/[\t\n\r]/.test(name) && name.trim() === name);
  if (names && !writable) {
    logger(io)(
      'item-features.tsv names the features by number: some names (empty, or with whitespace around them) cannot be ' +
        'written in the text format',
    );
  }
  await writeItemFeatures(file, itemFeatures(dense, rows, writable ? names : undefined));
}

/** `--ratios T:V:T`: three numbers ≥ 0, train > 0. */
function ratiosOption(args: ParsedArgs): [number, number, number] {
  const text = optionalString(args, 'ratios') ?? '3:1:1';
  const parts = text.split(':');
  const numbers = parts.map((part) => (/^(\d+\.?\d*|\.\d+)$/.test(part) ? Number(part) : NaN));
  if (numbers.length !== 3 || numbers.some((x) => !Number.isFinite(x)) || !(numbers[0] > 0)) {
    throw new UsageError(
      `--ratios must be train:validation:test, three numbers ≥ 0 with train > 0 (e.g. 3:1:1), got "${text}"`,
    );
  }
  return numbers as [number, number, number];
}

/** The files `split` may write: any of them left from an earlier run and not written now is removed. */
const SPLIT_FILES = [
  'train.rating',
  'test.rating',
  'test.negative',
  'validation.rating',
  'validation.negative',
  'out-of-matrix.rating',
  'new-users.rating',
  'cold-item-ids.tsv',
  'new-user-ids.tsv',
  'user-ids.tsv',
  'item-ids.tsv',
  'item-features.tsv',
  'report.json',
];

/**
 * Runs `write` on a new directory beside `out` (refusing one where it would replace one of the `inputs`), then puts what it wrote in place of `out`'s split files; on failure
 * `out` is left as it was. When `out` holds split files only, the two directories are swapped (a kill between the two
 * renames leaves the previous split intact in the hidden `.<out>.old-*` beside it, never a mix); when it holds other
 * files too, the previous split files are moved aside and moved back if any step fails.
 */
async function writeAtomically(
  inputs: string[],
  out: string,
  write: (dir: string) => Promise<string[]>,
): Promise<void> {
  const target = resolve(out);
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new Error(`--out: "${out}" is a file, not a directory`);
  for (const input of inputs) {
    // Only a file can be overwritten: DuckDB's ':memory:' (a query reading other files) names none.
    const source = await realpath(input).catch(() => undefined);
    if (source === undefined) continue;
    for (const name of SPLIT_FILES) {
      const file = join(existing ? await realpath(target) : target, name);
      if (file === source) {
        throw new Error(
          `--out: splitting ${input} into "${out}" would overwrite it (as ${name}); choose another directory`,
        );
      }
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

/** Some dense ids with their raw ids, `index<TAB>raw` per line, escaped as in {@link writeIds}. */
async function writeSomeIds(file: string, indices: Int32Array, ids: IdMap): Promise<void> {
  const lines = Array.from(indices, (index) => `${index}\t${escapeTsv(ids.raw(index))}\n`);
  await writeFile(file, lines.join(''));
}
