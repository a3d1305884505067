import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { lineBytesProblem, rejectUtf16, startsWithBom, strayCarriageReturn } from './encoding.js';
import { LineProblem } from './errors.js';

/** Bytes read per call; a longer line grows the buffer. */
export const READ_CHUNK_BYTES = 1 << 16;

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * How the line reader under every loader decodes a file: `'utf8'` strictly (the default), or `'latin1'`, one
 * character per byte (ISO 8859-1), for files published in it such as MovieLens' `u.item`. Every byte is Latin-1, so
 * only NUL bytes (and CRs inside a line) are problems there.
 */
export type TextEncoding = 'utf8' | 'latin1';

/** Where {@link readLines} sends each line. */
export interface LineSink {
  /** A line of UTF-8 text, without its line ending, with its 1-based number. */
  text(text: string, line: number): void;
  /** A line that is not UTF-8 text (kind `'encoding'`), with its 1-based number. */
  problem(line: number, problem: LineProblem): void;
}

/**
 * Reads a file as UTF-8 lines, strictly: a line ends at LF (a CR before it, or before the end of the file, belongs to
 * the line ending) or at the end of the file, a byte-order mark at the start is dropped, and a line holding invalid
 * UTF-8, a NUL byte, a byte-order mark or a CR inside it goes to `sink.problem`, never decoded with replacement
 * characters (which would merge distinct ids). A file ending in LF has no empty line after it.
 *
 * It works on bytes: each read is checked as a whole (one fast UTF-8 validation) and decoded in one call, and only a
 * read holding a problem is taken apart line by line to say where.
 *
 * With `encoding: 'latin1'` each byte is one character and no byte is invalid; a NUL byte is still a problem (the
 * file is then UTF-16 or binary), and a UTF-16 byte-order mark still refuses the file.
 *
 * @param file - the file's path.
 * @param sink - receives the lines in order.
 * @param encoding - `'utf8'` (default) or `'latin1'`.
 * @throws DataFormatError of kind `'encoding'` (line 0) for a UTF-16 file (one starting with a UTF-16 byte-order mark).
 */
export async function readLines(file: string, sink: LineSink, encoding: TextEncoding = 'utf8'): Promise<void> {
  const handle = await open(file, 'r');
  let line = 0;
  const latin1 = encoding === 'latin1';
  const byteLength = (text: string): number => (latin1 ? text.length : Buffer.byteLength(text));

  // `body` holds whole lines: each ends in LF, except the last one at the end of the file. `offset` is its file offset.
  const emitClean = (body: Buffer, offset: number): void => {
    const text = body.toString(encoding);
    const hasCr = body.indexOf(CR) >= 0;
    for (let pos = 0; pos < text.length;) {
      let next = text.indexOf('\n', pos);
      if (next < 0) next = text.length;
      let end = next;
      if (hasCr && end > pos && text.charCodeAt(end - 1) === CR) end--;
      const lineText = text.slice(pos, end);
      line++;
      const start = pos;
      const problem = hasCr
        ? strayCarriageReturn(lineText, () => offset + byteLength(text.slice(0, start)), byteLength)
        : undefined;
      if (problem) sink.problem(line, problem);
      else sink.text(lineText, line);
      pos = next + 1;
    }
  };
  const emitByLine = (body: Buffer, offset: number): void => {
    for (let pos = 0; pos < body.length;) {
      let next = body.indexOf(LF, pos);
      if (next < 0) next = body.length;
      let end = next;
      if (end > pos && body[end - 1] === CR) end--;
      line++;
      const start = pos;
      const problem =
        (latin1
          ? nulProblem(body, start, end, offset + start)
          : lineBytesProblem(file, body, start, end, offset + start)) ??
        strayCarriageReturn(body.toString(encoding, start, end), () => offset + start, byteLength);
      if (problem) sink.problem(line, problem);
      else sink.text(body.toString(encoding, start, end), line);
      pos = next + 1;
    }
  };
  const emit = (body: Buffer, offset: number): void => {
    if (latin1) {
      if (body.indexOf(NUL) < 0) emitClean(body, offset);
      else emitByLine(body, offset);
      return;
    }
    const clean = isUtf8(body) && body.indexOf(NUL) < 0 && (body.indexOf(BOM[0]) < 0 || body.indexOf(BOM) < 0);
    if (clean) emitClean(body, offset);
    else emitByLine(body, offset);
  };

  try {
    let buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let filled = 0; // bytes of `buffer` holding file data
    let base = 0; // file offset of buffer[0]
    let atStart = true;
    for (;;) {
      if (filled === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, filled);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      const eof = bytesRead === 0;
      filled += bytesRead;
      if (atStart) {
        if (filled < 3 && !eof) continue;
        atStart = false;
        rejectUtf16(file, buffer.subarray(0, filled));
        if (filled >= 3 && startsWithBom(buffer)) {
          buffer.copyWithin(0, 3, filled);
          filled -= 3;
          base = 3;
        }
      }
      const end = eof ? filled : filled > 0 ? buffer.lastIndexOf(LF, filled - 1) + 1 : 0;
      if (end > 0) {
        emit(buffer.subarray(0, end), base);
        buffer.copyWithin(0, end, filled);
        filled -= end;
        base += end;
      }
      if (eof) return;
    }
  } finally {
    await handle.close();
  }
}

/** A NUL byte in a Latin-1 line, which no text file holds (UTF-16 without a byte-order mark, or binary data). */
function nulProblem(bytes: Uint8Array, start: number, end: number, offset: number): LineProblem | undefined {
  for (let i = start; i < end; i++) {
    if (bytes[i] === NUL) {
      return new LineProblem(
        'encoding',
        `NUL byte at column ${i - start + 1} (file offset ${offset + i - start}): this is not Latin-1 text ` +
          '(UTF-16 or binary data?)',
      );
    }
  }
  return undefined;
}
