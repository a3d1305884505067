import { escapeHtml } from '../escape-html.js';
import { isFiniteNumber } from '../format-number.js';
import { linearScale, logScale, logTicks, niceTicks, xAxis, yAxis } from './axis.js';
import { element, fitText, svgRoot, text, textWidth, tooltip } from './svg.js';

/** One labelled point of a {@link scatterChart}. */
export interface ScatterPoint {
  /** Written beside the point (cut with `…` when long; in full in the tooltip). */
  label: string;
  x: number | undefined;
  y: number | undefined;
  /** The exact values, shown on hover. */
  tooltip: string;
  colour: string;
}

/** What {@link scatterChart} draws. */
export interface ScatterSpec {
  /** The chart's accessible title (its hover text). */
  title: string;
  width: number;
  /** Height of the plot area. */
  height: number;
  xLabel: string;
  yLabel: string;
  /** A log-10 x axis (for times spanning decades); then x must be > 0 to be drawn. */
  logX?: boolean;
  points: ScatterPoint[];
}

const FONT = 12;
const LEFT = 64;
const RIGHT = 24;
const TOP = 16;
const AXIS = 46;

/**
 * A scatter plot as one `<svg>`: one labelled point per entry, with a `<title>` tooltip, on a linear or log-10 x axis.
 * Labels are placed greedily — right of the point, else left, above or below, nudged further out — avoiding the
 * labels and points already placed, so a dozen points stay readable. Points with a missing or non-finite coordinate
 * (or x ≤ 0 on a log axis) are left out and listed under the plot. Time O(points²) for the placement.
 *
 * @throws RangeError when the width or height leaves no room to plot.
 * @example
 * ```ts
 * scatterChart({
 *   title: 'NDCG@10 against fit time', width: 560, height: 300, xLabel: 'fit seconds', yLabel: 'NDCG@10', logX: true,
 *   points: [{ label: 'ease', x: 2.1, y: 0.045, tooltip: 'ease: 2.10 s, 0.0450', colour: '#0072B2' }],
 * });
 * ```
 */
export function scatterChart(spec: ScatterSpec): string {
  const { width, height } = spec;
  const plotRight = width - RIGHT;
  const plotBottom = TOP + height;
  if (!(plotRight - LEFT > 60 && height > 40))
    throw new RangeError(`scatterChart: ${width} × ${height} leaves no room to plot`);
  const drawable = (p: ScatterPoint): p is ScatterPoint & { x: number; y: number } =>
    isFiniteNumber(p.x) && isFiniteNumber(p.y) && (!spec.logX || p.x > 0);
  const shown = spec.points.filter(drawable);
  const left = spec.points.filter((p) => !drawable(p));
  const parts: string[] = [];
  const totalHeight = plotBottom + AXIS + (left.length > 0 ? 18 : 0);
  if (left.length > 0) {
    const names = left.map((p) => p.label).join(', ');
    parts.push(
      text(
        { x: LEFT, y: plotBottom + AXIS + 10, class: 'missing' },
        fitText(`not drawn (no value): ${names}`, width - LEFT, FONT),
      ),
    );
  }
  if (shown.length === 0) {
    parts.push(text({ x: width / 2, y: TOP + height / 2, 'text-anchor': 'middle', class: 'missing' }, 'no data'));
    return svgRoot(spec.title, width, totalHeight, ...parts);
  }
  const xs = shown.map((p) => p.x);
  const ys = shown.map((p) => p.y);
  const xTicks = spec.logX ? logTicks(Math.min(...xs), Math.max(...xs)) : niceTicks(Math.min(...xs), Math.max(...xs));
  const yTicks = niceTicks(Math.min(...ys), Math.max(...ys), Math.max(2, Math.round(height / 50)));
  const x = (spec.logX ? logScale : linearScale)(xTicks.domain, [LEFT, plotRight]);
  const y = linearScale(yTicks.domain, [plotBottom, TOP]);
  parts.push(yAxis({ ticks: yTicks, scale: y, at: LEFT, gridTo: plotRight, label: spec.yLabel, labelAt: 14 }));
  parts.push(
    xAxis({ ticks: xTicks, scale: x, at: plotBottom, gridTo: TOP, label: spec.xLabel, labelAt: plotBottom + 36 }),
  );

  const centres = shown.map((p) => ({ x: x(p.x), y: y(p.y) }));
  const taken: Box[] = centres.map((c) => ({ x0: c.x - 5, y0: c.y - 5, x1: c.x + 5, y1: c.y + 5 }));
  shown.forEach((p, i) => {
    const c = centres[i]!;
    const label = fitText(p.label, 160, FONT);
    const w = textWidth(label, FONT);
    const box = placeLabel(c, w, taken, { x0: LEFT, y0: TOP, x1: plotRight, y1: plotBottom });
    taken.push(box);
    // A label pushed away from its point gets a leader line back to it, from the box's nearest edge point.
    const lx = Math.min(Math.max(c.x, box.x0), box.x1);
    const ly = Math.min(Math.max(c.y, box.y0), box.y1);
    if (Math.hypot(lx - c.x, ly - c.y) > 12)
      parts.push(element('line', { x1: c.x, y1: c.y, x2: lx, y2: ly, class: 'leader' }));
    parts.push(element('circle', { cx: c.x, cy: c.y, r: 5, fill: p.colour, class: 'point' }, tooltip(p.tooltip)));
    parts.push(
      element('text', { x: box.x0, y: box.y1 - 3, class: 'point-label' }, tooltip(p.tooltip), escapeHtml(label)),
    );
  });
  return svgRoot(spec.title, width, totalHeight, ...parts);
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const LABEL_HEIGHT = 14;

/** The first candidate box beside the point that stays in the plot and overlaps nothing placed; else the least bad. */
function placeLabel(c: { x: number; y: number }, w: number, taken: Box[], plot: Box): Box {
  const h = LABEL_HEIGHT;
  const candidates: Box[] = [];
  for (let step = 0; step <= 16; step++) {
    // 0, −1, +1, −2, +2, … rows away.
    const dy = step % 2 === 0 ? step / 2 : -(step + 1) / 2;
    const cy = c.y + dy * h;
    candidates.push(box(c.x + 8, cy - h / 2, w, h), box(c.x - 8 - w, cy - h / 2, w, h));
  }
  candidates.push(box(c.x - w / 2, c.y - 8 - h, w, h), box(c.x - w / 2, c.y + 8, w, h));
  let best = candidates[0]!;
  let bestCost = Infinity;
  for (const b of candidates) {
    const outside =
      Math.max(0, plot.x0 - b.x0) +
      Math.max(0, b.x1 - plot.x1) +
      Math.max(0, plot.y0 - b.y0) +
      Math.max(0, b.y1 - plot.y1);
    const overlap = taken.reduce((sum, t) => sum + overlapArea(b, t), 0);
    const cost = overlap + outside * 50;
    if (cost === 0) return b;
    if (cost < bestCost) [best, bestCost] = [b, cost];
  }
  return best;
}

function box(x0: number, y0: number, w: number, h: number): Box {
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}
