import { leaveOneOut, sampleTestNegatives, synthetic } from '@recsys/data';
import { evaluateFullRanking, evaluateSampled } from '@recsys/eval';
import { createRecommender, recommenderEntry, recommenderNames, type NeuralFitOptions } from '@recsys/models';
import { flag, intOption, optionalString, type CommandSpec, type ParsedArgs } from '../args.js';
import { CONFIG_OPTION, configSummary } from '../config.js';
import { defineCommand } from '../command.js';
import { logger, printJson, UsageError, type CliIo } from '../io.js';

/** The models the demo trains, in table order. */
const DEMO_MODELS = ['itempop', 'bprmf', 'gmf', 'mlp', 'neumf'];

export const spec: CommandSpec = {
  name: 'demo',
  usage: 'recsys demo [--users 1000] [--items 2000] [--seed 42] [--epochs 10] [--models itempop,gmf,…] [--json]',
  brief: 'Runs the whole job on embedded synthetic data: no files needed.',
  summary: [
    'The whole job on the embedded synthetic data, no files needed: generate interactions, split leave-one-out by',
    'time, sample 99 test negatives per user, train each model, evaluate it with the sampled and the full-ranking',
    'protocol, and print a result table (or JSON with --json).',
    configSummary('"models": ["itempop", "gmf"], "epochs": 5'),
  ].join('\n'),
  options: {
    users: { type: 'string', value: '<N>', description: 'Synthetic users', default: '1000' },
    items: { type: 'string', value: '<N>', description: 'Synthetic items', default: '2000' },
    seed: { type: 'string', value: '<S>', description: 'Seed of the data, the split and training', default: '42' },
    epochs: { type: 'string', value: '<E>', description: 'Training epochs of the neural models', default: '10' },
    models: { type: 'string', value: '<a,b,…>', description: 'Models to run', default: DEMO_MODELS.join(',') },
    json: { type: 'boolean', description: 'Print the results as JSON instead of a table' },
    ...CONFIG_OPTION,
  },
};

export const run = defineCommand(spec, runCommand);

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const users = intOption(args, 'users', 1000, 2);
  const items = intOption(args, 'items', 2000, 200);
  const seed = intOption(args, 'seed', 42, 0, 2 ** 32 - 1);
  const epochs = intOption(args, 'epochs', 10, 1);
  const models = (optionalString(args, 'models') ?? DEMO_MODELS.join(',')).split(',');
  for (const name of models)
    if (!recommenderNames().includes(name)) throw new UsageError(`demo: unknown model "${name}"`);
  const log = logger(io);

  const { interactions } = synthetic({ users, items, seed });
  const { train, test } = leaveOneOut(interactions);
  const negatives = sampleTestNegatives(interactions, test, { count: 99, seed });
  log(`synthetic data: ${users} users, ${items} items, ${interactions.size} interactions; leave-one-out, 99 negatives`);

  const rows = [];
  for (const name of models) {
    const model = createRecommender(name);
    log(`training ${name}`);
    // A short fixed schedule for the neural models (no validation split): lr 0.005 converges in a few epochs here.
    const trains = Object.keys(recommenderEntry(name).fitOptions).length > 0;
    const fitOptions: NeuralFitOptions = trains
      ? { seed, log, epochs, learningRate: 0.005, progress: io.isTTY ? undefined : false }
      : { seed, log };
    const fit = await model.fit(train, fitOptions);
    const sampled = await evaluateSampled(model, negatives, { k: 10 });
    const full = await evaluateFullRanking(model, train, test, { k: 10 });
    rows.push({
      model: name,
      sampled: { hr: sampled.metrics.hr, ndcg: sampled.metrics.ndcg, ci95: sampled.ci95.hr },
      full: { hr: full.metrics.hr, ndcg: full.metrics.ndcg, ci95: full.ci95.hr },
      users: sampled.users,
      fitSeconds: fit.seconds,
    });
  }
  if (flag(args, 'json')) {
    printJson(io, { data: { users, items, interactions: interactions.size, seed }, results: rows });
    return 0;
  }
  const header = ['model', 'HR@10 sampled', 'NDCG@10 sampled', 'HR@10 full', 'NDCG@10 full', 'fit s'];
  const table = rows.map((r) => [
    r.model,
    r.sampled.hr.toFixed(4),
    r.sampled.ndcg.toFixed(4),
    r.full.hr.toFixed(4),
    r.full.ndcg.toFixed(4),
    r.fitSeconds.toFixed(2),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  io.out(
    [
      `recsys demo: synthetic data, ${users} users × ${items} items, ${interactions.size} interactions (seed ${seed})`,
      `leave-one-out by time, ${rows[0]?.users ?? 0} test users; sampled = test item among 99 sampled negatives,`,
      'full = among all items the user has not interacted with in training; ties count against the test item.',
      '',
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...table.map(line),
      '',
    ].join('\n'),
  );
  return 0;
}
