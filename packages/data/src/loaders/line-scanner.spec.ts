import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFormatError, LineProblem } from './errors.js';
import { scanLines } from './line-scanner.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recsys-scan-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function write(text: string): string {
  const file = path.join(dir, `f${fileCount++}.txt`);
  fs.writeFileSync(file, text);
  return file;
}

async function collect(text: string, options: Parameters<typeof scanLines>[1] = {}) {
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

  it('treats other blank lines as malformed', async () => {
    await expect(collect('a\n\nb\n')).rejects.toMatchObject({ kind: 'columns', line: 2 });
    await expect(collect('a\n\n\n')).rejects.toMatchObject({ kind: 'columns', line: 2 });
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

  it('rejects a missing file with the system error', async () => {
    await expect(scanLines(path.join(dir, 'nope'), {}, () => {})).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
