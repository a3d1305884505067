import { describeValue } from '@recsys/data';
import type { ComparisonResult } from '../comparison-result.js';
import { checkComparisonResult } from './check-result.js';
import { comparisonCharts } from './comparison-charts.js';
import { describeSetup } from './describe-setup.js';
import { escapeHtml } from './escape-html.js';
import { htmlPage } from './html-page.js';
import { MARKS, mainTable } from './main-table.js';
import { ResultIndex } from './result-index.js';
import { resolveTableOptions, type RenderTableOptions } from './table-options.js';

/**
 * Options of {@link renderHtml}: the table's, and the metric the charts draw.
 *
 * @example
 * ```ts
 * renderHtml(result, { metric: 'hr@10', decimals: 4 });
 * ```
 */
export interface RenderHtmlOptions extends RenderTableOptions {
  /** The metric key the charts draw (e.g. `'hr@10'`). Default NDCG at K = 10 (or the K closest), else the selection metric. */
  metric?: string;
}

/**
 * A comparison as one self-contained HTML page: inline CSS and inline SVG, no script and no external URL, so it opens
 * from a file, offline. It shows the setup, the main table (the cells of {@link renderTable}, best in bold), and SVG
 * charts of one metric: per model with 95% CI error bars (one chart per protocol), sampled against full ranking side
 * by side, against mean fit seconds on a log axis, and the validation curves per epoch of the models trained by
 * epochs. Every bar and point has a `<title>` tooltip with the exact values; colours are colour-blind safe (Okabe–Ito).
 *
 * Every string from the result (model names, data name, settings, reasons) is HTML-escaped. Missing or non-finite
 * values are left out of the charts and named under them, never drawn as `NaN`. Time O(models × metrics + runs ×
 * epochs); the page is about 41 kB for 7 models × 3 seeds, 65 kB for 12.
 *
 * @param result - a comparison result (e.g. `JSON.parse` of `results.json`).
 * @param options - the table's columns and decimals, and the charts' metric ({@link RenderHtmlOptions}).
 * @returns the page, from `<!DOCTYPE html>`.
 * @throws TypeError or RangeError when `result` is not a version-1 comparison result, or on bad options (an unknown
 * key, a column or chart metric no model has).
 * @example
 * ```ts
 * await writeFile('report.html', renderHtml(result));
 * await writeFile('report-hr.html', renderHtml(result, { metric: 'hr@10' }));
 * ```
 */
export function renderHtml(result: ComparisonResult, options?: RenderHtmlOptions): string {
  const checked = checkComparisonResult('renderHtml', result);
  const index = new ResultIndex(checked);
  const { columns, decimals } = resolveTableOptions('renderHtml', index, options, ['metric']);
  const metric = options?.metric ?? index.chartMetric();
  const allMetrics = new Set(index.protocols.flatMap((p) => index.metrics(p)));
  if (options?.metric !== undefined && !allMetrics.has(options.metric)) {
    throw new RangeError(
      `renderHtml: no model has the metric ${describeValue(options.metric)} (there: ${[...allMetrics].join(', ') || 'none'})`,
    );
  }
  const name = escapeHtml(checked.data.name);
  const body: string[] = [
    `<h1>Comparison on ${name}</h1>`,
    `<p class="sub">${index.models.length} models × ${checked.seeds.length} seeds · recsys ${escapeHtml(checked.recsysVersion)}</p>`,
    '<h2>Setup</h2>',
    '<dl class="setup">',
    ...describeSetup(checked).map(([label, text]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(text)}</dd>`),
    '</dl>',
    '<h2>Results</h2>',
    htmlTable(mainTable(index, columns, decimals)),
    `<p class="legend-line">${escapeHtml(MARKS.legend)}</p>`,
    ...index.missing().map((m) => `<p class="note-line">Missing: ${escapeHtml(m)}</p>`),
  ];
  if (metric !== undefined) {
    body.push('<h2>Charts</h2>', '<div class="charts">');
    for (const chart of comparisonCharts(index, metric)) {
      body.push(
        `<figure${chart.wide ? ' class="wide"' : ''}>`,
        `<h3>${escapeHtml(chart.title)}</h3>`,
        `<figcaption>${escapeHtml(chart.caption)}</figcaption>`,
        chart.svg ?? '',
        '</figure>',
      );
    }
    body.push('</div>');
  } else {
    body.push('<h2>Charts</h2>', '<p class="note-line">No metric to draw: the result has no summaries.</p>');
  }
  body.push('<h2>Skipped models</h2>');
  if (checked.skipped.length === 0) body.push('<p>None.</p>');
  else {
    body.push('<ul class="skipped">');
    for (const s of checked.skipped) {
      const seed = s.seed === undefined ? '' : ` (seed ${escapeHtml(String(s.seed))})`;
      body.push(`<li><strong>${escapeHtml(s.model)}</strong>${seed}: ${escapeHtml(String(s.reason))}</li>`);
    }
    body.push('</ul>');
  }
  return htmlPage(`Comparison on ${checked.data.name}`, body.join('\n'));
}

function htmlTable(table: ReturnType<typeof mainTable>): string {
  const head = ['Model', ...table.headers, 'Fit'].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = table.rows.map((row) => {
    const cells = row.cells.map((c) => {
      const mark = c.best ? MARKS.best : c.worse ? MARKS.worse : '';
      const cls = c.best ? ' class="best"' : c.worse ? ' class="worse"' : '';
      return `<td${cls}>${escapeHtml(c.text)}<span class="mark-sign">${mark}</span></td>`;
    });
    return `<tr><td>${escapeHtml(row.model)}</td>${cells.join('')}<td>${escapeHtml(row.fitSeconds)}</td></tr>`;
  });
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}
