import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * Checks that `path`, given with `option` (e.g. `--train`), names something the command can read: a file (anything
 * but a directory) or, with `kind: 'directory'`, a directory. Errors name the option, the path and what to do —
 * never a bare `ENOENT`.
 *
 * @returns the path, unchanged.
 */
export async function checkedPath(path: string, option: string, kind: 'file' | 'directory' = 'file'): Promise<string> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new Error(`${option}: no such ${kind} "${path}" (looked for ${resolve(path)})`);
    }
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`${option}: no permission to read "${path}"`);
    throw new Error(`${option}: cannot read "${path}": ${(error as Error).message}`);
  }
  if (kind === 'file' && isDirectory) {
    throw new Error(`${option}: "${path}" is a directory; give the file inside it`);
  }
  if (kind === 'directory' && !isDirectory) {
    throw new Error(`${option}: "${path}" is a file, not a model directory (one written by recsys train --out)`);
  }
  return path;
}
