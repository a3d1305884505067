import type { ComparisonProtocol } from '../comparison-result.js';
import { formatFixed, formatSeconds, isFiniteNumber, metricLabel } from './format-number.js';
import type { ResultIndex } from './result-index.js';
import { barChart, type Bar } from './svg/bar-chart.js';
import { lineChart, type LineSeries } from './svg/line-chart.js';
import { PROTOCOL_NAMES } from './protocol-name.js';
import { PROTOCOL_COLOURS, seriesStyle } from './svg/palette.js';

import { scatterChart } from './svg/scatter.js';

/** One chart of a report: its heading, a caption saying how to read it (and what is missing), and the `<svg>`. */
export interface ReportChart {
  title: string;
  caption: string;
  /** The `<svg>` element, or `undefined` when there is nothing to draw (the caption says why). */
  svg: string | undefined;
  /** Whether it spans the page's width (else half of it). */
  wide: boolean;
}

/** Width of a half-page chart and of a full-width one, in pixels (the page is 1200 wide). */
const HALF = 564;
const FULL = 1152;

/**
 * The charts of a comparison's HTML report, for one metric (e.g. `ndcg@10`): the metric per model with 95% CI error
 * bars (one chart per protocol), sampled against full ranking side by side, the metric against mean fit seconds on a
 * log axis, and the validation curve per epoch of the models trained by epochs. Missing values are left out and named
 * in the captions; a chart with nothing to draw has no `svg` and a caption saying why.
 *
 * Time O(models × (protocols + seeds × epochs)).
 *
 * @example
 * ```ts
 * for (const chart of comparisonCharts(new ResultIndex(result), 'ndcg@10')) html += chart.svg ?? chart.caption;
 * ```
 */
export function comparisonCharts(index: ResultIndex, metric: string): ReportChart[] {
  const charts: ReportChart[] = index.protocols.map((protocol) => metricChart(index, protocol, metric));
  charts.push(samplingChart(index, metric), timeChart(index, metric), curveChart(index));
  return charts;
}

function protocolName(protocol: ComparisonProtocol): string {
  return PROTOCOL_NAMES[protocol];
}

function values(entry: { values?: number[] } | undefined): string {
  const list = Array.isArray(entry?.values) ? entry!.values : [];
  return list.map((v) => formatFixed(v, 4)).join(', ');
}

function missingText(models: string[], what: string): string {
  return models.length === 0 ? '' : ` No ${what} for ${models.join(', ')}.`;
}

function metricChart(index: ResultIndex, protocol: ComparisonProtocol, metric: string): ReportChart {
  const label = metricLabel(metric);
  const rows = index.models
    .map((model) => ({ model, entry: index.summary(model, protocol, metric) }))
    .sort((a, b) => (b.entry?.mean ?? -Infinity) - (a.entry?.mean ?? -Infinity));
  const best = new Set(index.best(protocol, metric));
  const bars: Bar[] = rows.map(({ model, entry }) => {
    if (!entry) return { value: undefined, tooltip: `${model}: no ${label} (${protocolName(protocol)})` };
    const [low, high] = Array.isArray(entry.ci95) ? entry.ci95 : [undefined, undefined];
    const ci =
      isFiniteNumber(low) && isFiniteNumber(high) ? `, 95% CI [${formatFixed(low, 4)}, ${formatFixed(high, 4)}]` : '';
    return {
      value: entry.mean,
      low,
      high,
      tooltip: `${model}: ${label} ${formatFixed(entry.mean, 4)}${ci}; seeds ${values(entry)}`,
      note: formatFixed(entry.mean, 3) + (best.has(model) ? ' best' : ''),
    };
  });
  const missing = rows.filter((r) => !r.entry).map((r) => r.model);
  const title = `${label}, ${protocolName(protocol)}`;
  return {
    title,
    caption:
      `Mean over ${index.result.seeds.length} seeds with its 95% confidence interval; best first.` +
      missingText(missing, label),
    svg: barChart({
      title,
      width: HALF,
      rows: rows.map((r) => r.model),
      panels: [{ title: '', axisLabel: `${label} (test)`, colour: PROTOCOL_COLOURS[protocol], bars }],
    }),
    wide: false,
  };
}

