import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const CHUNK_CHARS = 1 << 16;

/**
 * Writes `lines` (each without its newline) to `path`, each followed by `\n`, in chunks and with back-pressure, so
 * the whole text is never one string. The text goes to a temporary file beside `path`, renamed over it at the end: a
 * failure (or a throwing `lines`) leaves the previous file as it was, never half a file.
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
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await pipeline(Readable.from(chunks()), createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
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
