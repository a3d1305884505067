import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFormatError, LineProblem } from './errors.js';
import { MAX_QUOTED_RECORD, scanLines } from './line-scanner.js';
import { quoteState } from './quoted-fields.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recsys-scan-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function write(text: string | Uint8Array): string {
  const file = path.join(dir, `f${fileCount++}.txt`);
  fs.writeFileSync(file, text);
  return file;
}

async function collect(text: string | Uint8Array, options: Parameters<typeof scanLines>[1] = {}) {
  const seen: [number, string][] = [];
  const summary = await scanLines(write(text), options, (line, n) => {
    if (line.startsWith('bad')) throw new LineProblem('number', 'bad line');
    seen.push([n, line]);
  });
  return { seen, summary };
}

describe('scanLines', () => {
  it('hands each line with its 1-based number, with or without a final newline, CRLF or LF', async () => {
    expect((await collect('a\nb\n')).seen).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect((await collect('a\r\nb')).seen).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('drops a byte-order mark and ignores one final empty line', async () => {
    const { seen, summary } = await collect('\uFEFFa\nb\n\n');
    expect(seen).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(summary.lines).toBe(2);
  });

  it('reads a file ending in any number of blank or whitespace-only lines like the file without them', async () => {
    const plain = await collect('a\nb\n');
    for (const tail of ['\n\n', '\n\n\n', ' \n\t\n', '\r\n\r\n\r\n', '\n  ', '\u00A0\n\u3000']) {
      expect(await collect(`a\nb\n${tail}`), JSON.stringify(tail)).toEqual(plain);
      expect(await collect(`a\nb\n${tail}`, { lenient: true }), JSON.stringify(tail)).toEqual(plain);
    }
    await expect(collect('\n\n \n')).rejects.toMatchObject({ kind: 'empty' });
  });

  it('treats blank lines before a data line as malformed, each one in lenient mode', async () => {
    await expect(collect('a\n\nb\n')).rejects.toMatchObject({ kind: 'columns', line: 2 });
    await expect(collect('a\n \n\t\nb\n\n')).rejects.toMatchObject({ kind: 'columns', line: 2 });
    const { seen, summary } = await collect('a\n\n \nb\n\n\n', { lenient: true });
    expect(seen.map(([n]) => n)).toEqual([1, 4]);
    expect(summary.lines).toBe(4);
    expect(summary.skips.examples.map((e) => [e.line, e.kind])).toEqual([
      [2, 'columns'],
      [3, 'columns'],
    ]);
  });

  it('wraps a LineProblem into a DataFormatError naming file and line', async () => {
    const error = await collect('a\nbad\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as DataFormatError).message).toMatch(/^f\d+\.txt:2: bad line$/);
    expect((error as DataFormatError).file).toContain(dir);
  });

  it('in lenient mode skips, counts and lists malformed lines', async () => {
    const { seen, summary } = await collect('a\nbad\n\nc\n', { lenient: true });
    expect(seen.map(([n]) => n)).toEqual([1, 4]);
    expect(summary.lines).toBe(4);
    expect(summary.skips.count).toBe(2);
    expect(summary.skips.byKind).toEqual({ number: 1, columns: 1 });
    expect(summary.skips.examples.map((e) => e.line)).toEqual([2, 3]);
  });

  it('keeps only the first 10 examples but counts all skips', async () => {
    const { summary } = await collect('bad\n'.repeat(25), { lenient: true });
    expect(summary.skips.count).toBe(25);
    expect(summary.skips.examples).toHaveLength(10);
  });

  it('an empty file is an error unless lenient', async () => {
    await expect(collect('')).rejects.toMatchObject({ kind: 'empty', line: 0 });
    await expect(collect('\n')).rejects.toMatchObject({ kind: 'empty' });
    expect((await collect('', { lenient: true })).summary.lines).toBe(0);
  });

  it('passes the header to onHeader and not to onLine', async () => {
    const headers: string[] = [];
    const lines: string[] = [];
    const file = write('user,item\n1,2\n');
    const summary = await scanLines(
      file,
      { header: true },
      (text) => lines.push(text),
      (text) => headers.push(text),
    );
    expect(headers).toEqual(['user,item']);
    expect(lines).toEqual(['1,2']);
    expect(summary.lines).toBe(1);
    await expect(scanLines(write('user,item\n'), { header: true }, () => {})).rejects.toMatchObject({ kind: 'empty' });
  });

  it('reports progress every N lines and at the end', async () => {
    const calls: number[] = [];
    await collect('x\n'.repeat(5), { onProgress: (n) => calls.push(n), progressEvery: 2 });
    expect(calls).toEqual([2, 4, 5]);
  });

  it('keeps multi-byte characters split across read chunks and lines longer than a chunk', async () => {
    const lines = Array.from({ length: 30_000 }, (_, k) => `é${k}😀ü`);
    lines[1234] = 'x'.repeat(300_000) + 'é';
    const { seen } = await collect(lines.join('\r\n'));
    expect(seen.map(([, text]) => text)).toEqual(lines);
  });

  it('rejects bytes that are not UTF-8, naming line, column and file offset, and suggesting iconv', async () => {
    const latin1 = Buffer.from('ok\ncaf\xE9\n', 'latin1');
    const error = (await collect(latin1).catch((e: unknown) => e)) as DataFormatError;
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error).toMatchObject({ kind: 'encoding', line: 2 });
    expect(error.message).toMatch(/^f\d+\.txt:2: .*not UTF-8.*column 4.*offset 6/);
    expect(error.message).toContain('iconv -f latin1 -t utf-8');
    // Truncated, overlong and surrogate sequences are invalid too.
    for (const bytes of [[0x61, 0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      await expect(collect(Uint8Array.from([...bytes, 0x0a]))).rejects.toMatchObject({ kind: 'encoding', line: 1 });
    }
  });

  it('in lenient mode skips and counts lines that are not UTF-8', async () => {
    const { seen, summary } = await collect(Buffer.from('a\nb\xE9\nc\n', 'latin1'), { lenient: true });
    expect(seen.map(([n]) => n)).toEqual([1, 3]);
    expect(summary.lines).toBe(3);
    expect(summary.skips.byKind).toEqual({ encoding: 1 });
  });

  it('rejects a UTF-16 file as UTF-16, even in lenient mode', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('1\t2\n', 'utf16le')]);
    const be = Buffer.from([0xfe, 0xff, 0, 0x31, 0, 0x0a]);
    for (const bytes of [le, be]) {
      const error = (await collect(bytes, { lenient: true }).catch((e: unknown) => e)) as DataFormatError;
      expect(error).toMatchObject({ kind: 'encoding', line: 0 });
      expect(error.message).toMatch(/UTF-16.*iconv -f utf-16 -t utf-8/);
    }
    // Without a byte-order mark, UTF-16 shows as NUL bytes.
    const bare = await collect(Buffer.from('1\t2\n', 'utf16le')).catch((e: unknown) => e);
    expect(bare).toMatchObject({ kind: 'encoding', line: 1 });
    expect((bare as Error).message).toMatch(/NUL byte.*UTF-16/);
  });

  it('rejects a carriage return or byte-order mark inside a line', async () => {
    await expect(collect('a\r\nb\rc\r\n')).rejects.toMatchObject({ kind: 'encoding', line: 2 });
    await expect(collect('a\r\nb\rc\r\n')).rejects.toThrow(/carriage return at column 2/);
    await expect(collect('a\n\uFEFFb\n')).rejects.toMatchObject({ kind: 'encoding', line: 2 });
    await expect(collect('\uFEFF\uFEFFa\n')).rejects.toMatchObject({ kind: 'encoding', line: 1 });
    // A whitespace-only line is blank, CRs and all.
    expect((await collect('a\n\r\r\n')).summary.lines).toBe(1);
  });

  describe('with quoted fields (options.quoteState)', () => {
    const quoted = (text: string | Uint8Array, options: Parameters<typeof scanLines>[1] = {}) =>
      collect(text, { ...options, quoteState: (line, continuing) => quoteState(line, ',', continuing) });

    it('joins the lines of a record with LF, blank ones included, numbering it by its first line', async () => {
      const { seen, summary } = await quoted('a\n"b\n\n c",d\r\ne,"f\r\n"\ng\n');
      expect(seen).toEqual([
        [1, 'a'],
        [2, '"b\n\n c",d'],
        [5, 'e,"f\n"'],
        [7, 'g'],
      ]);
      expect(summary.lines).toBe(7);
      // Without quoteState each line is a record.
      expect((await collect('"b\nc"\n')).seen).toEqual([
        [1, '"b'],
        [2, 'c"'],
      ]);
    });

    it('joins the header too', async () => {
      const headers: string[] = [];
      await scanLines(
        write('"user\nid",item\n1,2\n'),
        { header: true, quoteState: (line, continuing) => quoteState(line, ',', continuing) },
        () => {},
        (text) => headers.push(text),
      );
      expect(headers).toEqual(['"user\nid",item']);
    });

    it('fails a record left open at the end at its first line, naming the line the quote opened on', async () => {
      await expect(quoted('a\n"b\nc\n')).rejects.toMatchObject({
        kind: 'columns',
        line: 2,
        problem: expect.stringMatching(/^the quoted field opened on this line is not closed by the end of the file/),
      });
      await expect(quoted('"a\nb",c,"d\ne\n')).rejects.toMatchObject({
        line: 1,
        problem: expect.stringMatching(/^the quoted field opened on line 2 is not closed/),
      });
      // Blank lines before it are reported first.
      await expect(quoted('a\n\n"b\n')).rejects.toMatchObject({ line: 2, problem: 'blank line' });
    });

    it('in lenient mode skips only the line that opened it and reads the lines after it again', async () => {
      // Line 2 opens a field; line 4 closes it (with text after the quote) and opens another, open to the end.
      const text = 'a\n"b\nc\nx"y,"z\ne\n\n';
      await expect(quoted(text)).rejects.toMatchObject({
        line: 2,
        problem: expect.stringMatching(/^the quoted field opened on line 4 is not closed by the end of the file/),
      });
      const { seen, summary } = await quoted(text, { lenient: true });
      // Read again from line 3: line 4 opens a field never closed, so line 5 is read again too; the blank line
      // ends the file.
      expect(seen).toEqual([
        [1, 'a'],
        [3, 'c'],
        [5, 'e'],
      ]);
      expect(summary.lines).toBe(5);
      expect(summary.skips.examples.map((e) => [e.line, e.kind])).toEqual([
        [2, 'columns'],
        [4, 'columns'],
      ]);
    });

    it(`gives up a quoted field open after ${MAX_QUOTED_RECORD} characters`, async () => {
      const long = 'x'.repeat(1000);
      const lines = ['a', '"b', ...Array.from({ length: Math.ceil(MAX_QUOTED_RECORD / 1000) }, () => long), 'c"'];
      await expect(quoted(lines.join('\n'))).rejects.toMatchObject({
        line: 2,
        problem: expect.stringMatching(
          /^the quoted field opened on this line is not closed within 1,048,576 characters/,
        ),
      });
      const { seen, summary } = await quoted(lines.join('\n'), { lenient: true });
      // Every line but the second is a record again, the last too: a quote inside an unquoted field is text.
      expect(seen).toHaveLength(lines.length - 1);
      expect(summary.skips.examples.map((e) => e.line)).toEqual([2]);
    });

    it('makes a record with a line that is not text an encoding problem at that line', async () => {
      const file = Buffer.from('a\n"b\nc\xE9\nd"\ne\n', 'latin1');
      await expect(quoted(file)).rejects.toMatchObject({ kind: 'encoding', line: 3 });
      const { seen, summary } = await quoted(file, { lenient: true });
      // Lines 2 and 3 are the bad record; line 4 is read as a record of its own.
      expect(seen).toEqual([
        [1, 'a'],
        [4, 'd"'],
        [5, 'e'],
      ]);
      expect(summary.lines).toBe(5);
      expect(summary.skips.examples.map((e) => [e.line, e.kind])).toEqual([[3, 'encoding']]);
    });
  });

  it('rejects a missing file with the system error', async () => {
    await expect(scanLines(path.join(dir, 'nope'), {}, () => {})).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
