import { escapeHtml } from '../escape-html.js';
import { isFiniteNumber } from '../format-number.js';
import { linearScale, niceTicks, type Ticks, xAxis, yAxis } from './axis.js';
import { coord, element, fitText, svgRoot, text, textWidth, tooltip } from './svg.js';

/** A point of a line. */
export interface LinePoint {
  x: number;
  y: number;
  /** Shown on hover over the point's marker; points without one get no marker. */
  tooltip?: string;
}

/** One line of a {@link lineChart}. */
export interface LineSeries {
  /** The legend's text. */
  label: string;
  /** In x order; a non-finite x or y breaks the line there. */
  points: LinePoint[];
  colour: string;
  /** An SVG `stroke-dasharray`, e.g. `'6 3'`. */
  dash?: string;
  /** Drawn thin and pale and left out of the legend (e.g. each seed under their mean). */
  faint?: boolean;
}

/** What {@link lineChart} draws. */
export interface LineChartSpec {
  /** The chart's accessible title (its hover text). */
  title: string;
  width: number;
  /** Height of the plot area (the legend adds its rows below). */
  height: number;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** Vertical dashed lines with a label at the top (e.g. the best epoch). */
  marks?: { x: number; label: string }[];
  /** Whether x takes integer values only (epochs): ticks fall on integers. */
  integerX?: boolean;
}

const FONT = 12;
const LEFT = 64;
const RIGHT = 16;
const TOP = 24;
const AXIS = 46;
const LEGEND_ROW = 20;

/**
 * A line chart as one `<svg>`: one line per series on nice linear axes, markers with `<title>` tooltips where points
 * have them, faint lines for detail under the main ones, dashed vertical marks, and a legend under the plot that wraps
 * into rows (so 12 series do not overlap). Non-finite points break a line and are not drawn; a chart with no finite
 * point says so. Time O(points).
 *
 * @throws RangeError when the width or height leaves no room to plot.
 * @example
 * ```ts
 * lineChart({
 *   title: 'Loss per epoch', width: 560, height: 240, xLabel: 'epoch', yLabel: 'loss', integerX: true,
 *   series: [{ label: 'loss', colour: '#0072B2', points: [{ x: 1, y: 0.69 }, { x: 2, y: 0.41 }] }],
 *   marks: [{ x: 2, label: 'best' }],
 * });
 * ```
 */
