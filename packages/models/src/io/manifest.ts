import { RECSYS_VERSION } from '../version.js';
import { isPlainBaseName } from './model-file.js';
import type { StoredDtype } from './stored-array.js';

/** A JSON value, for model configs kept in the manifest. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** File name of the manifest in a model directory. */
export const MANIFEST_FILE = 'recsys-model.json';

/** The manifest format version this release writes; it reads 1 (recsys 0.1.0: no checksums, fixed names) and 2. */
export const FORMAT_VERSION = 2;

/** Array names the format itself uses; a model's own arrays may not take them. */
export const RESERVED = {
  trainUsers: 'train-users',
  trainItems: 'train-items',
  validationUsers: 'validation-users',
  validationItems: 'validation-items',
} as const;

/** A file the manifest lists: its plain name in the directory and, since v2, its size and sha256. */
export interface FileRef {
  file: string;
  bytes?: number;
  sha256?: string;
}

/** A stored array: its file, how its values are encoded, and how many there are. */
export interface ArrayRef extends FileRef {
  dtype: StoredDtype;
  length: number;
}

/** The manifest (`recsys-model.json`), once checked. */
export interface Manifest {
  format: 'recsys-model';
  formatVersion: 1 | 2;
  /** The recsys version that wrote it (since 0.1.0's engine rewrite). */
  recsysVersion?: string;
  model: string;
  numUsers: number;
  numItems: number;
  trainRows: number;
  config: { [key: string]: Json };
  arrays: Record<string, ArrayRef>;
  /** The raw-id files (v2); v1 keeps them as `user-ids.json` / `item-ids.json`. */
  ids?: { users: FileRef; items: FileRef };
}

/** The id-map files of a manifest, whatever its version. */
export function idFiles(manifest: Manifest): { users: FileRef; items: FileRef } {
  return manifest.ids ?? { users: { file: 'user-ids.json' }, items: { file: 'item-ids.json' } };
}

/**
 * Parses and checks a whole manifest before any array is read: its format and version, every field's type and range,
 * every file entry (plain names, dtypes, lengths, and in v2 sizes and checksums), and the training and validation
 * arrays the format needs.
 *
 * @param path - the manifest's path, named in every error with the offending field.
 */
