import { escapeHtml } from '../escape-html.js';
import { isFiniteNumber } from '../format-number.js';
import { linearScale, niceTicks, xAxis } from './axis.js';
import { element, fitText, svgRoot, text, textWidth, tooltip } from './svg.js';

/** One bar: a value, an optional interval drawn as an error bar, its tooltip and a note written past its end. */
export interface Bar {
  /** The bar's length; `undefined` or non-finite draws no bar, only `n/a`. */
  value: number | undefined;
  /** The interval's ends (e.g. a 95% CI); drawn when both are finite. */
  low?: number;
  high?: number;
  /** The exact values, shown on hover. */
  tooltip: string;
  /** Text past the bar's end (e.g. the value, or a rank). */
  note?: string;
}

/** One panel of a bar chart: its own axis, one bar per row. */
export interface BarPanel {
  /** Written above the panel (may be empty). */
  title: string;
  /** Title of the value axis. */
  axisLabel: string;
  colour: string;
  /** One per row, in row order. */
  bars: Bar[];
}

/** What {@link barChart} draws. */
export interface BarChartSpec {
  /** The chart's accessible title (its hover text). */
  title: string;
  /** Width in pixels. */
  width: number;
  /** Row labels (e.g. model names), top to bottom; cut with `…` when long, in full on hover. */
  rows: string[];
  /** Side-by-side panels sharing the row labels (e.g. sampled and full ranking). */
  panels: BarPanel[];
}

const ROW = 26;
const BAR = 14;
const FONT = 12;
// Room above the rows: for panel titles when there are some, else for the top of the grid.
const TOP_TITLED = 30;
const TOP_PLAIN = 8;
const BOTTOM = 44;

/**
 * A horizontal bar chart as one `<svg>`: one row per label (so long names stay readable, no rotation), one or more
 * panels side by side each with its own value axis from 0, error bars for intervals, a `<title>` tooltip on every
 * bar. Missing or non-finite values draw `n/a` instead of a bar. Time O(rows × panels).
 *
 * @throws RangeError when a panel's bar count differs from the row count, or the width leaves no room to plot.
 * @example
 * ```ts
 * barChart({
 *   title: 'NDCG@10, full ranking',
 *   width: 560,
 *   rows: ['ease', 'neumf'],
 *   panels: [{ title: '', axisLabel: 'NDCG@10', colour: '#D55E00', bars: [
 *     { value: 0.045, low: 0.042, high: 0.048, tooltip: 'ease: 0.0450', note: '0.045' },
 *     { value: 0.033, tooltip: 'neumf: 0.0330', note: '0.033' },
 *   ] }],
 * });
 * ```
 */
export function barChart(spec: BarChartSpec): string {
  const { rows, panels, width } = spec;
  for (const panel of panels) {
    if (panel.bars.length !== rows.length) {
      throw new RangeError(`barChart: panel "${panel.title}" has ${panel.bars.length} bars for ${rows.length} rows`);
    }
  }
  const labelWidth = Math.min(200, Math.max(40, ...rows.map((r) => textWidth(r, FONT))) + 12);
  const gap = 28;
  const panelWidth = (width - labelWidth - 8 - gap * (panels.length - 1)) / Math.max(1, panels.length);
  if (!(panelWidth > 80))
    throw new RangeError(`barChart: a width of ${width} leaves no room for ${panels.length} panels`);
  const top = panels.some((p) => p.title) ? TOP_TITLED : TOP_PLAIN;
  const plotBottom = top + rows.length * ROW;
  const height = plotBottom + BOTTOM;
  const parts: string[] = [];

  rows.forEach((row, r) => {
    const y = top + r * ROW + ROW / 2 + 4;
    parts.push(
      element(
        'text',
        { x: labelWidth - 8, y, 'text-anchor': 'end', class: 'label' },
        tooltip(row),
        escapeHtml(fitText(row, labelWidth - 12, FONT)),
      ),
    );
  });

  panels.forEach((panel, p) => {
    const left = labelWidth + p * (panelWidth + gap);
    // Room on the right for the note past the longest bar.
    const noteRoom = Math.max(0, ...panel.bars.map((b) => (b.note ? textWidth(b.note, 11) + 8 : 0)));
    const ends = panel.bars.flatMap((b) => [b.value, b.low, b.high]).filter(isFiniteNumber);
    const ticks = niceTicks(Math.min(0, ...ends), Math.max(0, ...ends) || 1, Math.max(2, Math.round(panelWidth / 90)));
    const scale = linearScale(ticks.domain, [left, left + panelWidth - noteRoom]);
    if (panel.title) parts.push(text({ x: left, y: 16, class: 'panel-title' }, panel.title));
    parts.push(
      xAxis({ ticks, scale, at: plotBottom, gridTo: top - 4, label: panel.axisLabel, labelAt: plotBottom + 34 }),
    );
    panel.bars.forEach((bar, r) => {
      const mid = top + r * ROW + ROW / 2;
      if (!isFiniteNumber(bar.value)) {
        parts.push(element('text', { x: scale(0) + 4, y: mid + 4, class: 'missing' }, tooltip(bar.tooltip), 'n/a'));
        return;
      }
      const [x0, x1] = [scale(Math.min(0, bar.value)), scale(Math.max(0, bar.value))];
      parts.push(
        element(
          'rect',
          { x: x0, y: mid - BAR / 2, width: Math.max(1, x1 - x0), height: BAR, fill: panel.colour, class: 'bar' },
          tooltip(bar.tooltip),
        ),
      );
      let end = x1;
      if (isFiniteNumber(bar.low) && isFiniteNumber(bar.high)) {
        const [lo, hi] = [scale(bar.low), scale(bar.high)];
        end = Math.max(end, hi);
        parts.push(
          element(
            'g',
            { class: 'error-bar' },
            tooltip(bar.tooltip),
            element('line', { x1: lo, x2: hi, y1: mid, y2: mid }),
            element('line', { x1: lo, x2: lo, y1: mid - 5, y2: mid + 5 }),
            element('line', { x1: hi, x2: hi, y1: mid - 5, y2: mid + 5 }),
          ),
        );
      }
      if (bar.note) parts.push(text({ x: end + 5, y: mid + 4, class: 'note' }, bar.note));
    });
  });
  return svgRoot(spec.title, width, height, ...parts);
}