export function lineChart(spec: LineChartSpec): string {
  const { width, height, series } = spec;
  const plotRight = width - RIGHT;
  const plotBottom = TOP + height;
  if (!(plotRight - LEFT > 60 && height > 40)) {
    throw new RangeError(`lineChart: ${width} × ${height} leaves no room to plot`);
  }
  const finite = series.flatMap((s) => s.points).filter((p) => isFiniteNumber(p.x) && isFiniteNumber(p.y));
  const marks = (spec.marks ?? []).filter((m) => isFiniteNumber(m.x));
  const legend = legendRows(
    series.filter((s) => !s.faint),
    width - LEFT - RIGHT,
  );
  const totalHeight = plotBottom + AXIS + legend.length * LEGEND_ROW + (legend.length > 0 ? 6 : 0);
  const parts: string[] = [];

  if (finite.length === 0) {
    parts.push(text({ x: width / 2, y: TOP + height / 2, 'text-anchor': 'middle', class: 'missing' }, 'no data'));
    return svgRoot(spec.title, width, totalHeight, ...parts);
  }
  const xs = [...finite.map((p) => p.x), ...marks.map((m) => m.x)];
  const ys = finite.map((p) => p.y);
  const xTicks = spec.integerX
    ? integerTicks(Math.min(...xs), Math.max(...xs))
    : niceTicks(Math.min(...xs), Math.max(...xs));
  const yTicks = niceTicks(Math.min(...ys), Math.max(...ys), Math.max(2, Math.round(height / 50)));
  const x = linearScale(xTicks.domain, [LEFT, plotRight]);
  const y = linearScale(yTicks.domain, [plotBottom, TOP]);
  parts.push(yAxis({ ticks: yTicks, scale: y, at: LEFT, gridTo: plotRight, label: spec.yLabel, labelAt: 14 }));
  parts.push(
    xAxis({ ticks: xTicks, scale: x, at: plotBottom, gridTo: TOP, label: spec.xLabel, labelAt: plotBottom + 36 }),
  );

  for (const mark of marks) {
    const mx = x(mark.x);
    parts.push(element('line', { x1: mx, x2: mx, y1: plotBottom, y2: TOP, class: 'mark' }));
    parts.push(text({ x: mx + 4, y: TOP + 12, class: 'mark-label' }, mark.label));
  }
  // Faint lines first, so the main ones are drawn over them.
  for (const s of [...series.filter((s) => s.faint), ...series.filter((s) => !s.faint)]) {
    for (const segment of segments(s.points)) {
      const d = segment.map((p, i) => `${i === 0 ? 'M' : 'L'}${coord(x(p.x))} ${coord(y(p.y))}`).join(' ');
      parts.push(
        element(
          'path',
          {
            d,
            fill: 'none',
            stroke: s.colour,
            'stroke-width': s.faint ? 1 : 2.25,
            'stroke-dasharray': s.dash,
            opacity: s.faint ? 0.35 : undefined,
          },
          tooltip(s.label),
        ),
      );
    }
    if (s.faint) continue;
    for (const p of s.points) {
      if (!p.tooltip || !isFiniteNumber(p.x) || !isFiniteNumber(p.y)) continue;
      parts.push(
        element('circle', { cx: x(p.x), cy: y(p.y), r: 3, fill: s.colour, class: 'point' }, tooltip(p.tooltip)),
      );
    }
  }
  legend.forEach((row, r) => {
    const ly = plotBottom + AXIS + r * LEGEND_ROW + 10;
    for (const item of row) {
      const lx = LEFT + item.offset;
      parts.push(
        element('line', {
          x1: lx,
          x2: lx + 22,
          y1: ly,
          y2: ly,
          stroke: item.series.colour,
          'stroke-width': 2.5,
          'stroke-dasharray': item.series.dash,
        }),
        element('text', { x: lx + 28, y: ly + 4, class: 'legend' }, tooltip(item.series.label), escapeHtml(item.text)),
      );
    }
  });
  return svgRoot(spec.title, width, totalHeight, ...parts);
}

/** Ticks on whole numbers: every integer over a short range, nice integer steps over a long one. */
function integerTicks(min: number, max: number): Ticks {
  const [lo, hi] = [Math.floor(min), Math.ceil(max)];
  if (hi - lo <= 12) {
    const values = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
    if (values.length === 1) values.push(lo + 1);
    return { domain: [values[0]!, values[values.length - 1]!], values, format: (v) => String(v) };
  }
  return niceTicks(lo, hi, 8);
}

/** Runs of consecutive finite points. */
function segments(points: LinePoint[]): LinePoint[][] {
  const out: LinePoint[][] = [[]];
  for (const p of points) {
    if (isFiniteNumber(p.x) && isFiniteNumber(p.y)) out[out.length - 1]!.push(p);
    else if (out[out.length - 1]!.length > 0) out.push([]);
  }
  return out.filter((s) => s.length > 0);
}

/** Legend entries flowed into rows that fit `width`; long labels cut to a third of it. */
function legendRows(series: LineSeries[], width: number) {
  const rows: { series: LineSeries; text: string; offset: number }[][] = [];
  let row: { series: LineSeries; text: string; offset: number }[] = [];
  let used = 0;
  for (const s of series) {
    const label = fitText(s.label, width / 3, FONT);
    const w = 28 + textWidth(label, FONT) + 18;
    if (row.length > 0 && used + w > width) {
      rows.push(row);
      [row, used] = [[], 0];
    }
    row.push({ series: s, text: label, offset: used });
    used += w;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
