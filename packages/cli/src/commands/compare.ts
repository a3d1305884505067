import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  COMPARISON_PROTOCOLS,
  compare,
  MODEL_VARIANTS,
  registeredModel,
  renderHtml,
  renderMarkdown,
  renderTable,
  type CompareModel,
  type ComparisonProtocol,
  type SearchSpace,
} from '@recsys/experiment';
import type { Interactions } from '@recsys/data';
import { recommenderNames } from '@recsys/models';
import { choiceOption, optionalString, type CommandSpec, type ParsedArgs } from '../args.js';
import { defineCommand } from '../command.js';
import { BEHAVIOUR_OPTIONS, loadBehaviourData } from '../behaviour-options.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import {
  ITEM_FEATURE_FLAGS,
  itemFeatureOptions,
  itemFeaturesFromArgs,
  loadMatchedItemFeatures,
  type ItemFeaturesUse,
} from '../item-features-options.js';
import { IMPORT_OPTION, importModules } from '../imports.js';
import { logger, UsageError, warner, type CliIo } from '../io.js';
import { ModelSpace } from '../model-space.js';

/** The models `recsys compare` runs when none are named: every baseline and the NCF family. */
const DEFAULT_MODELS = ['itempop', 'itemknn', 'rp3beta', 'ease', 'ials', 'mf', 'bprmf', 'gmf', 'mlp', 'neumf'];

/** What --cold-cases does with test cases without training interactions. */
const COLD_CASES = ['exclude', 'include'] as const;

/** The splits --split names (a given test file is --test). */
const SPLITS = ['leave-one-out', 'dualnet'] as const;

/** Item features in a comparison: every item of the data needs a row; features of other items become cold items. */
const FEATURES_USE: ItemFeaturesUse = { withoutFeatures: 'error', unknownItems: 'keep', rows: 'interactions' };

export const spec: CommandSpec = {
  name: 'compare',
  usage: 'recsys compare --data <file> [--models a,b,…] [--seeds 3] --out <dir> [options]',
  brief: 'Compares models fairly on one data set (tuned on validation, tested over seeds) and writes reports.',
  summary: [
    'Compares models fairly on one data set and writes the results (results.json), a Markdown report (report.md) and',
    'a self-contained HTML report with charts (report.html) to --out; prints the table. Per seed: leave-one-out split',
    '(or --test), each model tuned on validation only (its search space, at most --budget trials, epochs by early',
    'stopping), refit on train + validation, tested once with sampled (--negatives per case) and full ranking at',
    'every K. Means over seeds with Student-t 95% intervals; each model paired-tested (per user) against the best.',
    'Settings can come from a JSON file (--config) whose keys are these options in camelCase; flags override it.',
    'Each finished model × seed is appended to runs.partial.jsonl in --out as it ends, and after each seed',
    'results.partial.json holds the result of the seeds finished (recsys report reads and merges it), so a stopped run',
    'keeps them.',
    'With --target (a log of several behaviours: views, carts, purchases), leave-one-out is on the target behaviour;',
    'models train on its rows, on every behaviour merged (name+all, e.g. ials+all) or on the whole log',
    '(multi-feedback), and are all tested on the same target cases.',
  ].join('\n'),
  options: {
    data: {
      type: 'string',
      value: '<file>',
      description: 'Interactions: the whole log, or the training part with --test',
    },
    test: { type: 'string', value: '<file>', description: 'A given test split (else leave-one-out by time)' },
    'cold-cases': {
      type: 'string',
      value: '<exclude|include>',
      description:
        'Test cases whose user or item has no training interaction: left out, counted (exclude), or kept, so the ' +
        'figures cover all test users, with the warm cases alone reported beside them (include)',
      default: 'exclude',
    },
    'test-cases': {
      type: 'string',
      value: '<n>',
      description:
        'At most n test cases per seed, a seeded sample the same for every model (full ranking of every test user ' +
        'of a large data set can take hours); the report says how many of how many',
    },
    split: {
      type: 'string',
      value: `<${SPLITS.join('|')}>`,
      description: "How each seed splits: by time, or DualNet's split (in- and out-of-matrix Recall@M)",
      default: 'leave-one-out',
    },
    models: {
      type: 'string',
      value: '<a,b,…>',
      description:
        `Models to compare (registered: ${[...recommenderNames(), 'neumf-pretrained', ...Object.keys(MODEL_VARIANTS)].join(', ')}; ` +
        'with --target, name+all trains a model on every behaviour merged)',
      default: DEFAULT_MODELS.join(','),
    },
    seeds: { type: 'string', value: '<n|a,b,…>', description: 'Number of seeds, or the seeds', default: '3' },
    budget: { type: 'string', value: '<n>', description: 'Most tuning trials per model and seed', default: '8' },
    ks: {
      type: 'string',
      value: '<k,…>',
      description: 'Cutoffs of the metrics',
      default: '5,10,20; 50,100,200 with --split dualnet',
    },
    protocols: {
      type: 'string',
      value: '<p,…>',
      description: 'Test protocols: sampled, full; with --split dualnet in-matrix, out-of-matrix',
      default: 'sampled,full; in-matrix,out-of-matrix with --split dualnet',
    },
    negatives: { type: 'string', value: '<n>', description: 'Sampled protocol: negatives per case', default: '99' },
    select: {
      type: 'string',
      value: '<protocol:metric>',
      description: 'What tuning maximises on validation',
      default: 'sampled:ndcg@10; in-matrix:recall@50 with --split dualnet',
    },
    'max-epochs': { type: 'string', value: '<n>', description: 'Most epochs of a neural model', default: '30' },
    patience: { type: 'string', value: '<n>', description: 'Epochs without improvement before stopping', default: '5' },
    name: { type: 'string', value: '<text>', description: 'Data name in reports', default: 'the file name' },
    config: { type: 'string', value: '<file.json>', description: 'Settings as JSON (flags override)' },
    out: { type: 'string', value: '<dir>', description: 'Where to write results.json, report.md, report.html' },
    ...itemFeatureOptions(FEATURES_USE),
    ...BEHAVIOUR_OPTIONS,
    ...IMPORT_OPTION,
    ...DATA_OPTIONS,
  },
};

