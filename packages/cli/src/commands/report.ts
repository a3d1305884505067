import { readFile, rename, writeFile } from 'node:fs/promises';
import { mergeResults, renderHistoryHtml, renderHtml, renderMarkdown, type ComparisonResult } from '@recsys/experiment';

import { flag, optionalString, type CommandSpec, type ParsedArgs } from '../args.js';
import { CONFIG_OPTION, configSummary } from '../config.js';
import { defineCommand } from '../command.js';
import { logger, UsageError, type CliIo } from '../io.js';

/** The `--config` key of the positional file(s). */
const CONFIG_INPUT = { key: 'inputs', many: true };

export const spec: CommandSpec = {
  name: 'report',
  usage: 'recsys report <results.json|history.json> [more results.json …] [--out <file>] [--markdown|--json]',
  brief: 'Draws the report of a comparison or a training run again, or merges comparisons run apart.',
  summary: [
    'Draws the report of an earlier run again: the results.json of recsys compare (table and charts), or the JSON',
    'recsys train prints (its loss and validation curves per epoch). Writes self-contained HTML (no network; opens',
    'from a file) to --out, or to stdout; --markdown writes the comparison as Markdown instead.',
    'Several results.json of the same settings on other seeds (a comparison split over processes, one per core) are',
    'merged into one: means and 95% intervals over all their seeds, without paired tests; --json writes the merge.',
    configSummary('"inputs": ["a/results.json", "b/results.json"], "markdown": true', '"inputs" are the files'),
  ].join('\n'),
  configInput: CONFIG_INPUT,
  positionals: ['<results.json|history.json>', '[more results.json …]'],
  options: {
    out: { type: 'string', value: '<file>', description: 'Where to write the report (default: stdout)' },
    markdown: { type: 'boolean', description: 'Markdown instead of HTML (comparisons only)' },
    json: { type: 'boolean', description: 'The merged results.json instead of a report (comparisons only)' },
    ...CONFIG_OPTION,
  },
};

export const run = defineCommand(spec, runCommand);

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = args.positionals;
  const [path] = paths;
  if (path === undefined) throw new UsageError('report: name a results.json (recsys compare) or a train output');
  const read = async (file: string): Promise<unknown> => {
    try {
      return JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  };
  const all = await Promise.all(paths.map(read));
  let parsed = all[0];
  const markdown = flag(args, 'markdown');
  const json = flag(args, 'json');
  if (markdown && json) throw new UsageError('report: --markdown and --json exclude each other');
  if (all.length > 1) {
    const notComparison = paths.find((file, k) => !isComparison(all[k]));
    if (notComparison) throw new UsageError(`report: only comparisons merge; ${notComparison} is not a results.json`);
    try {
      parsed = mergeResults(all as ComparisonResult[]);
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(`report: ${error.message}`);
      throw error;
    }
  }
  let text: string;
  if (isComparison(parsed)) {
    text = json ? JSON.stringify(parsed, null, 2) + '\n' : markdown ? renderMarkdown(parsed) : renderHtml(parsed);
  } else if (isTrainOutput(parsed)) {
    if (markdown || json) throw new UsageError('report: --markdown and --json apply to comparison results only');
    text = renderHistoryHtml(parsed as Parameters<typeof renderHistoryHtml>[0]);
  } else {
    throw new Error(
      `${path} is neither a comparison (results.json of recsys compare) nor a training run (the JSON recsys train ` +
        'prints, with its "history")',
    );
  }
  const out = optionalString(args, 'out');
  if (out === undefined) {
    io.out(text);
    return 0;
  }
  const temp = `${out}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, out);
  logger(io)(`wrote ${out}`);
  return 0;
}

function isComparison(value: unknown): value is ComparisonResult {
  const v = value as Partial<ComparisonResult> | null;
  if (v?.format !== 'recsys-comparison') return false;
  if (v.version !== 1)
    throw new Error(`a comparison of format version ${String(v.version)}; this recsys reads version 1`);
  if (!Array.isArray(v.runs) || !Array.isArray(v.summary)) throw new Error('the comparison has no runs or summary');
  return true;
}

function isTrainOutput(value: unknown): boolean {
  const v = value as { history?: unknown; model?: unknown } | null;
  return typeof v?.model === 'string' && Array.isArray(v.history);
}
