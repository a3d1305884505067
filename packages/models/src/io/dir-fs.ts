import { mkdir, open, rename, unlink } from 'node:fs/promises';

/**
 * The file-system operations that change a model directory, one call per step a crash can fall between. Saving goes
 * through this seam (not exported from the package) so tests can stop a save after any step and check what is left.
 */
export interface DirFs {
  /** Creates `dir` and its missing parents. */
  mkdir(dir: string): Promise<void>;
  /** Creates `path` (which must not exist), writes `bytes` and fsyncs it. */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /** Renames `from` to `to`, replacing `to` atomically. */
  rename(from: string, to: string): Promise<void>;
  /** Removes the file `path`. */
  unlink(path: string): Promise<void>;
  /** Fsyncs the directory `dir`, making the renames and removals in it durable. */
  syncDir(dir: string): Promise<void>;
}

/** The real file system. */
export const nodeDirFs: DirFs = {
  async mkdir(dir) {
    await mkdir(dir, { recursive: true });
  },
  async writeFile(path, bytes) {
    const handle = await open(path, 'wx');
    try {
      let written = 0;
      while (written < bytes.length) written += (await handle.write(bytes, written)).bytesWritten;
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename,
  unlink,
  async syncDir(dir) {
    let handle;
    try {
      handle = await open(dir, 'r');
      await handle.sync();
    } catch (error) {
      // Some platforms (Windows) and file systems cannot open or fsync a directory; renames are atomic there anyway.
      if (!['EINVAL', 'EPERM', 'EISDIR', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    } finally {
      await handle?.close();
    }
  },
};
