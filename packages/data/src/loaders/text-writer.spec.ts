import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFloat32, writeLines } from './text-writer.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recsys-writer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeLines', () => {
  it('writes every line with a newline, across chunk boundaries', async () => {
    const file = path.join(dir, 'out.txt');
    const lines = Array.from({ length: 20_000 }, (_, k) => `line ${k}`);
    await writeLines(file, lines);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('line 19999\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(20_001);
  });

  it('replaces a file in one step: a failure midway leaves the old one and no temporary', async () => {
    const file = path.join(dir, 'kept.txt');
    fs.writeFileSync(file, 'old\n');
    function* failing(): Generator<string> {
      for (let k = 0; k < 50_000; k++) yield `line ${k}`; // several chunks reach the disk first
      throw new Error('the source failed');
    }
    await expect(writeLines(file, failing())).rejects.toThrow('the source failed');
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await writeLines(file, ['new']);
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
  });

  it('writes an empty file for no lines', async () => {
    const file = path.join(dir, 'empty.txt');
    await writeLines(file, []);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });
});

describe('formatFloat32', () => {
  it('prints the shortest text that reads back as the same float32', () => {
    expect(formatFloat32(4)).toBe('4');
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(3.75))).toBe('3.75');
    for (const v of [Math.fround(1 / 3), Math.fround(123456.789), Math.fround(1e-7), Math.fround(-2.5e20)]) {
      expect(Math.fround(Number(formatFloat32(v)))).toBe(v);
    }
  });
});
