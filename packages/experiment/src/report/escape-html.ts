/**
 * Text made safe for HTML and inline SVG, in element content and in quoted attribute values: `&`, `<`, `>`, `"` and
 * `'` become entities. Every string a report did not write itself (model names, the data's name, settings, reasons)
 * goes through it, so a model named `<script>alert(1)</script>` shows as text instead of running.
 *
 * Time O(length).
 *
 * @param text - any string.
 * @returns the string with the five characters escaped.
 * @throws TypeError when `text` is not a string (an `undefined` name would otherwise print as "undefined").
 * @example
 * ```ts
 * escapeHtml('<b>"MF" & co</b>'); // '&lt;b&gt;&quot;MF&quot; &amp; co&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  if (typeof text !== 'string') throw new TypeError(`escapeHtml: expected a string, got ${typeof text}`);
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
