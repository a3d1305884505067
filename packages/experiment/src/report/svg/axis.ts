import { isFiniteNumber } from '../format-number.js';
import { coord, element, text } from './svg.js';

/** Ticks of an axis: the rounded domain they span and the tick values, ascending. */
export interface Ticks {
  /** The domain the axis shows: from the first tick to the last. */
  domain: [number, number];
  /** Tick values. */
  values: number[];
  /** Formats a tick value with the decimals its step needs. */
  format: (value: number) => string;
}

/**
 * "Nice" linear ticks covering `[min, max]`: steps of 1, 2 or 5 × 10ⁿ, about `count` of them, the domain widened to
 * whole steps (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990). A zero-width range is widened around
 * its value. Time O(ticks).
 *
 * @param count - the number of intervals wanted (a hint), an integer ≥ 1.
 * @throws RangeError when `min` or `max` is not finite, `min > max`, or `count` is not an integer ≥ 1.
 * @example
 * ```ts
 * niceTicks(0, 0.62).values; // [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
 * ```
 */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  if (!isFiniteNumber(min) || !isFiniteNumber(max) || min > max) {
    throw new RangeError(`niceTicks: needs finite min ≤ max, got ${min} and ${max}`);
  }
  if (!(Number.isInteger(count) && count >= 1))
    throw new RangeError(`niceTicks: count must be an integer ≥ 1, got ${count}`);
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    [min, max] = [min - pad, max + pad];
  }
  const step = niceStep((max - min) / count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const values: number[] = [];
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) values.push(round(lo + i * step, decimals + 2));
  return { domain: [values[0]!, values[values.length - 1]!], values, format: (v) => fixedNoMinusZero(v, decimals) };
}

/**
 * Ticks of a log-10 axis covering `[min, max]` (both > 0): the powers of ten around them, plus 2× and 5× between them
 * when the range spans fewer than three decades, so a narrow range still has labels.
 *
 * @throws RangeError when `min` or `max` is not a finite positive number, or `min > max`.
 * @example
 * ```ts
 * logTicks(0.012, 41.3).values; // [0.01, 0.1, 1, 10, 100]
 * ```
 */
export function logTicks(min: number, max: number): Ticks {
  if (!isFiniteNumber(min) || !isFiniteNumber(max) || min <= 0 || min > max) {
    throw new RangeError(`logTicks: needs finite 0 < min ≤ max, got ${min} and ${max}`);
  }
  const lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (hi === lo) hi++;
  const dense = hi - lo < 3;
  const values: number[] = [];
  for (let e = lo; e <= hi; e++) {
    for (const m of dense && e < hi ? [1, 2, 5] : [1]) values.push(round(m * 10 ** e, Math.max(0, -e) + 1));
  }
  return {
    domain: [10 ** lo, 10 ** hi],
    values,
    format: (v) => (v >= 1 ? String(Math.round(v)) : fixedNoMinusZero(v, Math.ceil(-Math.log10(v) - 1e-9))),
  };
}

/** Maps a data value to a pixel position. */
export type Scale = (value: number) => number;

/**
 * A linear map from `domain` to `range` (pixels; `range[0] > range[1]` for a y axis growing upwards).
 *
 * @example
 * ```ts
 * linearScale([0, 1], [300, 20])(0.5); // 160
 * ```
 */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const span = domain[1] - domain[0] || 1;
  return (v) => range[0] + ((v - domain[0]) / span) * (range[1] - range[0]);
}

/**
 * A log-10 map from `domain` (both > 0) to `range`.
 *
 * @example
 * ```ts
 * logScale([1, 100], [0, 200])(10); // 100
 * ```
 */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  const [a, b] = [Math.log10(domain[0]), Math.log10(domain[1])];
  const span = b - a || 1;
  return (v) => range[0] + ((Math.log10(v) - a) / span) * (range[1] - range[0]);
}

/** Where an axis goes and what it says. */
export interface AxisLayout {
  ticks: Ticks;
  scale: Scale;
  /** For an x axis, the y of the axis line; for a y axis, its x. */
  at: number;
  /** The other end of the grid lines (the plot's top for an x axis, its right for a y axis). */
  gridTo: number;
  /** The axis title, under an x axis or rotated left of a y axis. */
  label: string;
  /** Where the title goes, across the axis: its y for an x axis, its x for a y axis. */
  labelAt: number;
}

/**
 * A horizontal axis: grid lines, tick labels under `at`, and its title centred under them.
 *
 * @example
 * ```ts
 * xAxis({ ticks, scale, at: 300, gridTo: 20, label: 'NDCG@10', labelAt: 330 });
 * ```
 */
export function xAxis(axis: AxisLayout): string {
  const { ticks, scale, at, gridTo } = axis;
  const parts = ticks.values.map((v) => {
    const x = scale(v);
    return (
      element('line', { x1: x, x2: x, y1: at, y2: gridTo, class: 'grid' }) +
      text({ x, y: at + 16, 'text-anchor': 'middle', class: 'tick' }, ticks.format(v))
    );
  });
  const [x0, x1] = [scale(ticks.domain[0]), scale(ticks.domain[1])];
  parts.push(element('line', { x1: x0, x2: x1, y1: at, y2: at, class: 'axis' }));
  parts.push(text({ x: (x0 + x1) / 2, y: axis.labelAt, 'text-anchor': 'middle', class: 'axis-label' }, axis.label));
  return element('g', {}, ...parts);
}

/**
 * A vertical axis: grid lines, tick labels left of `at`, and its title rotated, left of them.
 *
 * @example
 * ```ts
 * yAxis({ ticks, scale, at: 60, gridTo: 580, label: 'loss', labelAt: 16 });
 * ```
 */
export function yAxis(axis: AxisLayout): string {
  const { ticks, scale, at, gridTo } = axis;
  const parts = ticks.values.map((v) => {
    const y = scale(v);
    return (
      element('line', { x1: at, x2: gridTo, y1: y, y2: y, class: 'grid' }) +
      text({ x: at - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, ticks.format(v))
    );
  });
  const [y0, y1] = [scale(ticks.domain[0]), scale(ticks.domain[1])];
  parts.push(element('line', { x1: at, x2: at, y1: y0, y2: y1, class: 'axis' }));
  const mid = (y0 + y1) / 2;
  parts.push(
    text(
      {
        x: axis.labelAt,
        y: mid,
        'text-anchor': 'middle',
        transform: `rotate(-90 ${coord(axis.labelAt)} ${coord(mid)})`,
        class: 'axis-label',
      },
      axis.label,
    ),
  );
  return element('g', {}, ...parts);
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power;
}

function round(value: number, decimals: number): number {
  const f = 10 ** Math.min(decimals, 15);
  return Math.round(value * f) / f;
}

function fixedNoMinusZero(value: number, decimals: number): string {
  const s = value.toFixed(Math.min(Math.max(decimals, 0), 20));
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
