import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

/** What a model file must be: exactly `bytes` long (or at most `maxBytes` when the manifest records no size). */
export type FileSize = { bytes: number; what: string } | { maxBytes: number };

/**
 * Whether `name` is a plain file name: non-empty, no path separator or NUL, not `.` or `..`. A manifest names its
 * files this way only, so no entry can reach outside its directory.
 */
export function isPlainBaseName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\\0]/.test(name) &&
    basename(name) === name
  );
}

/**
 * Checks, without opening it, that `file` in `dir` is a regular file (not a symbolic link, FIFO, device or directory)
 * inside `dir`, of the expected size: a hostile manifest can neither point outside the directory, nor make a read
 * hang (FIFO), exhaust memory (`/dev/zero`), or leave part of an array unset (short file).
 *
 * @returns the file's size in bytes.
 * @throws naming the file and what is wrong with it.
 */
export async function checkModelFile(dir: string, file: string, size: FileSize): Promise<number> {
  const path = pathIn(dir, file);
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    throw new Error(`${path}: cannot read it (${(error as Error).message})`);
  }
  checkStats(path, stats, size);
  return stats.size;
}

/**
 * Reads `file` in `dir` after {@link checkModelFile}'s checks, into a buffer of its own, exactly as many bytes as
 * checked, and compares their sha256 with `sha256` when given.
 *
 * @throws naming the file when a check fails or the content does not match its checksum.
 */
export async function readModelFile(dir: string, file: string, size: FileSize, sha256?: string): Promise<Uint8Array> {
  const path = pathIn(dir, file);
  await checkModelFile(dir, file, size);
  // O_NOFOLLOW / O_NONBLOCK: should the file be swapped for a link or a FIFO after the check, opening fails or
  // returns at once instead of following the link or hanging; fstat then re-checks what was opened.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const handle = await open(path, flags).catch((error: Error) => {
    throw new Error(`${path}: cannot read it (${error.message})`);
  });
  try {
    const stats = await handle.stat();
    checkStats(path, stats, size);
    const bytes = new Uint8Array(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) throw new Error(`${path}: ended after ${filled} of ${bytes.length} bytes while being read`);
      filled += bytesRead;
    }
    if (sha256 !== undefined) {
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) {
        throw new Error(
          `${path}: the content does not match its checksum (sha256 ${actual}, the manifest says ${sha256})`,
        );
      }
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

function pathIn(dir: string, file: string): string {
  const path = join(dir, file);
  if (!isPlainBaseName(file) || resolve(path, '..') !== resolve(dir)) {
    throw new Error(`${path}: "${file}" is not a plain file name inside ${dir}`);
  }
  return path;
}

function checkStats(path: string, stats: Stats, size: FileSize): void {
  if (!stats.isFile()) throw new Error(`${path}: is ${kindOf(stats)}, not a regular file`);
  if ('bytes' in size && stats.size !== size.bytes) {
    throw new Error(`${path}: ${stats.size} bytes, expected ${size.bytes} (${size.what})`);
  }
  if ('maxBytes' in size && stats.size > size.maxBytes) {
    throw new Error(`${path}: ${stats.size} bytes, more than the ${size.maxBytes} allowed`);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'something else';
}
