import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { RECSYS_VERSION } from '../version.js';
import { nodeDirFs, type DirFs } from './dir-fs.js';
import { contentFileName, isLockFileName, isSaveFileName, tempFileName } from './file-names.js';
import {
  FORMAT_VERSION,
  idFiles,
  MANIFEST_FILE,
  parseManifest,
  RESERVED,
  type ArrayRef,
  type FileRef,
  type Json,
  type Manifest,
} from './manifest.js';
import { checkModelFile, readModelFile, type FileSize } from './model-file.js';
import { acquireSaveLock, type SaveLock } from './save-lock.js';
import { cannotWriteError, errnoCode, inspectSaveTarget, MAX_MANIFEST_BYTES, nearestExisting } from './save-target.js';
import { dtypeOf, firstNonFinite, fromLittleEndianBytes, littleEndianBytes, type StoredArray } from './stored-array.js';

export { MANIFEST_FILE, type Json } from './manifest.js';
export type { StoredArray } from './stored-array.js';

/** The contents of a model directory, as read or written. */
export interface ModelDirContents {
  /** Registry name of the model. */
  model: string;
  /** The model's own hyper-parameters and settings. */
  config: { [key: string]: Json };
  /** Named typed arrays (weights, counts, …), each stored as a little-endian `.bin` file. */
  arrays: Record<string, StoredArray>;
  /** The training log: its id maps define the model's index space; its rows give "seen" items. */
  train: Interactions;
  /** The recsys version that wrote the directory (absent before 0.1.0 recorded it). */
  savedBy?: string;
  /**
   * The held-out (user, item) pairs the model's epochs were chosen on, in the training log's index space; absent when
   * none were (and in directories written before recsys stored them).
   */
  validation?: { users: Int32Array; items: Int32Array };
}

/** What {@link writeModelDir} did to the directory. */
export interface WriteModelDirResult {
  /** The model the directory held before this save replaced it; `undefined` when it held none. */
  replaced: { model: string; savedBy: string | undefined } | undefined;
}

/** Ids files larger than this are refused in v1 directories, whose manifests do not record sizes (V8's string limit). */
const MAX_V1_ID_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Writes a model directory: `recsys-model.json` (the manifest: config, counts, and each file's name, size and sha256),
 * the raw user and item ids (JSON, in index order), the training pairs, the validation pairs if any, and one
 * little-endian `.bin` file per array. Data files are named by their content (`<name>.<sha256 prefix>.bin`).
 *
 * The save is atomic: data files are written and fsynced first, then the manifest replaces the old one by a rename,
 * the single commit point; only then are the replaced model's files and earlier saves' leftovers deleted. A crash at
 * any moment leaves the old model or the new one, complete. Saving over a model directory is allowed (and reported);
 * saving into a file, or a non-empty directory that holds no model, is refused ({@link checkSaveTarget} checks this
 * before a model is trained).
 *
 * One save at a time per directory: a save holds a lock file (`.recsys-save.lock`, with its pid, host and start time)
 * while it writes, and a second save into the same directory fails at once. A lock left by a killed save is taken
 * over.
 *
 * @returns whether the save replaced a model, and which.
 * @throws before touching the directory when an array holds NaN or ±Infinity (the model diverged), when the
 * contents are inconsistent, when the directory is not one to save into, or when another save is writing it.
 */
export async function writeModelDir(dir: string, contents: ModelDirContents): Promise<WriteModelDirResult> {
  return writeModelDirWith(nodeDirFs, dir, contents);
}

/**
 * {@link writeModelDir} through the file-system seam `fs`, so tests can stop a save after any step.
 *
 * @internal
 */
export async function writeModelDirWith(
  fs: DirFs,
  dir: string,
  contents: ModelDirContents,
): Promise<WriteModelDirResult> {
  const { manifest, files } = encode(contents);
  // Refused before anything is created: no lock is left in a directory that is not one to save into.
  if ((await inspectSaveTarget(dir)).kind === 'missing') {
    await fs.mkdir(dir).catch(async (error: unknown) => {
      throw errnoCode(error) ? cannotWriteError(dir, await nearestExisting(dir), error) : error;
    });
  }
  const lock = await acquireSaveLock(dir);
  let result: WriteModelDirResult;
  try {
    result = await writeLocked(fs, dir, manifest, files, lock);
  } catch (error) {
    await lock.release().catch(() => undefined); // the save's own error is the one to report
    throw error;
  }
  try {
    await lock.release();
  } catch (error) {
    const why = (error as Error).message;
    throw new Error(`${dir}: the model is saved, but removing its lock ${lock.path} failed: ${why}`, { cause: error });
  }
  return result;
}

/** The save itself, once `lock` is held. */
async function writeLocked(
  fs: DirFs,
  dir: string,
  manifest: Manifest,
  files: DataFile[],
  lock: SaveLock,
): Promise<WriteModelDirResult> {
  // Looked at again under the lock: a save that finished in the meantime made its model the one this save replaces.
  const target = await inspectSaveTarget(dir);
  const leftovers = await saveFilesBefore(dir, lock.startedNs);
  // Each data file is complete under its final name before the manifest names it: written to a temp name, fsynced,
  // renamed. A file with that name already holds the same content, so replacing it never changes what the old
  // manifest reads.
  for (const { file, bytes } of files) {
    const temp = join(dir, tempFileName());
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, join(dir, file));
  }
  await fs.syncDir(dir); // the data files' names are durable before the manifest that names them
  const text = JSON.stringify(manifest, null, 2) + '\n';
  const temp = join(dir, tempFileName());
  await fs.writeFile(temp, new TextEncoder().encode(text));
  await fs.rename(temp, join(dir, MANIFEST_FILE)); // the commit point
  await fs.syncDir(dir);
  const replaced = target.kind === 'model' ? target.files : [];
  await removeStaleFiles(fs, dir, text, new Set(files.map((f) => f.file)), replaced, leftovers);
  return { replaced: target.kind === 'model' ? { model: target.model, savedBy: target.savedBy } : undefined };
}

