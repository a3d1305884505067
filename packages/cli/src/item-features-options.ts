import { basename } from 'node:path';
import {
  loadCiteULikeItemFeatures,
  loadItemFeatures,
  loadMovieLensGenres,
  matchItemFeatures,
  type Interactions,
  type ItemFeaturesMatch,
  type ItemFeaturesResult,
  type UnknownItemsPolicy,
  type WithoutFeaturesPolicy,
} from '@recsys/data';
import { recommenderEntry, recommenderNames } from '@recsys/models';
import { choiceOption, flag, optionalString, type OptionSpec, type ParsedArgs } from './args.js';
import { logger, UsageError, type CliIo } from './io.js';
import { checkedPath } from './paths.js';

/** The item-features file formats the CLI reads. */
export const FEATURE_FORMATS = ['text', 'lda-c', 'multi-hot', 'movielens-genres'] as const;
/** One of {@link FEATURE_FORMATS}. */
export type FeatureFormat = (typeof FEATURE_FORMATS)[number];
const WITHOUT_FEATURES = ['keep', 'error'] as const satisfies readonly WithoutFeaturesPolicy[];
const UNKNOWN_ITEMS = ['keep', 'drop', 'error'] as const satisfies readonly UnknownItemsPolicy[];

/** Every flag of the item features, `--item-features` first. */
export const ITEM_FEATURE_FLAGS = [
  'item-features',
  'item-features-format',
  'item-feature-names',
  'without-features',
  'unknown-items',
] as const;

/** The registered models whose `fit` reads item features (`itemFeatures: true` in their registry entry). */
export function itemFeatureModels(): string[] {
  return recommenderNames().filter((name) => recommenderEntry(name).itemFeatures === true);
}

/** Whether the registered model `name` is trained with item features. */
export function takesItemFeatures(name: string): boolean {
  return recommenderEntry(name).itemFeatures === true;
}

/** How a command matches item features: its policies' defaults and what it calls the interactions. */
export interface ItemFeaturesUse {
  /** Items with rows but no features. */
  withoutFeatures: WithoutFeaturesPolicy;
  /** Features of items not in the interactions. */
  unknownItems: UnknownItemsPolicy;
  /** The interactions the features are matched to, for help and messages, e.g. `ratings`. */
  rows: string;
}

/** Where item features come from, as the flags say. */
export interface ItemFeaturesSource {
  file: string;
  format: FeatureFormat;
  names: string | undefined;
  withoutFeatures: WithoutFeaturesPolicy;
  unknownItems: UnknownItemsPolicy;
}

/** The `--item-features` flags of a command, for parsing and help, with its defaults. */
export function itemFeatureOptions(use: ItemFeaturesUse): Record<string, OptionSpec> {
  return {
    'item-features': {
      type: 'string',
      value: '<file>',
      description: `Item features, matched to the ${use.rows} by raw item id`,
    },
    'item-features-format': {
      type: 'string',
      value: `<${FEATURE_FORMATS.join('|')}>`,
      description:
        'Their format; guessed from the name when absent (u.item, mult*, *tag*.dat; *.tsv and *.txt are text)',
    },
    'item-feature-names': {
      type: 'string',
      value: '<file>',
      description: 'lda-c, multi-hot: one feature name per line; movielens-genres: u.genre',
    },
    'without-features': {
      type: 'string',
      value: `<${WITHOUT_FEATURES.join('|')}>`,
      description: `Items with ${use.rows} but no features: empty rows (keep) or fail (error)`,
      default: use.withoutFeatures,
    },
    'unknown-items': {
      type: 'string',
      value: `<${UNKNOWN_ITEMS.join('|')}>`,
      description: `Features of items not in the ${use.rows}: cold items without rows (keep), drop, or fail (error)`,
      default: use.unknownItems,
    },
  };
}

/**
 * The `--item-features` flags, checked before anything is loaded: the file exists, its format is given or can be
 * guessed, names go with a format that has none of its own, and no other item-features flag comes without
 * `--item-features` (it would mean nothing).
 *
 * @returns `undefined` when `--item-features` is not given.
 * @throws UsageError naming the flag.
 */
