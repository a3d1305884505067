import { basename } from 'node:path';
import { DataFormatError, LineProblem } from './errors.js';

const NUL = 0x00;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * The index of the first byte in `bytes[start, end)` that does not begin a well-formed UTF-8 sequence (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut short), or -1 when all of it is UTF-8.
 */
export function invalidUtf8At(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let trail: number;
    // The first continuation byte's range is narrower after some leads (Unicode table 3-7).
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) trail = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      trail = 2;
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      trail = 3;
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= trail; k++) {
      const byte = i + k < end ? bytes[i + k] : -1;
      if (byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return i;
    }
    i += trail + 1;
  }
  return -1;
}

/**
 * Throws when `bytes` (a file's first bytes) start with a UTF-16 byte-order mark: the whole file is then text this
 * reader cannot decode, and reading it line by line would only report every line as garbage.
 * @throws DataFormatError of kind `'encoding'` for line 0 (the whole file).
 */
export function rejectUtf16(file: string, bytes: Uint8Array): void {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return;
  const name = basename(file);
  throw new DataFormatError(
    file,
    0,
    'encoding',
    `the file is UTF-16 (${le ? 'little' : 'big'}-endian: it starts with the byte-order mark ${le ? 'FF FE' : 'FE FF'}), ` +
      `not UTF-8; convert it, e.g. iconv -f utf-16 -t utf-8 ${name} > ${name}.utf8`,
  );
}

/** Whether `bytes` start with the UTF-8 byte-order mark EF BB BF. */
export function startsWithBom(bytes: Uint8Array, start = 0): boolean {
  return bytes[start] === BOM[0] && bytes[start + 1] === BOM[1] && bytes[start + 2] === BOM[2];
}

/**
 * What keeps the line `bytes[start, end)` (without its line ending) from being UTF-8 text, or undefined: invalid UTF-8,
 * a NUL byte or a byte-order mark, whichever comes first. A carriage return is checked on the decoded text
 * ({@link strayCarriageReturn}), since a whitespace-only line may hold one.
 *
 * @param file - the file, named in the suggested conversion.
 * @param offset - the file offset of `bytes[start]`, for the message.
 */
export function lineBytesProblem(
  file: string,
  bytes: Uint8Array,
  start: number,
  end: number,
  offset: number,
): LineProblem | undefined {
  const invalid = invalidUtf8At(bytes, start, end);
  let nul = -1;
  let bom = -1;
  for (let i = start; i < (invalid < 0 ? end : invalid); i++) {
    if (bytes[i] === NUL) {
      nul = i;
      break;
    }
    if (bytes[i] === BOM[0] && i + 2 < end && startsWithBom(bytes, i)) {
      bom = i;
      break;
    }
  }
  const name = basename(file);
  const where = (i: number): string => `column ${i - start + 1} (file offset ${offset + i - start})`;
  if (nul >= 0) {
    return new LineProblem(
      'encoding',
      `NUL byte at ${where(nul)}: this is not UTF-8 text (UTF-16 without a byte-order mark? convert it, e.g. ` +
        `iconv -f utf-16le -t utf-8 ${name} > ${name}.utf8)`,
    );
  }
  if (bom >= 0) {
    return new LineProblem(
      'encoding',
      `byte-order mark (EF BB BF) at ${where(bom)} inside the file, as left by joining files: remove it`,
    );
  }
  if (invalid >= 0) {
    const hex = bytes[invalid].toString(16).toUpperCase().padStart(2, '0');
    return new LineProblem(
      'encoding',
      `not UTF-8: byte ${hex} at ${where(invalid)} is not valid UTF-8; the file is in another encoding ` +
        `(Latin-1?): convert it, e.g. iconv -f latin1 -t utf-8 ${name} > ${name}.utf8`,
    );
  }
  return undefined;
}

/**
 * The problem with a decoded line holding a carriage return that does not end it (lines end in LF or CRLF), or
 * undefined. A whitespace-only line is left alone: it is blank, whatever its whitespace.
 *
 * @param offset - the file offset of the line's first byte, for the message (called only when there is a problem).
 * @param byteLength - the bytes a text takes in the file's encoding (UTF-8 by default), for the column.
 */
export function strayCarriageReturn(
  text: string,
  offset: () => number,
  byteLength: (text: string) => number = Buffer.byteLength,
): LineProblem | undefined {
  const at = text.indexOf('\r');
  if (at < 0 || text.trim() === '') return undefined;
  const column = byteLength(text.slice(0, at)) + 1;
  return new LineProblem(
    'encoding',
    `carriage return at column ${column} (file offset ${offset() + column - 1}) inside a line: lines end in LF or CRLF ` +
      `(a file with old Mac CR line endings needs converting, e.g. tr '\\r' '\\n')`,
  );
}
