import { displayWidth } from '../display-width.js';
import { escapeHtml } from '../escape-html.js';

/** Attribute values of an SVG element: strings are escaped, numbers written by {@link coord}; `undefined` is left out. */
export type SvgAttributes = { [name: string]: string | number | undefined };

/**
 * A number as an SVG coordinate or length: at most two decimals, no `-0`. Refuses a non-finite number, so no chart
 * can print `NaN` into a path: charts drop missing values before they reach here, and anything else is a bug.
 *
 * @throws RangeError naming the value when it is not a finite number.
 * @example
 * ```ts
 * coord(12.3456); // '12.35'
 * ```
 */
export function coord(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`svg: a coordinate must be a finite number, got ${String(value)}`);
  }
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * One SVG (or HTML) element as text: attributes escaped, children joined. A `title` child gives a hover tooltip.
 *
 * @param children - already-rendered children; escape text with {@link escapeHtml} first (see {@link text}).
 * @example
 * ```ts
 * element('rect', { x: 0, y: 0, width: 10, height: 5, fill: '#0072B2' }); // '<rect x="0" y="0" … />'
 * ```
 */
export function element(name: string, attributes: SvgAttributes, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? coord(v) : escapeHtml(v!)}"`)
    .join('');
  return children.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${children.join('')}</${name}>`;
}

/**
 * A `<text>` element whose content is escaped.
 *
 * @example
 * ```ts
 * text({ x: 4, y: 12 }, '<script>'); // '<text x="4" y="12">&lt;script&gt;</text>'
 * ```
 */
export function text(attributes: SvgAttributes, content: string): string {
  return element('text', attributes, escapeHtml(content));
}

/**
 * A `<title>` child: the tooltip a browser shows on hover, escaped.
 *
 * @example
 * ```ts
 * element('circle', { cx: 1, cy: 2, r: 3 }, tooltip('ease: 0.3412'));
 * ```
 */
export function tooltip(content: string): string {
  return element('title', {}, escapeHtml(content));
}

/**
 * An estimate of a text's width in pixels in a sans-serif font: 0.6 em per column (a little wide on purpose, so
 * labels placed by it do not collide). No font metrics exist in a string renderer.
 *
 * @example
 * ```ts
 * textWidth('neumf', 12); // 36
 * ```
 */
export function textWidth(content: string, fontSize: number): number {
  return displayWidth(content) * fontSize * 0.6;
}

/**
 * The text cut with `…` to fit `maxWidth` pixels (by {@link textWidth}); the full text belongs in a tooltip.
 *
 * @example
 * ```ts
 * fitText('a-very-long-model-name', 60, 12); // 'a-very-l…'
 * ```
 */
export function fitText(content: string, maxWidth: number, fontSize: number): string {
  if (textWidth(content, fontSize) <= maxWidth) return content;
  const chars = [...content];
  while (chars.length > 1 && textWidth(chars.join('') + '…', fontSize) > maxWidth) chars.pop();
  return chars.join('') + '…';
}

/**
 * The root `<svg>` of a chart, for inline use in HTML (so without `xmlns`): a viewBox of `width × height` that scales down to its container, an accessible title
 * (its first child, which is also the tooltip of empty areas), and the chart's font.
 *
 * @example
 * ```ts
 * svgRoot('NDCG@10 per model', 600, 300, '<rect …/>');
 * ```
 */
export function svgRoot(title: string, width: number, height: number, ...children: string[]): string {
  return element(
    'svg',
    {
      viewBox: `0 0 ${coord(width)} ${coord(height)}`,
      width: coord(width),
      height: coord(height),
      role: 'img',
      'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      'font-size': 12,
      class: 'chart',
    },
    tooltip(title),
    ...children,
  );
}
