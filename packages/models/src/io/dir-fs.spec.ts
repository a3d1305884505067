import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeDirFs } from './dir-fs.js';

describe('nodeDirFs', () => {
  it('creates directories, writes new files whole, renames, removes, syncs a directory', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-dir-fs-')), 'a', 'b');
    await nodeDirFs.mkdir(dir);
    const big = new Uint8Array(3 * 1024 * 1024).map((_, k) => k % 251);
    await nodeDirFs.writeFile(join(dir, 'x'), big);
    expect(readFileSync(join(dir, 'x')).equals(Buffer.from(big))).toBe(true);
    writeFileSync(join(dir, 'y'), 'old');
    await nodeDirFs.rename(join(dir, 'x'), join(dir, 'y'));
    expect(readFileSync(join(dir, 'y')).length).toBe(big.length);
    await nodeDirFs.syncDir(dir);
    await nodeDirFs.unlink(join(dir, 'y'));
    expect(existsSync(join(dir, 'y'))).toBe(false);
  });

  it('never writes over an existing file: temp names must be fresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-dir-fs-'));
    writeFileSync(join(dir, 'taken'), 'keep');
    await expect(nodeDirFs.writeFile(join(dir, 'taken'), Uint8Array.of(1))).rejects.toThrow(/EEXIST/);
    expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('keep');
  });
});
