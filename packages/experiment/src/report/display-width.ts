/**
 * Columns a string takes on a terminal: East Asian wide characters and most emoji take two, combining marks and
 * zero-width characters none, everything else one. `String.length` counts UTF-16 units instead, which misaligns a
 * table as soon as a model is named `模型` or `café` (decomposed).
 *
 * An approximation of Unicode's East Asian Width (the common wide blocks), without a table of every code point.
 * Time O(length).
 *
 * @example
 * ```ts
 * displayWidth('ndcg'); // 4
 * displayWidth('模型'); // 4
 * displayWidth('e\u0301'); // 1
 * ```
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (MARK.test(char) || (code >= 0x200b && code <= 0x200d) || code === 0x2060) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

/**
 * Pads `text` with spaces to `width` terminal columns (measured with {@link displayWidth}), on the right (`'left'`
 * alignment) or on the left (`'right'`). Text already as wide or wider is returned as it is.
 *
 * @example
 * ```ts
 * padToWidth('模型', 6, 'left'); // '模型  '
 * padToWidth('0.5', 5, 'right'); // '  0.5'
 * ```
 */
export function padToWidth(text: string, width: number, align: 'left' | 'right'): string {
  const pad = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + pad : pad + text;
}

/**
 * A string safe to print in one terminal cell: control characters (newlines, tabs, ANSI escapes) become `\u{…}`
 * escapes, so a model name cannot break a table's rows or recolour the terminal.
 *
 * @example
 * ```ts
 * terminalSafe('a\nb'); // 'a\\u{a}b'
 * ```
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

// Combining marks and variation selectors; zero-width space and joiners are tested by code point.
const MARK = /^[\p{Mn}\p{Me}]$/u;
// C0 and C1 controls, DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

// The wide blocks: Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK compatibility, fullwidth forms, emoji,
// CJK extension planes.
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function isWide(code: number): boolean {
  if (code < 0x1100) return false;
  for (const [lo, hi] of WIDE) if (code >= lo && code <= hi) return true;
  return false;
}
