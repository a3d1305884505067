import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { RECSYS_VERSION } from '../version.js';

/** A JSON value, for model configs kept in the manifest. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Typed arrays a model may keep beside its manifest. */
export type StoredArray = Float32Array | Int32Array;

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
}

interface Manifest {
  format: 'recsys-model';
  formatVersion: 1;
  /** The recsys version that wrote it (since 0.1.0's engine rewrite). */
  recsysVersion?: string;
  model: string;
  numUsers: number;
  numItems: number;
  trainRows: number;
  config: { [key: string]: Json };
  arrays: Record<string, { file: string; dtype: 'float32' | 'int32'; length: number }>;
}

/** File name of the manifest in a model directory. */
export const MANIFEST_FILE = 'recsys-model.json';

/**
 * Writes a model directory: `recsys-model.json` (manifest and config), `user-ids.json` / `item-ids.json` (raw ids in
 * index order), `train-users.bin` / `train-items.bin` (the training pairs) and one `.bin` file per array.
 */
export async function writeModelDir(dir: string, contents: ModelDirContents): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { train } = contents;
  const arrays: Record<string, StoredArray> = {
    'train-users': train.users,
    'train-items': train.items,
    ...contents.arrays,
  };
  const manifest: Manifest = {
    format: 'recsys-model',
    formatVersion: 1,
    recsysVersion: RECSYS_VERSION,
    model: contents.model,
    numUsers: train.numUsers,
    numItems: train.numItems,
    trainRows: train.size,
    config: contents.config,
    arrays: {},
  };
  for (const [name, array] of Object.entries(arrays)) {
    const file = `${name}.bin`;
    manifest.arrays[name] = { file, dtype: array instanceof Float32Array ? 'float32' : 'int32', length: array.length };
    await writeFile(join(dir, file), littleEndianBytes(array));
  }
  await writeFile(join(dir, 'user-ids.json'), JSON.stringify(train.userIds.ids()));
  await writeFile(join(dir, 'item-ids.json'), JSON.stringify(train.itemIds.ids()));
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

/** Reads a directory written by {@link writeModelDir}, checking every file against the manifest. */
export async function readModelDir(dir: string): Promise<ModelDirContents> {
  const manifestPath = join(dir, MANIFEST_FILE);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(
      `${dir} is not a recsys model directory: cannot read ${MANIFEST_FILE} (${(error as Error).message})`,
    );
  }
  if (manifest.format !== 'recsys-model' || manifest.formatVersion !== 1) {
    throw new Error(`${manifestPath}: unsupported format ${manifest.format} v${manifest.formatVersion}`);
  }
  const arrays: Record<string, StoredArray> = {};
  for (const [name, entry] of Object.entries(manifest.arrays)) {
    const bytes = await readFile(join(dir, entry.file));
    const array = fromLittleEndianBytes(bytes, entry.dtype);
    if (array.length !== entry.length) {
      throw new Error(`${join(dir, entry.file)}: ${array.length} values, the manifest says ${entry.length}`);
    }
    arrays[name] = array;
  }
  const userIds = IdMap.from(JSON.parse(await readFile(join(dir, 'user-ids.json'), 'utf8')) as string[]);
  const itemIds = IdMap.from(JSON.parse(await readFile(join(dir, 'item-ids.json'), 'utf8')) as string[]);
  const users = arrays['train-users'] as Int32Array | undefined;
  const items = arrays['train-items'] as Int32Array | undefined;
  if (!users || !items) throw new Error(`${manifestPath}: the training pairs are missing`);
  delete arrays['train-users'];
  delete arrays['train-items'];
  const train = Interactions.fromColumns(
    { users, items },
    { userIds, itemIds, numUsers: manifest.numUsers, numItems: manifest.numItems },
  );
  return { model: manifest.model, config: manifest.config, arrays, train, savedBy: manifest.recsysVersion };
}

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function littleEndianBytes(array: StoredArray): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  return littleEndian ? bytes : swap32(bytes);
}

function fromLittleEndianBytes(bytes: Uint8Array, dtype: 'float32' | 'int32'): StoredArray {
  if (bytes.byteLength % 4 !== 0) throw new Error(`a ${dtype} file of ${bytes.byteLength} bytes is truncated`);
  // Copy into a fresh, aligned buffer: a Buffer from readFile may sit at any offset in Node's pool.
  const aligned = littleEndian ? bytes.slice() : swap32(bytes);
  return dtype === 'float32' ? new Float32Array(aligned.buffer) : new Int32Array(aligned.buffer);
}

function swap32(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < bytes.length; k += 4) {
    out[k] = bytes[k + 3];
    out[k + 1] = bytes[k + 2];
    out[k + 2] = bytes[k + 1];
    out[k + 3] = bytes[k];
  }
  return out;
}