/** The settings `--config` may hold: the flags' names in camelCase, and models with their own search spaces. */
interface CompareConfig {
  data?: string;
  test?: string;
  split?: string;
  coldCases?: string;
  testCases?: number;
  itemFeatures?: string;
  itemFeaturesFormat?: string;
  itemFeatureNames?: string;
  withoutFeatures?: string;
  unknownItems?: string;
  target?: string;
  supportive?: string | string[];
  /** One file per supportive behaviour, by name (paths relative to the config file). */
  behaviourFiles?: Record<string, string>;
  models?: (string | { name: string; space?: SearchSpace })[];
  seeds?: number | number[];
  budget?: number;
  ks?: number[];
  protocols?: ComparisonProtocol[];
  negatives?: number;
  select?: string;
  maxEpochs?: number;
  patience?: number;
  name?: string;
  out?: string;
}

const CONFIG_KEYS = new Set([
  'data',
  'test',
  'split',
  'coldCases',
  'testCases',
  'itemFeatures',
  'itemFeaturesFormat',
  'itemFeatureNames',
  'withoutFeatures',
  'unknownItems',
  'target',
  'supportive',
  'behaviourFiles',
  'models',
  'seeds',
  'budget',
  'ks',
  'protocols',
  'negatives',
  'select',
  'maxEpochs',
  'patience',
  'name',
  'out',
]);

