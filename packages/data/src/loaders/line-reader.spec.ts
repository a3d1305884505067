import { describe, expect, it } from 'vitest';
import { readLines, READ_CHUNK_BYTES, type TextEncoding } from './line-reader.js';
import { testFiles } from './test-files.js';
import * as fs from 'node:fs';

const write = testFiles('reader');

/** The lines of `bytes`: text, or `!kind: problem` for a bad line. */
async function read(bytes: string | Uint8Array, encoding?: TextEncoding): Promise<string[]> {
  const file = write('f.txt', '');
  fs.writeFileSync(file, bytes);
  const seen: string[] = [];
  await readLines(
    file,
    {
      text: (text, line) => seen.push(`${line}:${text}`),
      problem: (line, problem) => seen.push(`${line}!${problem.kind}: ${problem.problem}`),
    },
    encoding,
  );
  return seen;
}

describe('readLines', () => {
  it('splits on LF, drops a CR before it (or before the end), and has no line after a final LF', async () => {
    expect(await read('a\nb\r\nc')).toEqual(['1:a', '2:b', '3:c']);
    expect(await read('a\r\n\r\nb\r')).toEqual(['1:a', '2:', '3:b']);
    expect(await read('a\n')).toEqual(['1:a']);
    expect(await read('\n')).toEqual(['1:']);
    expect(await read('')).toEqual([]);
  });

  it('drops a UTF-8 byte-order mark at the start only', async () => {
    expect(await read('\uFEFFa\nb')).toEqual(['1:a', '2:b']);
    expect(await read('\uFEFF')).toEqual([]);
    expect((await read('a\n\uFEFFb'))[1]).toMatch(/^2!encoding: byte-order mark/);
  });

  it('reports bad lines in place and still decodes their neighbours in the same read', async () => {
    const seen = await read(Buffer.from('\xc3\xa91\nx\xff\n\x00\nb\rc\n\r\t\r\nlast', 'latin1'));
    expect(seen[0]).toBe('1:é1'); // bytes C3 A9: UTF-8 for é
    expect(seen[1]).toMatch(/^2!encoding: not UTF-8: byte FF at column 2 \(file offset 5\)/);
    expect(seen[2]).toMatch(/^3!encoding: NUL byte at column 1 \(file offset 7\)/);
    expect(seen[3]).toMatch(/^4!encoding: carriage return at column 2 \(file offset 10\)/);
    expect(seen.slice(4)).toEqual(['5:\r\t', '6:last']);
  });

  it('counts file offsets across reads and grows for a line longer than a read', async () => {
    const long = 'y'.repeat(3 * READ_CHUNK_BYTES);
    const text = `${'x'.repeat(READ_CHUNK_BYTES - 2)}\n${long}\nab\xffc\n`;
    const seen = await read(Buffer.from(text, 'latin1'));
    expect(seen[1]).toBe(`2:${long}`);
    expect(seen[2]).toMatch(
      new RegExp(`^3!encoding: .*column 3 \\(file offset ${READ_CHUNK_BYTES + long.length + 2}\\)`),
    );
  });

  it('rejects a UTF-16 file before reading lines', async () => {
    await expect(read(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).rejects.toMatchObject({ kind: 'encoding', line: 0 });
  });

  it("reads Latin-1 with encoding 'latin1': one character per byte, NUL and inner CR still problems", async () => {
    const latin1 = Buffer.from('543|Mis\xe9rables|0\r\n1|Caf\xe9 \xe0 la\n', 'latin1');
    expect(await read(latin1, 'latin1')).toEqual(['1:543|Misérables|0', '2:1|Café à la']);
    expect((await read(latin1))[0]).toMatch(/^1!encoding: not UTF-8: byte E9/);
    expect(await read(Buffer.from('a\nb\x00c\nd\re\n', 'latin1'), 'latin1')).toEqual([
      '1:a',
      '2!encoding: NUL byte at column 2 (file offset 3): this is not Latin-1 text (UTF-16 or binary data?)',
      '3!encoding: carriage return at column 2 (file offset 7) inside a line: lines end in LF or CRLF ' +
        "(a file with old Mac CR line endings needs converting, e.g. tr '\\r' '\\n')",
    ]);
    expect(await read(Buffer.from('\xe9\xe9\rx\n', 'latin1'), 'latin1')).toEqual([
      expect.stringContaining('1!encoding: carriage return at column 3 (file offset 2)'),
    ]);
  });
});