export function parseManifest(text: string, path: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const fail = (field: string, expected: string, found: unknown): never => {
    throw new Error(`${path}: ${field} must be ${expected}, found ${show(found)}`);
  };
  if (!isObject(value)) return fail('the manifest', 'a JSON object', value);
  if (value.format !== 'recsys-model') {
    throw new Error(
      `${path}: not a recsys model manifest (format must be "recsys-model", found ${show(value.format)})`,
    );
  }
  const version = value.formatVersion;
  if (version !== 1 && version !== 2) {
    throw new Error(
      `${path}: formatVersion must be 1 or 2, found ${show(version)}: written by a newer recsys than this one ` +
        `(${RECSYS_VERSION})?`,
    );
  }
  const { recsysVersion, model, config, arrays } = value;
  if (recsysVersion !== undefined && typeof recsysVersion !== 'string')
    fail('recsysVersion', 'a string', recsysVersion);
  if (typeof model !== 'string' || model.length === 0) fail('model', 'a non-empty string', model);
  const counts = { numUsers: 0, numItems: 0, trainRows: 0 };
  for (const key of ['numUsers', 'numItems', 'trainRows'] as const) {
    const count = value[key];
    counts[key] = isCount(count) ? count : fail(key, 'a non-negative integer', count);
  }
  if (!isObject(config)) fail('config', 'an object', config);
  if (!isObject(arrays)) return fail('arrays', 'an object', arrays);

  const checked: Record<string, ArrayRef> = Object.create(null) as Record<string, ArrayRef>;
  for (const [name, entry] of Object.entries(arrays)) {
    const field = `arrays[${JSON.stringify(name)}]`;
    if (!isObject(entry)) fail(field, 'an object', entry);
    const ref = entry as Record<string, unknown>;
    const { dtype, length } = ref;
    if (dtype !== 'float32' && dtype !== 'int32') fail(`${field}.dtype`, '"float32" or "int32"', dtype);
    if (!isCount(length)) return fail(`${field}.length`, 'a non-negative integer', length);
    const file = fileRef(ref, field, version, length * 4, fail);
    checked[name] = { ...file, dtype: dtype as StoredDtype, length };
  }

  const int32Column = (name: string, length?: number): void => {
    const ref = checked[name];
    if (!ref) return fail(`arrays[${JSON.stringify(name)}]`, 'an entry (the format needs it)', undefined);
    if (ref.dtype !== 'int32') fail(`arrays[${JSON.stringify(name)}].dtype`, '"int32"', ref.dtype);
    if (length !== undefined && ref.length !== length) {
      fail(`arrays[${JSON.stringify(name)}].length`, `${length} (${lengthSource(name)})`, ref.length);
    }
  };
  int32Column(RESERVED.trainUsers, counts.trainRows);
  int32Column(RESERVED.trainItems, counts.trainRows);
  const { validationUsers, validationItems } = RESERVED;
  if (checked[validationUsers] || checked[validationItems]) {
    int32Column(validationUsers);
    int32Column(validationItems, checked[validationUsers]!.length);
  }

  let ids: Manifest['ids'];
  if (version === 2) {
    if (!isObject(value.ids)) return fail('ids', 'an object naming the users and items files', value.ids);
    const users = value.ids.users;
    const items = value.ids.items;
    if (!isObject(users)) return fail('ids.users', 'an object', users);
    if (!isObject(items)) return fail('ids.items', 'an object', items);
    ids = {
      users: fileRef(users, 'ids.users', 2, undefined, fail),
      items: fileRef(items, 'ids.items', 2, undefined, fail),
    };
  }
  return {
    format: 'recsys-model',
    formatVersion: version,
    recsysVersion: recsysVersion as string | undefined,
    model: model as string,
    ...counts,
    config: config as { [key: string]: Json },
    arrays: checked,
    ...(ids && { ids }),
  };
}

/**
 * The files a manifest names, read leniently (whatever its version, even when it does not pass
 * {@link parseManifest}): the files a save over it may delete once its own manifest is in place. Only plain names.
 */
export function referencedFiles(value: unknown): string[] {
  const files: string[] = [];
  const add = (ref: unknown) => {
    if (isObject(ref) && typeof ref.file === 'string' && isPlainBaseName(ref.file)) files.push(ref.file);
  };
  if (!isObject(value)) return files;
  if (isObject(value.arrays)) Object.values(value.arrays).forEach(add);
  if (isObject(value.ids)) [value.ids.users, value.ids.items].forEach(add);
  if (value.formatVersion === 1) files.push('user-ids.json', 'item-ids.json');
  return files;
}

type Fail = (field: string, expected: string, found: unknown) => never;

function fileRef(ref: Record<string, unknown>, field: string, version: 1 | 2, bytes: number | undefined, fail: Fail) {
  const { file } = ref;
  if (typeof file !== 'string' || !isPlainBaseName(file)) {
    fail(`${field}.file`, 'a plain file name in the model directory (no path)', file);
  }
  if (version === 1) return { file: file as string };
  const size = ref.bytes;
  if (!isCount(size)) return fail(`${field}.bytes`, 'a non-negative integer', size);
  if (bytes !== undefined && size !== bytes) fail(`${field}.bytes`, `length × 4 = ${bytes}`, size);
  const { sha256 } = ref;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) fail(`${field}.sha256`, '64 hex digits', sha256);
  return { file: file as string, bytes: size, sha256: sha256 as string };
}

function lengthSource(name: string): string {
  return name.startsWith('train-') ? 'trainRows' : `the length of ${RESERVED.validationUsers}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