export const run = defineCommand(spec, runCommand);

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  await importModules(optionalString(args, 'import'));
  const config = await readConfig(optionalString(args, 'config'));
  // The item-features settings of a config file read as their flags (a flag given overrides).
  for (const flagName of ITEM_FEATURE_FLAGS) {
    const value = config[camelCase(flagName) as keyof CompareConfig];
    if (value !== undefined && args.values[flagName] === undefined) args.values[flagName] = String(value);
  }
  if (config.split !== undefined && args.values.split === undefined) args.values.split = String(config.split);
  const splitKind = choiceOption(args, 'split', SPLITS, 'leave-one-out');
  if (config.coldCases !== undefined && args.values['cold-cases'] === undefined) {
    args.values['cold-cases'] = String(config.coldCases);
  }
  const coldCases = choiceOption(args, 'cold-cases', COLD_CASES, 'exclude');
  const setting = <T>(flag: string, key: keyof CompareConfig, read: (text: string) => T): T | undefined => {
    const text = optionalString(args, flag);
    return text !== undefined ? read(text) : (config[key] as T | undefined);
  };
  const dataPath = setting('data', 'data', String);
  if (!dataPath) throw new UsageError('compare: --data is required (or "data" in --config)');
  const out = setting('out', 'out', String);
  if (!out) throw new UsageError('compare: --out is required (or "out" in --config)');
  const models = modelsFrom(setting('models', 'models', (text) => text.split(',')) ?? DEFAULT_MODELS);
  const seeds = setting('seeds', 'seeds', (text) => (text.includes(',') ? intList('seeds', text) : int('seeds', text)));
  const select = setting('select', 'select', String) ?? undefined;
  const options = {
    models,
    seeds: seeds ?? 3,
    budget: setting('budget', 'budget', (t) => int('budget', t)),
    ks: setting('ks', 'ks', (t) => intList('ks', t)),
    protocols: setting('protocols', 'protocols', (t) => t.split(',') as ComparisonProtocol[]),
    negatives: setting('negatives', 'negatives', (t) => int('negatives', t)),
    testCases: setting('test-cases', 'testCases', (t) => int('test-cases', t)),
    maxEpochs: setting('max-epochs', 'maxEpochs', (t) => int('max-epochs', t)),
    patience: setting('patience', 'patience', (t) => int('patience', t)),
    selection: select === undefined ? undefined : selectionFrom(select),
  };
  const testPath = setting('test', 'test', String);
  if (testPath && splitKind === 'dualnet') {
    throw new UsageError('compare: --test and --split dualnet exclude each other (the dualnet split draws its own)');
  }
  const featuresSource = await itemFeaturesFromArgs(args, 'compare', FEATURES_USE);
  const target = setting('target', 'target', String);
  const supportiveSetting = setting('supportive', 'supportive', (text): string | string[] => text);
  const supportive =
    typeof supportiveSetting === 'string' ? supportiveSetting.split(',').map((name) => name.trim()) : supportiveSetting;
  if (supportive !== undefined && target === undefined) throw new UsageError('compare: --supportive needs --target');
  if ((args.lists['behaviour'] ?? []).length === 0 && config.behaviourFiles) {
    args.lists['behaviour'] = Object.entries(config.behaviourFiles).map(([name, file]) => `${name}=${file}`);
  }
  await prepareOut(out);

  const log = logger(io);
  let interactions = await loadBehaviourData(io, args, dataPath, '--data', target);
  let itemFeatures;
  if (featuresSource) {
    // Features of items without interactions widen the id space: they are cold items from the start.
    const matched = await loadMatchedItemFeatures(io, args, interactions, featuresSource, FEATURES_USE);
    interactions = matched.interactions;
    itemFeatures = matched.features;
  }
  let split: { test: Interactions } | 'dualnet' | undefined = splitKind === 'dualnet' ? 'dualnet' : undefined;
  if (testPath) {
    const space = new ModelSpace(interactions);
    split = { test: space.adopt((await loadFromArgs(io, args, testPath, '--test')).interactions) };
    // Kept cold cases need rows in the models: the data takes the test's ids (its cold ones without interactions).
    if (coldCases === 'include') interactions = space.widen(interactions);
  } // (leave-one-out's cold test items, seen only at a user's latest, are in the data's index space already)
  const name = setting('name', 'name', String) ?? basename(dataPath);
  log(
    `comparing ${models.map((m) => m.name).join(', ')} on ${name} ` +
      `(${interactions.size.toLocaleString('en-US')} interactions)`,
  );
  const partial = join(out, 'runs.partial.jsonl');
  const partialResult = join(out, 'results.partial.json');
  writeFileSync(partial, '');
  let result;
  try {
    result = await compare({
      data: interactions,
      name,
      split,
      coldCases,
      itemFeatures,
      ...(target !== undefined && { behaviours: { target, ...(supportive && { supportive }) } }),
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
      models,
      onProgress: ({ stage, message, run }) => {
        if (stage === 'skipped') warner(io)(message);
        else log(message);
        // Each finished run goes to runs.partial.jsonl at once: a comparison of hours that is stopped keeps them.
        if (run) appendFileSync(partial, JSON.stringify(run) + '\n');
      },
      onSeedEnd: (soFar) => {
        // The seeds finished so far as a complete result, in one step (a temp file renamed over the last one).
        const temp = `${partialResult}.tmp-${process.pid}`;
        writeFileSync(temp, JSON.stringify(soFar, null, 2) + '\n');
        renameSync(temp, partialResult);
      },
    });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`compare: ${error.message}`);
    throw error;
  }
  const { coldTestCases, coldValidationCases, coldTestCasesKept, behaviours } = result.split;
  if (behaviours?.leakedSupportiveRows !== undefined) {
    log(
      `leave-one-out on "${behaviours.target}": ${behaviours.leakedSupportiveRows} supportive rows at or after a ` +
        `held-out "${behaviours.target}" of their pair dropped (they would leak it); ` +
        `${behaviours.earlierSupportiveRows} earlier ones kept`,
    );
  }
  if (behaviours?.testPairsWithSupportive) {
    warner(io)(
      `${behaviours.testPairsWithSupportive} test pairs also have supportive training rows: kept (the files do ` +
        'not say whether they came before the test interaction)',
    );
  }

  if (coldTestCasesKept && coldTestCases > 0) {
    warner(io)(
      `${coldTestCases} test cases name a user or item without training interactions: kept (--cold-cases include), ` +
        'scored by models that never trained on them',
    );
  }
  // Only what was left out: cold test cases kept under --cold-cases include are counted above.
  const leftOut = [
    ...(coldTestCasesKept || coldTestCases === 0 ? [] : [`${coldTestCases} test`]),
    ...(coldValidationCases === 0 ? [] : [`${coldValidationCases} validation`]),
  ];
  if (leftOut.length > 0) {
    const total = (coldTestCasesKept ? 0 : coldTestCases) + coldValidationCases;
    warner(io)(
      `${leftOut.join(' and ')} case${total === 1 ? '' : 's'} name${total === 1 ? 's' : ''} a user or item without ` +
        "training interactions: left out of every model's evaluation (cold)",
    );
  }
  await writeAtomic(join(out, 'results.json'), JSON.stringify(result, null, 2) + '\n');
  await writeAtomic(join(out, 'report.md'), renderMarkdown(result));
  await writeAtomic(join(out, 'report.html'), renderHtml(result));
  await rm(partial, { force: true });
  await rm(partialResult, { force: true });
  log(`wrote ${join(out, 'results.json')}, report.md and report.html`);
  io.out(renderTable(result) + '\n');
  return 0;
}

