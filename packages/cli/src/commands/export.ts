import { exportForBrowser } from '@recsys/models';
import { intOption, requireString, type CommandSpec, type ParsedArgs } from '../args.js';
import { CONFIG_OPTION, configSummary } from '../config.js';
import { defineCommand } from '../command.js';
import { logger, printJson, type CliIo } from '../io.js';
import { checkedPath } from '../paths.js';

export const spec: CommandSpec = {
  name: 'export',
  usage: 'recsys export --model-dir <dir> --out <dir> [--shard-mb 4]',
  brief: 'Exports a saved model for the browser (tfjs model.json and weight shards).',
  summary: [
    'Writes a saved model as a tfjs model.json and binary weight shards (the raw user and item ids, the training',
    'pairs and every array of the model), which loadExportedModel of @recsys/models loads in a browser or in Node',
    'into a model that scores exactly as the saved one. An earlier export in --out is replaced; a directory that holds',
    'other files is refused. Prints the files written as JSON.',
    configSummary('"modelDir": "model", "out": "public/model"'),
  ].join('\n'),
  options: {
    'model-dir': { type: 'string', value: '<dir>', description: 'A directory written by recsys train' },
    out: { type: 'string', value: '<dir>', description: 'Where to write model.json and its shards' },
    'shard-mb': { type: 'string', value: '<MB>', description: 'Largest weight shard, in MiB', default: '4' },
    ...CONFIG_OPTION,
  },
};

export const run = defineCommand(spec, runCommand);

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const modelDir = await checkedPath(requireString(args, 'model-dir', 'export'), '--model-dir', 'directory');
  const out = requireString(args, 'out', 'export');
  const shardBytes = intOption(args, 'shard-mb', 4, 1, 1024) * 1024 * 1024;
  const result = await exportForBrowser(modelDir, out, { shardBytes, convertedBy: 'recsys export' });
  const mb = (result.bytes / 1024 / 1024).toFixed(2);
  logger(io)(`exported the ${result.model} model to ${out}: ${result.files.length} files, ${mb} MiB`);
  printJson(io, { model: result.model, out, bytes: result.bytes, replaced: result.replaced, files: result.files });
  return 0;
}
