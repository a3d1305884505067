import { PROTOCOL_NAMES } from './protocol-name.js';
import type { ComparisonProtocol, ComparisonResult } from '../comparison-result.js';
import { checkComparisonResult } from './check-result.js';
import { describeSetup, settingsText } from './describe-setup.js';
import { escapeMarkdown } from './escape-markdown.js';
import { formatFixed, formatSeconds, isFiniteNumber, metricLabel } from './format-number.js';
import { MARKS, mainTable, type MainTable } from './main-table.js';
import { ResultIndex } from './result-index.js';
import { resolveTableOptions, type RenderTableOptions } from './table-options.js';

/**
 * A comparison as a Markdown report (GitHub-flavoured tables): the setup (data, split, seeds, protocols, selection,
 * budget), the main table (the same cells as {@link renderTable}), then for each protocol every metric at every K,
 * the settings chosen per model and seed, the paired tests of the main table's columns, and the skipped models.
 *
 * Every string from the result (model names, data name, settings, reasons) is escaped for Markdown, so a
 * `|` in a setting cannot split a cell. Time O(models × metrics × protocols + runs).
 *
 * @param result - a comparison result (e.g. `JSON.parse` of `results.json`).
 * @param options - columns and decimals of the main table ({@link RenderTableOptions}).
 * @returns the report, ending with a newline.
 * @throws TypeError or RangeError when `result` is not a version-1 comparison result, or on bad options.
 * @example
 * ```ts
 * await writeFile('report.md', renderMarkdown(result));
 * ```
 */
export function renderMarkdown(result: ComparisonResult, options?: RenderTableOptions): string {
  const checked = checkComparisonResult('renderMarkdown', result);
  const index = new ResultIndex(checked);
  const { columns, decimals } = resolveTableOptions('renderMarkdown', index, options);
  const out: string[] = [`# Comparison on ${escapeMarkdown(checked.data.name)}`, '', '## Setup', ''];
  for (const [label, text] of describeSetup(checked)) out.push(`- **${label}**: ${escapeMarkdown(text)}`);

  out.push(
    '',
    '## Results',
    '',
    ...markdownTable(mainTable(index, columns, decimals), true),
    '',
    escapeMarkdown(MARKS.legend),
  );
  const missing = index.missing();
  if (missing.length > 0) out.push('', ...missing.map((m) => `- Missing: ${escapeMarkdown(m)}`));

  for (const protocol of index.protocols) out.push('', ...protocolSection(index, protocol, decimals));
  out.push('', ...chosenSection(checked), '', ...pairedSection(index, columns));

  out.push('', '## Skipped models', '');
  if (checked.skipped.length === 0) out.push('None.');
  for (const s of checked.skipped) {
    const seed = s.seed === undefined ? '' : ` (seed ${s.seed})`;
    out.push(`- **${escapeMarkdown(s.model)}**${seed}: ${escapeMarkdown(String(s.reason))}`);
  }
  return out.join('\n') + '\n';
}

function markdownTable(table: MainTable, fit: boolean): string[] {
  const header = ['Model', ...table.headers, ...(fit ? ['Fit'] : [])];
  const lines = [row(header), row(header.map((_, i) => (i === 0 ? '---' : '---:')))];
  for (const r of table.rows) {
    const cells = r.cells.map((c) =>
      c.best ? `**${c.text}** ${MARKS.best}` : c.worse ? `${c.text} ${MARKS.worse}` : c.text,
    );
    lines.push(row([escapeMarkdown(r.model), ...cells, ...(fit ? [r.fitSeconds] : [])]));
  }
  return lines;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Every metric of a protocol: a table per K, then one for the metrics without a cutoff. */
function protocolSection(index: ResultIndex, protocol: ComparisonProtocol, decimals: number): string[] {
  const title = protocol === 'sampled' ? 'Sampled protocol' : capitalise(PROTOCOL_NAMES[protocol]);

  const out = [`## ${title}: every metric`];
  const metrics = index.metrics(protocol);
  const byK = new Map<string, string[]>();
  for (const metric of metrics) {
    const at = metric.indexOf('@');
    const group = at < 0 ? 'without a cutoff' : `K = ${metric.slice(at + 1)}`;
    byK.set(group, [...(byK.get(group) ?? []), metric]);
  }
  const groups = [...byK.keys()].sort((a, b) => groupOrder(a) - groupOrder(b));
  for (const group of groups) {
    const columns = byK.get(group)!.map((metric) => ({ protocol, metric }));
    const table = mainTable(index, columns, decimals);
    table.headers = columns.map((c) => metricLabel(c.metric));
    out.push('', `### ${group}`, '', ...markdownTable(table, false));
  }
  if (groups.length === 0) out.push('', 'No results.');
  return out;
}

function groupOrder(group: string): number {
  return group.startsWith('K = ') ? Number(group.slice(4)) : Infinity;
}

function chosenSection(result: ComparisonResult): string[] {
  const out = [
    '## Chosen settings',
    '',
    'Chosen on validation per model and seed, then refit on train + validation.',
    '',
  ];
  out.push(row(['Model', 'Seed', 'Settings', 'Trials', 'Fit']), row(['---', '---:', '---', '---:', '---:']));
  for (const run of result.runs) {
    const trials = Array.isArray(run.trials) ? String(run.trials.length) : 'n/a';
    const settings = escapeMarkdown(settingsText(run.chosen));
    out.push(row([escapeMarkdown(run.model), String(run.seed), settings, trials, formatSeconds(run.fitSeconds)]));
  }
  return out;
}

function pairedSection(index: ResultIndex, columns: { protocol: ComparisonProtocol; metric: string }[]): string[] {
  const out = [
    '## Paired tests',
    '',
    'Each model against the best of the column: per-user differences (each user averaged over seeds first), Student t.',
    '',
    row(['Protocol', 'Metric', 'Model', 'Best', 'Mean difference', 't', 'df', 'p', 'Users']),
    row(['---', '---', '---', '---', '---:', '---:', '---:', '---:', '---:']),
  ];
  let count = 0;
  for (const { protocol, metric } of columns) {
    for (const model of index.models) {
      const paired = index.summary(model, protocol, metric)?.paired;
      if (!paired) continue;
      count++;
      const p = isFiniteNumber(paired.p) ? (paired.p < 0.0001 ? '< 0.0001' : formatFixed(paired.p, 4)) : 'n/a';
      out.push(
        row([
          protocol,
          metricLabel(metric),
          escapeMarkdown(model),
          escapeMarkdown(String(paired.against)),
          formatFixed(paired.meanDifference, 4),
          formatFixed(paired.t, 2),
          isFiniteNumber(paired.df) ? String(paired.df) : 'n/a',
          index.significantlyWorse(model, protocol, metric) ? `**${p}**` : p,
          isFiniteNumber(paired.users) ? String(paired.users) : 'n/a',
        ]),
      );
    }
  }
  if (count === 0) out.splice(4, 2, 'No paired tests in the result (one model, or none beside the best).');
  return out;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
