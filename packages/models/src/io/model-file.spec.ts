import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFifo } from '../../test/fifo.js';
import { checkModelFile, isPlainBaseName, readModelFile } from './model-file.js';

const exact = (bytes: number) => ({ bytes, what: `${bytes / 4} float32 values` });

function dirWith(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-model-file-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('model files', () => {
  it('are plain names: no separators, not . or ..', () => {
    for (const name of ['a.bin', 'table.gmf_user.0123456789abcdef.bin', '..a', 'a..b', '...']) {
      expect(isPlainBaseName(name), name).toBe(true);
    }
    for (const name of ['', '.', '..', '../a.bin', 'a/b', '/etc/hostname', 'a\\b', '..\\a', 'a\0b', 'x'.repeat(256)]) {
      expect(isPlainBaseName(name), name).toBe(false);
    }
  });

  it('read exactly the checked bytes into a buffer of their own, checksum verified', async () => {
    const content = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const dir = dirWith({ 'w.bin': content });
    const sha = createHash('sha256').update(content).digest('hex');
    expect(await checkModelFile(dir, 'w.bin', exact(8))).toBe(8);
    const bytes = await readModelFile(dir, 'w.bin', exact(8), sha);
    expect([...bytes]).toEqual([...content]);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(8);
    expect((await readModelFile(dir, 'w.bin', { maxBytes: 8 })).length).toBe(8);
  });

  it('refuse a file of any other size before reading it: empty, short, long', async () => {
    const dir = dirWith({
      'empty.bin': new Uint8Array(0),
      'short.bin': new Uint8Array(4),
      'long.bin': new Uint8Array(12),
    });
    await expect(readModelFile(dir, 'empty.bin', exact(8))).rejects.toThrow(
      `${join(dir, 'empty.bin')}: 0 bytes, expected 8 (2 float32 values)`,
    );
    await expect(checkModelFile(dir, 'short.bin', exact(8))).rejects.toThrow(/short\.bin: 4 bytes, expected 8/);
    await expect(checkModelFile(dir, 'long.bin', exact(8))).rejects.toThrow(/long\.bin: 12 bytes, expected 8/);
    await expect(checkModelFile(dir, 'long.bin', { maxBytes: 8 })).rejects.toThrow(/12 bytes, more than the 8/);
  });

  it('refuse content that does not match its checksum, naming the file', async () => {
    const dir = dirWith({ 'w.bin': Uint8Array.of(1, 2, 3, 4) });
    const other = createHash('sha256')
      .update(Uint8Array.of(1, 2, 3, 5))
      .digest('hex');
    await expect(readModelFile(dir, 'w.bin', exact(4), other)).rejects.toThrow(
      new RegExp(`w\\.bin: the content does not match its checksum .*the manifest says ${other}`),
    );
  });

  it('never leave the directory: ../, absolute paths, symbolic links', async () => {
    const outside = dirWith({ 'secret.bin': new Uint8Array(4) });
    const dir = dirWith({});
    symlinkSync(join(outside, 'secret.bin'), join(dir, 'link.bin'));
    const escape = join('..', basename(outside), 'secret.bin');
    await expect(readModelFile(dir, escape, exact(4))).rejects.toThrow(/is not a plain file name inside/);
    await expect(readModelFile(dir, join(outside, 'secret.bin'), exact(4))).rejects.toThrow(/not a plain file name/);
    await expect(readModelFile(dir, '/etc/hostname', { maxBytes: 100 })).rejects.toThrow(/not a plain file name/);
    await expect(readModelFile(dir, 'link.bin', exact(4))).rejects.toThrow(/link\.bin: is a symbolic link/);
  });

  it('refuse directories and missing files', async () => {
    const dir = dirWith({});
    mkdirSync(join(dir, 'sub.bin'));
    await expect(readModelFile(dir, 'sub.bin', exact(0))).rejects.toThrow(/sub\.bin: is a directory/);
    await expect(readModelFile(dir, 'gone.bin', exact(4))).rejects.toThrow(/gone\.bin: cannot read it \(ENOENT/);
  });

  it('refuse a FIFO at once instead of hanging on it', { timeout: 5000 }, async (context) => {
    const dir = dirWith({});
    const skip = makeFifo(join(dir, 'fifo.bin'));
    if (skip) {
      console.log(`FIFO test skipped: ${skip}`);
      return context.skip();
    }
    await expect(readModelFile(dir, 'fifo.bin', exact(4))).rejects.toThrow(/fifo\.bin: is a FIFO/);
  });
});
