import type { Stats } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isLockFileName, isSaveFileName } from './file-names.js';
import { MANIFEST_FILE, referencedFiles } from './manifest.js';

/** A manifest larger than this is not one recsys wrote (they hold a config and a list of files). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** What a save would write over. */
export type SaveTarget =
  /** Nothing there yet. */
  | { kind: 'missing' }
  /** An empty directory, or one holding only the leftovers of an interrupted save. */
  | { kind: 'empty' }
  /** A model directory: its model, the version that saved it, and the files its manifest names. */
  | { kind: 'model'; model: string; savedBy: string | undefined; files: string[] };

/**
 * What is at `dir`, for a save to go there; refuses what a save must not touch: a path that is not a directory, a
 * manifest that is not a recsys one, or a non-empty directory that holds no model (a save deletes files it does not
 * need, so it writes only where every file is its own).
 *
 * @throws naming the directory and why the model cannot go there.
 */
export async function inspectSaveTarget(dir: string): Promise<SaveTarget> {
  const refuse = (why: string): never => {
    throw new Error(`cannot save the model to ${dir}: ${why}`);
  };
  let stats: Stats;
  try {
    stats = await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  if (!stats.isDirectory()) return refuse('it exists and is not a directory');
  const manifestPath = join(dir, MANIFEST_FILE);
  const manifestStats = await lstat(manifestPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!manifestStats) {
    // A save's lock and leftovers make no directory foreign: they are what a killed save leaves behind.
    const foreign = (await readdir(dir)).filter((name) => !isSaveFileName(name) && !isLockFileName(name));
    if (foreign.length === 0) return { kind: 'empty' };
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '');
    return refuse(
      `the directory is not empty (${shown}) and holds no recsys model (no ${MANIFEST_FILE}); choose a new or ` +
        'empty directory',
    );
  }
  const notModel = (why: string): never =>
    refuse(`its ${MANIFEST_FILE} is not a recsys model manifest (${why}); remove it or choose another directory`);
  if (!manifestStats.isFile()) return notModel('not a regular file');
  if (manifestStats.size > MAX_MANIFEST_BYTES) return notModel(`${manifestStats.size} bytes`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    return notModel((error as Error).message);
  }
  const { format, model, recsysVersion } = (manifest ?? {}) as Record<string, unknown>;
  if (format !== 'recsys-model') return notModel(`format ${JSON.stringify(format)}`);
  return {
    kind: 'model',
    model: typeof model === 'string' ? model : '(unnamed)',
    savedBy: typeof recsysVersion === 'string' ? recsysVersion : undefined,
    files: referencedFiles(manifest),
  };
}

/**
 * The error of a save to `dir` that could not create a file or directory in `where` (`dir` itself, or its nearest
 * existing ancestor when `dir` is new). The same words whichever call failed, so a pre-check and the save agree.
 */
export function cannotWriteError(dir: string, where: string, error: unknown): Error {
  const place = where === dir ? 'it' : where;
  return new Error(`cannot save the model to ${dir}: cannot create files in ${place} (${reason(error)})`, {
    cause: error,
  });
}

/** The code of a Node.js system error, if `error` is one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why a file-system call failed, in words that do not depend on the call (mkdir says EPERM where open says EACCES). */
function reason(error: unknown): string {
  const code = errnoCode(error);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on device';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  const message = (error as Error).message;
  return code ? message.split(', ')[0]! : message; // "ENAMETOOLONG: name too long", without the call and path
}
