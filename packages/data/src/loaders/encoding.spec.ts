import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { invalidUtf8At, lineBytesProblem, rejectUtf16, strayCarriageReturn } from './encoding.js';
import { DataFormatError } from './errors.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('invalidUtf8At', () => {
  it('accepts UTF-8 of every length, and finds the first bad sequence', () => {
    expect(invalidUtf8At(Buffer.from('aé€😀\u{10FFFF}'))).toBe(-1);
    expect(invalidUtf8At(bytes(0x61, 0xe9, 0x62))).toBe(1); // Latin-1 é
    expect(invalidUtf8At(bytes(0x61, 0xc3))).toBe(1); // cut short
    expect(invalidUtf8At(bytes(0xc0, 0x80))).toBe(0); // overlong NUL
    expect(invalidUtf8At(bytes(0xe0, 0x9f, 0xbf))).toBe(0); // overlong 3-byte
    expect(invalidUtf8At(bytes(0xed, 0xa0, 0x80))).toBe(0); // surrogate
    expect(invalidUtf8At(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
    expect(invalidUtf8At(bytes(0x80))).toBe(0); // lone continuation
    // Within a range only.
    expect(invalidUtf8At(bytes(0xff, 0x61, 0xff), 1, 2)).toBe(-1);
    expect(invalidUtf8At(bytes(0x61, 0xc3, 0xa9), 0, 2)).toBe(1);
  });

  it('agrees with Node’s validator on random bytes', () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
    for (let n = 0; n < 5000; n++) {
      const length = next() % 6;
      // Mostly high bytes, where the sequences are.
      const sample = Uint8Array.from({ length }, () => (next() % 4 === 0 ? next() % 0x80 : 0x80 + (next() % 0x80)));
      expect(invalidUtf8At(sample) < 0, Buffer.from(sample).toString('hex')).toBe(isUtf8(sample));
    }
  });
});

describe('lineBytesProblem', () => {
  it('names column and file offset, the first problem in the line winning', () => {
    const line = Buffer.from('ab\x00c\xe9', 'latin1');
    expect(lineBytesProblem('dir/u.data', line, 0, line.length, 100)?.problem).toMatch(
      /^NUL byte at column 3 \(file offset 102\).*UTF-16.*iconv -f utf-16le -t utf-8 u\.data > u\.data\.utf8/,
    );
    expect(lineBytesProblem('u.data', line, 3, line.length, 50)?.problem).toMatch(
      /^not UTF-8: byte E9 at column 2 \(file offset 51\).*iconv -f latin1 -t utf-8 u\.data/,
    );
    const bom = Buffer.from('1\uFEFF2');
    expect(lineBytesProblem('f', bom, 0, bom.length, 0)).toMatchObject({ kind: 'encoding' });
    expect(lineBytesProblem('f', bom, 0, bom.length, 0)?.problem).toMatch(/^byte-order mark.*column 2/);
    expect(lineBytesProblem('f', Buffer.from('fine é'), 0, 7, 0)).toBeUndefined();
  });
});

describe('strayCarriageReturn', () => {
  it('flags a CR inside a line with its byte column, and leaves whitespace-only lines alone', () => {
    expect(strayCarriageReturn('é\rx', () => 10)?.problem).toMatch(/^carriage return at column 3 \(file offset 12\)/);
    expect(strayCarriageReturn(' \r\t', () => 0)).toBeUndefined();
    expect(strayCarriageReturn('plain', () => 0)).toBeUndefined();
  });
});

describe('rejectUtf16', () => {
  it('throws for either UTF-16 byte-order mark, for the whole file', () => {
    expect(() => rejectUtf16('x.csv', bytes(0xff, 0xfe, 0x31, 0))).toThrow(/little-endian.*FF FE/);
    const error = (() => {
      try {
        rejectUtf16('x.csv', bytes(0xfe, 0xff));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error).toMatchObject({ kind: 'encoding', line: 0 });
    expect(() => rejectUtf16('x.csv', bytes(0xef, 0xbb, 0xbf))).not.toThrow();
    expect(() => rejectUtf16('x.csv', bytes())).not.toThrow();
  });
});
