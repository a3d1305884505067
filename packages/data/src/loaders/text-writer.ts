import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const CHUNK_CHARS = 1 << 16;

/**
 * Writes `lines` (each without its newline) to `path`, each followed by `\n`, in chunks and with back-pressure, so
 * the whole text is never one string.
 *
 * @example
 * ```ts
 * await writeLines('out.txt', (function* () { yield 'a'; yield 'b'; })());
 * ```
 */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  function* chunks(): Generator<string> {
    let chunk = '';
    for (const line of lines) {
      chunk += line + '\n';
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
}

/** The shortest decimal text that reads back as the same float32 `value`. */
export function formatFloat32(value: number): string {
  if (Number.isInteger(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(value);
}
