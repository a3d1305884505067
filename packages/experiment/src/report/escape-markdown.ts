/**
 * Text made safe for a GitHub-flavoured Markdown table cell or line: `|` (which would end the cell), the characters
 * that start emphasis, code, links or headings, and backslashes get a backslash; `<` and `&` become entities (raw
 * HTML would be rendered or stripped); newlines become spaces (a cell is one line).
 *
 * Time O(length).
 *
 * @throws TypeError when `text` is not a string.
 * @example
 * ```ts
 * escapeMarkdown('a|b *c* <d>'); // 'a\\|b \\*c\\* &lt;d&gt;'
 * ```
 */
export function escapeMarkdown(text: string): string {
  if (typeof text !== 'string') throw new TypeError(`escapeMarkdown: expected a string, got ${typeof text}`);
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]|#~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
