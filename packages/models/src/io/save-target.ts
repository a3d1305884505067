import type { Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isLockFileName, isSaveFileName, tempFileName } from './file-names.js';
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
 * @param lookedBefore - how many times the path changed between two looks already (a concurrent save creating it).
 * @throws naming the directory and why the model cannot go there.
 */
export async function inspectSaveTarget(dir: string, lookedBefore = 0): Promise<SaveTarget> {
  const refuse = (why: string): never => {
    throw new Error(`cannot save the model to ${dir}: ${why}`);
  };
  let stats: Stats;
  try {
    stats = await stat(dir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') {
      const entry = await lstat(dir).catch(() => undefined);
      if (!entry) return { kind: 'missing' };
      // A link to nothing is not "missing": creating the directory there would fail.
      if (entry.isSymbolicLink()) return refuse('it is a symbolic link to nothing');
      // The path appeared between the two looks (another save creating the directory): look again.
      if (lookedBefore < 3) return inspectSaveTarget(dir, lookedBefore + 1);
      return refuse('it keeps appearing and disappearing (another process is creating and removing it); try again');
    }
    if (code === 'ENOTDIR') return refuse(`${await nearestExisting(dir)} is not a directory`);
    return refuse(`cannot look at it (${reason(error)})`);
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
 * Checks that a model can be saved to `dir`, without creating anything there: throws the error a save to `dir` would
 * throw for the target itself, so that a command can refuse a bad output path before training for an hour. Refused:
 * a path that exists and is not a directory, a path under a file, a non-empty directory that holds no recsys model, a
 * directory whose `recsys-model.json` is not a recsys manifest, and a directory (or, for a new path, its nearest
 * existing ancestor) that this process cannot create files in. Allowed: a new path, an empty directory, a model
 * directory (the save will replace its model), and a directory holding only the leftovers of an interrupted save.
 *
 * Whether another save is writing `dir` right now is not checked: it will likely be done by the time training is.
 *
 * @example
 * ```ts
 * import { checkSaveTarget, createRecommender } from '@recsys/models';
 *
 * await checkSaveTarget(out); // a bad output path fails now, not after training
 * const model = createRecommender('gmf', { factors: 16 });
 * await model.fit(train);
 * await model.save(out);
 * ```
 *
 * @param dir - the directory the model is to be saved to.
 * @throws naming `dir` and why the model cannot be saved there.
 */
export async function checkSaveTarget(dir: string): Promise<void> {
  const target = await inspectSaveTarget(dir);
  // The same operation a save starts with, under a fresh temp name, removed at once: creating the directory (in its
  // nearest existing ancestor) or creating a file in it (the save's lock).
  if (target.kind === 'missing') {
    const where = await nearestExisting(dir);
    const probe = join(where, tempFileName());
    try {
      await mkdir(probe);
    } catch (error) {
      throw cannotWriteError(dir, where, error);
    }
    await rmdir(probe).catch(ignoreMissing);
  } else {
    const probe = join(dir, tempFileName());
    try {
      await (await open(probe, 'wx')).close();
    } catch (error) {
      throw cannotWriteError(dir, dir, error);
    }
    await unlink(probe).catch(ignoreMissing);
  }
}

/** Rethrows `error` unless it says the file is already gone (a save's cleanup may have taken a temp name first). */
function ignoreMissing(error: unknown): void {
  if (errnoCode(error) !== 'ENOENT') throw error;
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

/** The nearest of `path` and its ancestors that exists (the root, or `.`, at worst). */
export async function nearestExisting(path: string): Promise<string> {
  // "file/" names "file": start from it, not from its parent.
  let current = path.length > 1 ? path.replace(/[/\\]+$/, '') : path;
  while (!(await exists(current))) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

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
