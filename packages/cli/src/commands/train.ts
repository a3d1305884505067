import { createRecommender, recommenderEntry, recommenderNames } from '@recsys/models';
import { helpText, intOption, parse, requireString, type CommandSpec } from '../args.js';
import { DATA_OPTIONS, loadFromArgs } from '../data-options.js';
import { logger, printJson, UsageError, type CliIo } from '../io.js';

export const spec: CommandSpec = {
  name: 'train',
  usage: 'recsys train --model <name> --train <file> --out <dir> [--format f] [--seed S]',
  summary: 'Trains a model on an interaction file and saves it to a directory that evaluate, score and recommend read.',
  options: {
    model: { type: 'string', value: '<name>', description: `Model to train: ${recommenderNames().join(', ')}` },
    train: { type: 'string', value: '<file>', description: 'Training interactions' },
    out: { type: 'string', value: '<dir>', description: 'Where to save the trained model' },
    seed: { type: 'string', value: '<S>', description: 'Seed for everything drawn at random', default: '42' },
    ...DATA_OPTIONS,
  },
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parse(spec, argv);
  if (args.values.help) return (io.out(helpText(spec)), 0);
  if (args.positionals.length > 0) throw new UsageError(`train: unexpected argument "${args.positionals[0]}"`);
  const name = requireString(args, 'model', 'train');
  const trainPath = requireString(args, 'train', 'train');
  const out = requireString(args, 'out', 'train');
  const seed = intOption(args, 'seed', 42, 0, 2 ** 32 - 1);
  try {
    recommenderEntry(name);
  } catch (error) {
    throw new UsageError(`train: ${(error as Error).message}`);
  }
  const log = logger(io);
  const { interactions } = await loadFromArgs(io, args, trainPath);
  log(`training ${name} on ${interactions.size.toLocaleString('en-US')} interactions`);
  const model = createRecommender(name);
  const report = await model.fit(interactions, { seed, log });
  await model.save(out);
  log(`saved to ${out}`);
  printJson(io, {
    model: name,
    out,
    users: interactions.numUsers,
    items: interactions.numItems,
    rows: report.rows,
    seed,
    seconds: report.seconds,
  });
  return 0;
}