/** The models by name (or from a config entry with its own search space). */
function modelsFrom(list: readonly (string | { name: string; space?: SearchSpace })[]): CompareModel[] {
  if (!Array.isArray(list) || list.length === 0) throw new UsageError('compare: --models lists no model');
  return list.map((entry) => {
    const name = typeof entry === 'string' ? entry.trim() : entry?.name;
    if (typeof name !== 'string' || name === '') throw new UsageError(`compare: a model has no name`);
    try {
      return registeredModel(name, typeof entry === 'string' ? undefined : entry.space);
    } catch (error) {
      throw new UsageError(`compare: ${(error as Error).message}`);
    }
  });
}

function selectionFrom(text: string): { protocol: ComparisonProtocol; metric: string } {
  const [protocol, metric, ...rest] = text.split(':');
  if (!COMPARISON_PROTOCOLS.includes(protocol as ComparisonProtocol) || !metric || rest.length > 0) {
    throw new UsageError(
      `compare: --select must read <protocol>:<metric>, e.g. sampled:ndcg@10 or in-matrix:recall@50 (got "${text}")`,
    );
  }
  return { protocol: protocol as ComparisonProtocol, metric };
}

/** `item-features-format` → `itemFeaturesFormat`. */
function camelCase(flagName: string): string {
  return flagName.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

function int(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) {
    throw new UsageError(`compare: --${flag} must be a whole number, got "${text}"`);
  }
  return n;
}

function intList(flag: string, text: string): number[] {
  return text.split(',').map((part) => int(flag, part));
}

async function readConfig(path: string | undefined): Promise<CompareConfig> {
  if (path === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`compare: --config ${path}: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`compare: --config ${path} must hold a JSON object`);
  }
  const unknown = Object.keys(parsed).filter((key) => !CONFIG_KEYS.has(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `compare: --config ${path}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ` +
        `(known: ${[...CONFIG_KEYS].join(', ')})`,
    );
  }
  // Paths in a config file are relative to the file, wherever the command runs.
  const config = parsed as CompareConfig;
  for (const key of ['data', 'test', 'out', 'itemFeatures', 'itemFeatureNames'] as const) {
    const value = config[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new UsageError(`compare: --config ${path}: "${key}" must be a path`);
    }
    if (value !== undefined) config[key] = resolve(dirname(path), value);
  }
  const files = config.behaviourFiles;
  if (files !== undefined) {
    if (files === null || typeof files !== 'object' || Array.isArray(files)) {
      throw new UsageError(`compare: --config ${path}: "behaviourFiles" must map behaviour names to paths`);
    }
    for (const [name, file] of Object.entries(files)) {
      if (typeof file !== 'string')
        throw new UsageError(`compare: --config ${path}: behaviourFiles.${name} must be a path`);
      files[name] = resolve(dirname(path), file);
    }
  }
  return config;
}

/** --out is a directory (created if missing), checked before anything is trained. */
async function prepareOut(out: string): Promise<void> {
  const info = await stat(out).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`compare: --out ${out} exists and is not a directory`);
  await mkdir(out, { recursive: true });
}

/** Writes a file in one step (temp file, then rename), so a report is never half written. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, path);
}