/**
 * Reads a directory written by {@link writeModelDir} (or by recsys 0.1.0, format v1). The whole manifest is checked
 * before any array is read, then every file: a plain name inside the directory, a regular file of exactly the size the
 * manifest gives, its sha256 (v2), finite weights, raw ids that are unique strings, one per index, and training and
 * validation pairs inside the index space.
 *
 * @throws naming the manifest field or the file that is wrong.
 */
export async function readModelDir(dir: string): Promise<ModelDirContents> {
  const manifestPath = join(dir, MANIFEST_FILE);
  try {
    await lstat(manifestPath);
  } catch (error) {
    throw new Error(
      `${dir} is not a recsys model directory: cannot read ${MANIFEST_FILE} (${(error as Error).message})`,
    );
  }
  const text = await readModelFile(dir, MANIFEST_FILE, { maxBytes: MAX_MANIFEST_BYTES });
  const manifest = parseManifest(decodeUtf8(text, manifestPath), manifestPath);
  const ids = idFiles(manifest);
  const idSize = (ref: FileRef): FileSize =>
    ref.bytes === undefined
      ? { maxBytes: MAX_V1_ID_FILE_BYTES }
      : { bytes: ref.bytes, what: 'the size in the manifest' };
  // Every file passes its checks before any is read: a bad directory fails fast, and never half-way through.
  const entries = Object.entries(manifest.arrays);
  for (const [, ref] of entries) await checkModelFile(dir, ref.file, arraySize(ref));
  for (const ref of [ids.users, ids.items]) await checkModelFile(dir, ref.file, idSize(ref));

  const read: [string, StoredArray][] = [];
  for (const [name, ref] of entries) {
    const array = fromLittleEndianBytes(await readModelFile(dir, ref.file, arraySize(ref), ref.sha256), ref.dtype);
    const bad = array instanceof Float32Array ? firstNonFinite(array) : -1;
    if (bad >= 0) {
      throw new Error(
        `${join(dir, ref.file)}: array "${name}" holds ${array[bad]} at index ${bad}: the model diverged when it was ` +
          'trained; train it again with a lower learning rate',
      );
    }
    read.push([name, array]);
  }
  // fromEntries defines own properties, so a hostile name such as "__proto__" stays a name.
  const arrays: Record<string, StoredArray> = Object.fromEntries(read.filter(([name]) => !isReserved(name)));
  const column = (name: string) => read.find(([key]) => key === name)?.[1] as Int32Array | undefined;

  const readIds = async (ref: FileRef, count: number, what: 'user' | 'item') =>
    IdMap.from(
      parseIds(
        decodeUtf8(await readModelFile(dir, ref.file, idSize(ref), ref.sha256), join(dir, ref.file)),
        manifest,
        count,
        what,
        join(dir, ref.file),
      ),
    );
  const userIds = await readIds(ids.users, manifest.numUsers, 'user');
  const itemIds = await readIds(ids.items, manifest.numItems, 'item');
  const pairs = (usersName: string, itemsName: string) => {
    const users = column(usersName)!;
    const items = column(itemsName)!;
    checkIndices(users, manifest.numUsers, usersName, 'numUsers', manifestPath);
    checkIndices(items, manifest.numItems, itemsName, 'numItems', manifestPath);
    return { users, items };
  };
  const train = Interactions.fromColumns(pairs(RESERVED.trainUsers, RESERVED.trainItems), {
    userIds,
    itemIds,
    numUsers: manifest.numUsers,
    numItems: manifest.numItems,
  });
  const contents: ModelDirContents = {
    model: manifest.model,
    config: manifest.config,
    arrays,
    train,
    savedBy: manifest.recsysVersion,
  };
  if (manifest.arrays[RESERVED.validationUsers]) {
    contents.validation = pairs(RESERVED.validationUsers, RESERVED.validationItems);
  }
  return contents;
}