export async function itemFeaturesFromArgs(
  args: ParsedArgs,
  command: string,
  use: ItemFeaturesUse,
): Promise<ItemFeaturesSource | undefined> {
  const given = optionalString(args, 'item-features');
  if (given === undefined) {
    for (const name of ITEM_FEATURE_FLAGS) {
      if (args.values[name] !== undefined) throw new UsageError(`${command}: --${name} needs --item-features`);
    }
    return undefined;
  }
  const file = await checkedPath(given, '--item-features');
  const format = choiceOption(args, 'item-features-format', FEATURE_FORMATS) ?? guessFeatureFormat(given);
  if (!format) {
    throw new UsageError(
      `cannot tell the format of ${given} (--item-features) from its name; pass --item-features-format ` +
        `(${FEATURE_FORMATS.join(', ')})`,
    );
  }
  const namesGiven = optionalString(args, 'item-feature-names');
  if (namesGiven !== undefined && format === 'text') {
    throw new UsageError('--item-feature-names does not apply to --item-features-format text (it names its features)');
  }
  const names = namesGiven === undefined ? undefined : await checkedPath(namesGiven, '--item-feature-names');
  const withoutFeatures = choiceOption(args, 'without-features', WITHOUT_FEATURES, use.withoutFeatures);
  const unknownItems = choiceOption(args, 'unknown-items', UNKNOWN_ITEMS, use.unknownItems);
  return { file, format, names, withoutFeatures, unknownItems };
}

/** The features format a file name suggests, if any. */
export function guessFeatureFormat(path: string): FeatureFormat | undefined {
  const name = basename(path).toLowerCase();
  if (name === 'u.item') return 'movielens-genres';
  if (name.startsWith('mult')) return 'lda-c';
  if (name.endsWith('.dat') && name.includes('tag')) return 'multi-hot';
  if (name.endsWith('.tsv') || name.endsWith('.txt')) return 'text';
  return undefined;
}

/**
 * Loads the features `source` names (`--lenient` skips malformed lines, counted) and matches them to `interactions`
 * by raw item id, logging every count of the match report on stderr: items without features, features of items not in
 * the interactions (added as cold items, dropped), index gaps.
 *
 * @throws Error naming the features file and the flag to pass when a policy is `error` and meets its case.
 */
export async function loadMatchedItemFeatures(
  io: CliIo,
  args: ParsedArgs,
  interactions: Interactions,
  source: ItemFeaturesSource,
  use: Pick<ItemFeaturesUse, 'rows'>,
): Promise<ItemFeaturesMatch> {
  const log = logger(io);
  const lenient = flag(args, 'lenient');
  let loaded: ItemFeaturesResult;
  switch (source.format) {
    case 'text':
      loaded = await loadItemFeatures(source.file, { lenient });
      break;
    case 'movielens-genres':
      loaded = await loadMovieLensGenres(source.file, { lenient, genres: source.names });
      break;
    default:
      loaded = await loadCiteULikeItemFeatures(source.file, { lenient, format: source.format, names: source.names });
  }
  const { report: load } = loaded;
  if (load.skipped > 0) {
    const kinds = Object.entries(load.skippedByKind)
      .map(([kind, k]) => `${k} ${kind}`)
      .join(', ');
    io.err(
      `recsys: ${source.file}: skipped ${load.skipped} malformed lines (${kinds}); first: ${load.skippedExamples[0]?.message}\n`,
    );
  }
  let matched: ItemFeaturesMatch;
  try {
    matched = matchItemFeatures(interactions, loaded.features, {
      withoutFeatures: source.withoutFeatures,
      unknownItems: source.unknownItems,
    });
  } catch (error) {
    // The library names its own options; say it with the flags.
    const message = (error as Error).message
      .replace("pass withoutFeatures: 'keep'", 'pass --without-features keep')
      .replace("pass unknownItems: 'keep'", 'pass --unknown-items keep')
      .replace(/, or 'drop'/, ' or drop')
      .replace("pass unknownItems: 'drop'", 'pass --unknown-items drop');
    throw new Error(`${source.file}: ${message}`);
  }
  const r = matched.report;
  const n = (value: number) => value.toLocaleString('en-US');
  const examples = (ids: string[]) =>
    ids.length > 0 ? ` (e.g. ${ids.map((id) => JSON.stringify(id)).join(', ')})` : '';
  log(
    `item features ${source.file} (${source.format}): ${n(r.featureRows)} rows, ${n(matched.features.numFeatures)} ` +
      `features; ${n(r.matchedItems)} of ${n(r.logItems)} items matched (${n(r.emptyFeatureRows)} with an empty row)`,
  );
  if (r.itemsWithoutFeatures > 0) {
    log(
      `${n(r.itemsWithoutFeatures)} items with ${use.rows} have no features${examples(r.itemsWithoutFeaturesExamples)}: ` +
        'given empty rows',
    );
  }
  if (r.unknownItems > 0) {
    log(
      `${n(r.unknownItems)} features rows are for items not in the ${use.rows}${examples(r.unknownItemsExamples)}: ` +
        (r.addedItems > 0 ? `added as items without ${use.rows} (cold, content only)` : 'dropped'),
    );
  }
  if (r.unusedItemsWithoutFeatures > 0) {
    log(`${n(r.unusedItemsWithoutFeatures)} item indices have neither ${use.rows} nor features (empty rows)`);
  }
  return matched;
}
