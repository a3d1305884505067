import { readFile, rename, writeFile } from 'node:fs/promises';
import { renderHistoryHtml, renderHtml, renderMarkdown, type ComparisonResult } from '@recsys/experiment';
import { flag, helpText, optionalString, parse, type CommandSpec } from '../args.js';
import { logger, UsageError, type CliIo } from '../io.js';

export const spec: CommandSpec = {
  name: 'report',
  usage: 'recsys report <results.json|history.json> [--out <file>] [--markdown]',
  summary: [
    'Draws the report of an earlier run again: the results.json of recsys compare (table and charts), or the JSON',
    'recsys train prints (its loss and validation curves per epoch). Writes self-contained HTML (no network; opens',
    'from a file) to --out, or to stdout; --markdown writes the comparison as Markdown instead.',
  ].join('\n'),
  positionals: ['<results.json|history.json>'],
  options: {
    out: { type: 'string', value: '<file>', description: 'Where to write the report (default: stdout)' },
    markdown: { type: 'boolean', description: 'Markdown instead of HTML (comparisons only)' },
  },
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parse(spec, argv);
  if (args.values.help) return (io.out(helpText(spec)), 0);
  const [path, ...rest] = args.positionals;
  if (path === undefined) throw new UsageError('report: name a results.json (recsys compare) or a train output');
  if (rest.length > 0) throw new UsageError(`report: unexpected argument "${rest[0]}"`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const markdown = flag(args, 'markdown');
  let text: string;
  if (isComparison(parsed)) {
    text = markdown ? renderMarkdown(parsed) : renderHtml(parsed);
  } else if (isTrainOutput(parsed)) {
    if (markdown) throw new UsageError('report: --markdown applies to comparison results only');
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