function samplingChart(index: ResultIndex, metric: string): ReportChart {
  const label = metricLabel(metric);
  const title = `${label}: sampled against full ranking`;
  if (!(index.protocols.includes('sampled') && index.protocols.includes('full'))) {
    const only = index.protocols.map(protocolName).join(', ') || 'no';
    return {
      title,
      caption: `Only the ${only} protocol was evaluated: nothing to set side by side.`,
      svg: undefined,
      wide: true,
    };
  }
  const rank = (protocol: ComparisonProtocol) => {
    const sorted = index.models
      .filter((m) => index.summary(m, protocol, metric))
      .sort((a, b) => index.summary(b, protocol, metric)!.mean - index.summary(a, protocol, metric)!.mean);
    return new Map(sorted.map((m, i) => [m, i + 1]));
  };
  const ranks = { sampled: rank('sampled'), full: rank('full') };
  const rows = [...index.models].sort(
    (a, b) => (ranks.sampled.get(a) ?? Infinity) - (ranks.sampled.get(b) ?? Infinity),
  );
  const panel = (protocol: 'sampled' | 'full') => ({
    title: protocol === 'sampled' ? `Sampled (${index.result.negatives} negatives)` : 'Full ranking',
    axisLabel: `${label} (test)`,
    colour: PROTOCOL_COLOURS[protocol],
    bars: rows.map((model): Bar => {
      const entry = index.summary(model, protocol, metric);
      if (!entry) return { value: undefined, tooltip: `${model}: no ${label} (${protocolName(protocol)})` };
      const r = ranks[protocol].get(model)!;
      return {
        value: entry.mean,
        tooltip: `${model}: ${label} ${formatFixed(entry.mean, 4)} (${protocolName(protocol)}), rank ${r}`,
        note: `#${r}  ${formatFixed(entry.mean, 3)}`,
      };
    }),
  });
  const moved = rows.filter(
    (m) => ranks.sampled.has(m) && ranks.full.has(m) && ranks.sampled.get(m) !== ranks.full.get(m),
  );
  const missing = rows.filter((m) => !ranks.sampled.has(m) || !ranks.full.has(m));
  return {
    title,
    caption:
      `Models in their sampled order; #n is the rank under each protocol. ` +
      (moved.length === 0
        ? 'The two protocols rank the models alike.'
        : `${moved.length} of ${rows.length} models change rank.`) +
      missingText(missing, `${label} under both protocols`),
    svg: barChart({ title, width: FULL, rows, panels: [panel('sampled'), panel('full')] }),
    wide: true,
  };
}

function timeChart(index: ResultIndex, metric: string): ReportChart {
  const protocol: ComparisonProtocol | undefined = index.protocols.includes('full') ? 'full' : index.protocols[0];
  const label = metricLabel(metric);
  const title = `${label} against training time`;
  if (!protocol) return { title, caption: 'No protocol was evaluated.', svg: undefined, wide: false };
  const points = index.models.map((model, i) => {
    const seconds = index.meanFitSeconds(model);
    const entry = index.summary(model, protocol, metric);
    return {
      label: model,
      x: seconds,
      y: entry?.mean,
      colour: seriesStyle(i).colour,
      tooltip: `${model}: fit ${formatSeconds(seconds)} (mean over seeds), ${label} ${formatFixed(entry?.mean, 4)} (${protocolName(protocol)})`,
    };
  });
  return {
    title,
    caption: `Mean fit seconds (train + validation refit, log scale) against mean test ${label} under ${protocolName(protocol)}; up and left is better.`,
    svg: scatterChart({
      title,
      width: HALF,
      height: 300,
      xLabel: 'fit seconds (log scale)',
      yLabel: `${label} (test)`,
      logX: true,
      points,
    }),
    wide: false,
  };
}

function curveChart(index: ResultIndex): ReportChart {
  const selection = index.result.selection;
  const label = `${metricLabel(selection.metric)} (validation, ${protocolName(selection.protocol)})`;
  const title = 'Validation curves';
  const series: LineSeries[] = [];
  index.models.forEach((model, i) => {
    const curves = index.curves(model);
    if (curves.length === 0) return;
    const { colour, dash } = seriesStyle(i);
    curves.forEach((curve, s) =>
      series.push({
        label: `${model}, run ${s + 1}`,
        colour,
        faint: true,
        points: curve.map((y, e) => ({ x: e + 1, y })),
      }),
    );
    const longest = Math.max(...curves.map((c) => c.length));
    const mean = Array.from({ length: longest }, (_, e) => {
      // Early stopping ends seeds at different epochs: average the seeds that reached this one.
      const reached = curves.map((c) => c[e]).filter(isFiniteNumber);
      const y = reached.length === 0 ? NaN : reached.reduce((a, b) => a + b, 0) / reached.length;
      return {
        x: e + 1,
        y,
        tooltip: `${model}, epoch ${e + 1}: ${formatFixed(y, 4)} (mean of ${reached.length} run${reached.length === 1 ? '' : 's'})`,
      };
    });
    series.push({ label: model, colour, dash, points: mean });
  });
  if (series.length === 0) {
    return { title, caption: 'No model was trained by epochs: no validation curves.', svg: undefined, wide: false };
  }
  return {
    title,
    caption: `The selection metric after each epoch of the chosen settings: the mean over seeds (thick) and each seed (thin).`,
    svg: lineChart({ title, width: HALF, height: 270, xLabel: 'epoch', yLabel: label, series, integerX: true }),
    wide: false,
  };
}