interface DataFile {
  file: string;
  bytes: Uint8Array;
  sha256: string;
}

/** The manifest and data files of `contents`, checked before anything is written. */
function encode(contents: ModelDirContents): { manifest: Manifest; files: DataFile[] } {
  const { model, train, validation } = contents;
  const refuse = (why: string): never => {
    throw new Error(`cannot save the ${model} model: ${why}`);
  };
  if (typeof model !== 'string' || model.length === 0) refuse('the model name must be a non-empty string');
  const arrays: [string, StoredArray][] = [
    [RESERVED.trainUsers, train.users],
    [RESERVED.trainItems, train.items],
  ];
  if (validation) {
    const { users, items } = validation;
    if (!(users instanceof Int32Array) || !(items instanceof Int32Array) || users.length !== items.length) {
      refuse('the validation pairs must be two Int32Arrays of equal length');
    }
    for (const [what, indices, size] of [
      ['user', users, train.numUsers],
      ['item', items, train.numItems],
    ] as const) {
      const k = firstOutside(indices, size);
      if (k >= 0)
        refuse(`validation pair ${k} has ${what} index ${indices[k]}, outside the training log's [0, ${size})`);
    }
    arrays.push([RESERVED.validationUsers, users], [RESERVED.validationItems, items]);
  }
  for (const [name, array] of Object.entries(contents.arrays)) {
    if (isReserved(name)) refuse(`the array name "${name}" is the format's own; rename it`);
    if (!(array instanceof Float32Array) && !(array instanceof Int32Array)) {
      refuse(`array "${name}" is not a Float32Array or an Int32Array`);
    }
    const bad = array instanceof Float32Array ? firstNonFinite(array) : -1;
    if (bad >= 0) {
      refuse(
        `array "${name}" holds ${array[bad]} at index ${bad}: the model diverged during training; train it again ` +
          'with a lower learning rate',
      );
    }
    arrays.push([name, array]);
  }
  const files: DataFile[] = [];
  const dataFile = (stem: string, bytes: Uint8Array, ext: 'bin' | 'json'): DataFile => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = { file: contentFileName(stem, sha256, ext), bytes, sha256 };
    files.push(file);
    return file;
  };
  const manifestArrays: Record<string, ArrayRef> = {};
  for (const [name, array] of arrays) {
    const { file, bytes, sha256 } = dataFile(name, littleEndianBytes(array), 'bin');
    manifestArrays[name] = { file, dtype: dtypeOf(array), length: array.length, bytes: bytes.length, sha256 };
  }
  const idsFile = (map: IdMap, count: number, what: 'user' | 'item'): FileRef => {
    // A log's id map may have grown after the log was built (another split loaded with it): the model's index space
    // is the first `count` ids, so those are the ones saved.
    const all = map.ids();
    if (all.length < count) refuse(`${all.length} ${what} ids for ${count} ${what}s: every index needs an id`);
    const { file, bytes, sha256 } = dataFile(
      `${what}-ids`,
      new TextEncoder().encode(JSON.stringify(all.slice(0, count))),
      'json',
    );
    return { file, bytes: bytes.length, sha256 };
  };
  const manifest: Manifest = {
    format: 'recsys-model',
    formatVersion: FORMAT_VERSION,
    recsysVersion: RECSYS_VERSION,
    model,
    numUsers: train.numUsers,
    numItems: train.numItems,
    trainRows: train.size,
    config: contents.config,
    arrays: manifestArrays,
    ids: {
      users: idsFile(train.userIds, train.numUsers, 'user'),
      items: idsFile(train.itemIds, train.numItems, 'item'),
    },
  };
  return { manifest, files };
}

/** Which file a directory entry is: the same name, rewritten or replaced since, is another file. */
type FileIdentity = Pick<BigIntStats, 'dev' | 'ino' | 'size' | 'mtimeNs'>;

