import type { ComparisonResult } from '../comparison-result.js';
import { checkComparisonResult } from './check-result.js';
import { displayWidth, padToWidth, terminalSafe } from './display-width.js';
import { metricLabel } from './format-number.js';
import { MARKS, mainTable } from './main-table.js';
import { ResultIndex } from './result-index.js';
import { resolveTableOptions, type RenderTableOptions } from './table-options.js';

/**
 * A comparison as a plain-text table for a terminal: one row per model, one column per (protocol, metric) — by
 * default HR@10 and NDCG@10 under each protocol, then the mean fit seconds. Each cell is `mean ± half-width of the
 * 95% CI over seeds` with fixed decimals; `*` marks the best mean of a column and `†` a model below the best at
 * p < 0.05 by the paired t-test. A legend line follows, then the models that were skipped, with their reasons, and
 * the models missing a protocol.
 *
 * Columns are aligned by terminal width (East Asian wide characters count two), so wide characters in model names keep the grid; names
 * are printed with control characters escaped. Time O(models × columns + summary).
 *
 * @param result - a comparison result (e.g. `JSON.parse` of `results.json`).
 * @param options - columns and decimals ({@link RenderTableOptions}).
 * @returns the table, lines joined by `\n`, ending with a newline.
 * @throws TypeError or RangeError when `result` is not a version-1 comparison result, or on bad options (naming the
 * option and the value).
 * @example
 * ```ts
 * process.stdout.write(renderTable(result));
 * process.stdout.write(renderTable(result, { columns: [{ protocol: 'full', metric: 'recall@20' }], decimals: 4 }));
 * ```
 */
export function renderTable(result: ComparisonResult, options?: RenderTableOptions): string {
  const checked = checkComparisonResult('renderTable', result);
  const index = new ResultIndex(checked);
  const { columns, decimals } = resolveTableOptions('renderTable', index, options);
  const table = mainTable(index, columns, decimals);

  const header = ['model', ...table.headers, 'fit'];
  const body = table.rows.map((row) => [
    terminalSafe(row.model),
    // A mark column of one character keeps the numbers aligned whether or not a cell is marked.
    ...row.cells.map((c) => `${c.text} ${c.best ? MARKS.best : c.worse ? MARKS.worse : ' '}`),
    row.fitSeconds,
  ]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => padToWidth(cell, widths[i]!, i === 0 ? 'left' : 'right'))
      .join('  ')
      .trimEnd();

  const { data, split, seeds, selection } = checked;
  const lines = [
    `${terminalSafe(data.name)}: ${terminalSafe(String(split.kind))} split, ${seeds.length} seed${seeds.length === 1 ? '' : 's'}, ` +
      `tuned on ${metricLabel(selection.metric)} (${selection.protocol}) of validation`,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(line),
    '',
    MARKS.legend,
  ];
  for (const missing of index.missing()) lines.push(`missing: ${terminalSafe(missing)}`);
  for (const skipped of checked.skipped) {
    const seed = skipped.seed === undefined ? '' : ` (seed ${skipped.seed})`;
    lines.push(`skipped: ${terminalSafe(skipped.model)}${seed}: ${terminalSafe(String(skipped.reason))}`);
  }
  return lines.join('\n') + '\n';
}