const sameFile = (a: FileIdentity, b: FileIdentity) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;

/**
 * The files of a save's shapes (content-addressed or temp) in `dir` last written no later than `startedNs`, the
 * lock's time: earlier saves' leftovers, the only such files cleanup may take for leftovers.
 */
async function saveFilesBefore(dir: string, startedNs: bigint): Promise<Map<string, FileIdentity>> {
  const before = new Map<string, FileIdentity>();
  for (const name of await readdir(dir)) {
    if (!isSaveFileName(name)) continue;
    const stats = await lstat(join(dir, name), { bigint: true }).catch(() => undefined);
    if (stats?.isFile() && stats.mtimeNs <= startedNs) before.set(name, stats);
  }
  return before;
}

/**
 * After the commit: deletes the files the replaced manifest named and the new one does not, and the `leftovers` of
 * earlier saves that are still the files seen when the lock was taken. Nothing else: not a user's file, and not a file
 * another save wrote after this one started (should two saves ever run at once despite the lock, neither deletes the
 * other's files). When the manifest is no longer `manifestText`, another save committed after this one: the directory
 * is then that save's to tidy.
 */
async function removeStaleFiles(
  fs: DirFs,
  dir: string,
  manifestText: string,
  keep: Set<string>,
  replaced: string[],
  leftovers: Map<string, FileIdentity>,
): Promise<void> {
  const current = await readFile(join(dir, MANIFEST_FILE), 'utf8').catch(() => undefined);
  if (current !== manifestText) return;
  const old = new Set(replaced);
  let removed = false;
  for (const name of await readdir(dir)) {
    if (name === MANIFEST_FILE || keep.has(name) || isLockFileName(name)) continue;
    const before = leftovers.get(name);
    if (!old.has(name) && !before) continue;
    const path = join(dir, name);
    try {
      const stats = await lstat(path, { bigint: true });
      if (!stats.isFile() && !stats.isSymbolicLink()) continue; // a directory is never a model's file
      if (!old.has(name) && !sameFile(before!, stats)) continue; // rewritten since this save started: not a leftover
      await fs.unlink(path);
      removed = true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') continue;
      throw new Error(
        `${dir}: the model is saved, but removing the stale file ${name} failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  if (removed) await fs.syncDir(dir);
}

function arraySize(ref: ArrayRef): FileSize {
  return { bytes: ref.length * 4, what: `${ref.length} ${ref.dtype} values` };
}

function isReserved(name: string): boolean {
  return (Object.values(RESERVED) as string[]).includes(name);
}

/** Index of the first value outside [0, size), or -1. */
function firstOutside(indices: Int32Array, size: number): number {
  for (let k = 0; k < indices.length; k++) if (!(indices[k] >= 0 && indices[k] < size)) return k;
  return -1;
}

/** Throws, naming the manifest and the array, unless every index is in [0, size). */
function checkIndices(indices: Int32Array, size: number, name: string, sizeName: string, manifestPath: string): void {
  const k = firstOutside(indices, size);
  if (k >= 0) {
    throw new Error(
      `${manifestPath}: arrays["${name}"] holds ${indices[k]} at row ${k}, outside [0, ${sizeName} = ${size})`,
    );
  }
}

function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${path}: not UTF-8 text`);
  }
}

/** The raw ids in an id file: a JSON array of distinct strings, one per index of the model's space. */
function parseIds(text: string, manifest: Manifest, count: number, what: 'user' | 'item', path: string): string[] {
  let ids: unknown;
  try {
    ids = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(ids)) throw new Error(`${path}: must be a JSON array of ${what} ids`);
  const bad = ids.findIndex((id) => typeof id !== 'string');
  if (bad >= 0) throw new Error(`${path}: ${what} id ${bad} is ${JSON.stringify(ids[bad])}, not a string`);
  const field = what === 'user' ? 'numUsers' : 'numItems';
  // recsys 0.1.0 saved the whole id map, which may have grown past the model's index space after training; those
  // extra ids name no index of the model, so v1 drops them.
  const exact = manifest.formatVersion !== 1;
  if (ids.length < count || (exact && ids.length !== count)) {
    throw new Error(`${path}: ${ids.length} ${what} ids, the manifest says ${field} = ${count}`);
  }
  const kept = (ids as string[]).slice(0, count);
  const first = new Map<string, number>();
  kept.forEach((id, k) => {
    const earlier = first.get(id);
    if (earlier !== undefined)
      throw new Error(`${path}: ${what} id ${JSON.stringify(id)} appears twice (${earlier}, ${k})`);
    first.set(id, k);
  });
  return kept;
}
