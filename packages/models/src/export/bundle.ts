// The exported-model format: a tfjs `model.json` whose `weightsManifest` (tfjs's WeightsManifestConfig) lists every
// array recsys needs to rebuild a model, stored in binary shards the way tfjs stores weights; what the arrays mean sits
// in `userDefinedMetadata.recsys`. Pure code (no Node built-ins): the browser build decodes with it.
import { IdMap, Interactions } from '@recsys/data';
import type { Json, ModelDirContents, StoredArray } from '../io/model-dir.js';
import { firstNonFinite, fromLittleEndianBytes, littleEndianBytes } from '../io/stored-array.js';
import { RECSYS_VERSION } from '../version.js';

/** The `format` field of an exported model's `model.json`. */
export const EXPORT_FORMAT = 'recsys-exported-model';

/** The version of the exported-model format this release writes and reads. */
export const EXPORT_FORMAT_VERSION = 1;

/** File name of an export's manifest, as tfjs names it. */
export const MODEL_JSON = 'model.json';

/** Largest weight shard written: 4 MiB, tfjs converter's default, so browsers and CDNs cache shards well. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

/** One weight of a tfjs weights manifest (`tf.io.WeightsManifestEntry`), as recsys writes them: 1-D, unquantised. */
export interface ExportedWeight {
  /** `ids/users`, `ids/items` (raw ids), `train/users`, `train/items` (the training pairs) or `arrays/<name>`. */
  name: string;
  /** `[length]`: recsys arrays are flat. */
  shape: number[];
  /** Raw ids are `string` (tfjs's encoding: a 4-byte little-endian byte length, then UTF-8), arrays their own type. */
  dtype: 'float32' | 'int32' | 'string';
}

/** A tfjs weights-manifest group (`tf.io.WeightsManifestGroupConfig`): its shards, and the weights stored in them. */
export interface ExportedWeightGroup {
  /** Shard file names, relative to `model.json`, in order: the weights are their concatenation. */
  paths: string[];
  /** The weights, in the order their bytes follow one another. */
  weights: ExportedWeight[];
}

/** What recsys needs besides the arrays to rebuild the model: `userDefinedMetadata.recsys` of `model.json`. */
export interface ExportedModelInfo {
  /** {@link EXPORT_FORMAT_VERSION} of the writer. */
  formatVersion: number;
  /** Registry name of the model, e.g. `'gmf'`. */
  model: string;
  /** The model's hyper-parameters and settings, as in its model directory. */
  config: { [key: string]: Json };
  /** Users of the model's index space (the length of `ids/users`). */
  numUsers: number;
  /** Items of the model's index space (the length of `ids/items`). */
  numItems: number;
  /** Training rows (the length of `train/users` and `train/items`). */
  trainRows: number;
  /** The recsys version that saved the model, when known. */
  savedBy?: string;
}

/**
 * An exported model's `model.json`: the fields of tfjs's `ModelJSON` that a weights-only artifact has. It has no
 * `modelTopology`, so `tf.loadLayersModel` cannot build it (a recsys model is not one tfjs graph: ItemPop, EASE and
 * iALS have none); tfjs's weight loaders read it (`tf.io.browserHTTPRequest(url).load()`, `tf.io.decodeWeights`), and
 * {@link loadExportedModel} rebuilds the recsys model from it.
 */
export interface ExportedModelJson {
  /** {@link EXPORT_FORMAT}. */
  format: string;
  /** `recsys <version>`: the release that exported it. */
  generatedBy: string;
  /** The tool that made it from a trained model, e.g. `recsys export`. */
  convertedBy: string;
  /** The arrays: one group, in shards of at most 4 MiB. */
  weightsManifest: ExportedWeightGroup[];
  /** `{ recsys: ExportedModelInfo }`. */
  userDefinedMetadata: { recsys: ExportedModelInfo };
}

/** The files of an export, in memory: `model.json` and its shards by file name. */
export interface EncodedExport {
  /** The parsed `model.json`. */
  modelJson: ExportedModelJson;
  /** Each shard's bytes, by the name `weightsManifest` gives it. */
  shards: Map<string, Uint8Array>;
}

const NAMES = {
  userIds: 'ids/users',
  itemIds: 'ids/items',
  trainUsers: 'train/users',
  trainItems: 'train/items',
} as const;
const ARRAY_PREFIX = 'arrays/';

/**
 * Encodes a model directory's contents as an export: the raw ids, the training pairs and every array, in shards of at
 * most `shardBytes`. The validation pairs are left out (they only let an evaluation warn about its test pairs).
 *
 * @throws when an array is not a Float32Array or an Int32Array, holds NaN or ±Infinity, or the id maps are too short.
 */
export function encodeExport(
  contents: ModelDirContents,
  { shardBytes = DEFAULT_SHARD_BYTES, convertedBy = 'recsys exportForBrowser' } = {},
): EncodedExport {
  const { model, train } = contents;
  const refuse = (why: string): never => {
    throw new Error(`cannot export the ${model} model: ${why}`);
  };
  if (!Number.isSafeInteger(shardBytes) || shardBytes < 1) refuse(`shardBytes must be a positive integer`);
  const weights: ExportedWeight[] = [];
  const parts: Uint8Array[] = [];
  const add = (name: string, dtype: ExportedWeight['dtype'], length: number, bytes: Uint8Array) => {
    weights.push({ name, shape: [length], dtype });
    parts.push(bytes);
  };
  const ids = (map: IdMap, count: number, what: string) => {
    const all = map.ids();
    if (all.length < count) refuse(`${all.length} ${what} ids for ${count} ${what}s: every index needs an id`);
    return all.slice(0, count);
  };
  add(NAMES.userIds, 'string', train.numUsers, encodeStrings(ids(train.userIds, train.numUsers, 'user')));
  add(NAMES.itemIds, 'string', train.numItems, encodeStrings(ids(train.itemIds, train.numItems, 'item')));
  add(NAMES.trainUsers, 'int32', train.size, littleEndianBytes(train.users));
  add(NAMES.trainItems, 'int32', train.size, littleEndianBytes(train.items));
  for (const [name, array] of Object.entries(contents.arrays)) {
    if (array instanceof Float32Array) {
      const bad = firstNonFinite(array);
      if (bad >= 0) refuse(`array "${name}" holds ${array[bad]} at index ${bad}: the model diverged in training`);
      add(ARRAY_PREFIX + name, 'float32', array.length, littleEndianBytes(array));
    } else if (array instanceof Int32Array) {
      add(ARRAY_PREFIX + name, 'int32', array.length, littleEndianBytes(array));
    } else {
      refuse(`array "${name}" is not a Float32Array or an Int32Array`);
    }
  }
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const count = Math.max(1, Math.ceil(total / shardBytes));
  const shards = new Map<string, Uint8Array>();
  const all = concat(parts, total);
  for (let k = 0; k < count; k++) {
    shards.set(
      `group1-shard${k + 1}of${count}.bin`,
      all.subarray(k * shardBytes, Math.min(total, (k + 1) * shardBytes)),
    );
  }
  const info: ExportedModelInfo = {
    formatVersion: EXPORT_FORMAT_VERSION,
    model,
    config: contents.config,
    numUsers: train.numUsers,
    numItems: train.numItems,
    trainRows: train.size,
    ...(contents.savedBy !== undefined && { savedBy: contents.savedBy }),
  };
  const modelJson: ExportedModelJson = {
    format: EXPORT_FORMAT,
    generatedBy: `recsys ${RECSYS_VERSION}`,
    convertedBy,
    weightsManifest: [{ paths: [...shards.keys()], weights }],
    userDefinedMetadata: { recsys: info },
  };
  return { modelJson, shards };
}

/**
 * Checks a parsed `model.json` as an export this release reads, before any shard is fetched.
 *
 * @param where - what the JSON came from (a URL, a path), named in every error.
 * @throws naming the field that is wrong.
 */
export function checkExportedModelJson(value: unknown, where: string): ExportedModelJson {
  const fail = (field: string, expected: string, found: unknown): never => {
    throw new Error(`${where}: ${field} must be ${expected}, found ${show(found)}`);
  };
  if (!isObject(value)) return fail('model.json', 'a JSON object', value);
  if (value.format !== EXPORT_FORMAT) {
    const hint =
      'modelTopology' in value ? ' (a tfjs model: load it with tf.loadLayersModel or tf.loadGraphModel)' : '';
    throw new Error(
      `${where}: not a model exported by recsys (format must be "${EXPORT_FORMAT}", found ${show(value.format)})${hint}`,
    );
  }
  const meta = isObject(value.userDefinedMetadata) ? value.userDefinedMetadata.recsys : undefined;
  if (!isObject(meta)) return fail('userDefinedMetadata.recsys', 'an object', meta);
  if (meta.formatVersion !== EXPORT_FORMAT_VERSION) {
    throw new Error(
      `${where}: export format version ${show(meta.formatVersion)} is not one this recsys (${RECSYS_VERSION}) reads ` +
        `(${EXPORT_FORMAT_VERSION}); export the model again with this release`,
    );
  }
  if (typeof meta.model !== 'string' || meta.model === '')
    fail('userDefinedMetadata.recsys.model', 'a name', meta.model);
  if (!isObject(meta.config)) fail('userDefinedMetadata.recsys.config', 'an object', meta.config);
  for (const key of ['numUsers', 'numItems', 'trainRows'] as const) {
    const n = meta[key];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      fail(`userDefinedMetadata.recsys.${key}`, 'an integer ≥ 0', n);
    }
  }
  if (meta.savedBy !== undefined && typeof meta.savedBy !== 'string') {
    fail('userDefinedMetadata.recsys.savedBy', 'a string', meta.savedBy);
  }
  const groups = value.weightsManifest;
  if (!Array.isArray(groups) || groups.length === 0) return fail('weightsManifest', 'a non-empty array', groups);
  const names = new Set<string>();
  groups.forEach((group: unknown, g) => {
    const at = `weightsManifest[${g}]`;
    if (!isObject(group)) return fail(at, 'an object { paths, weights }', group);
    const { paths, weights } = group;
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every(isShardPath)) {
      fail(`${at}.paths`, 'a non-empty array of file names next to model.json', paths);
    }
    if (!Array.isArray(weights)) return fail(`${at}.weights`, 'an array', weights);
    weights.forEach((weight: unknown, w) => {
      const wat = `${at}.weights[${w}]`;
      if (!isObject(weight)) return fail(wat, 'an object { name, shape, dtype }', weight);
      if (typeof weight.name !== 'string' || names.has(weight.name)) {
        fail(`${wat}.name`, 'a string no other weight has', weight.name);
      }
      names.add(weight.name as string);
      const { shape } = weight;
      if (!Array.isArray(shape) || shape.length !== 1 || !Number.isSafeInteger(shape[0]) || shape[0] < 0) {
        fail(`${wat}.shape`, 'a 1-D shape [length]', shape);
      }
      if (weight.dtype !== 'float32' && weight.dtype !== 'int32' && weight.dtype !== 'string') {
        fail(`${wat}.dtype`, '"float32", "int32" or "string"', weight.dtype);
      }
      if (weight.quantization !== undefined) fail(`${wat}.quantization`, 'absent (recsys exports are exact)', 1);
    });
  });
  for (const name of Object.values(NAMES)) {
    if (!names.has(name)) throw new Error(`${where}: weightsManifest has no "${name}" weight`);
  }
  return value as unknown as ExportedModelJson;
}

/**
 * Decodes an export into a model directory's contents (what a registry entry's `restore` takes), checking every
 * weight: each shard's size, finite floats, raw ids that are distinct strings, one per index, and training pairs inside
 * the index space.
 *
 * @param shards - the bytes of every path of `modelJson.weightsManifest`, by path.
 * @param where - what the export came from, named in every error.
 * @throws naming the weight or the shard that is wrong.
 */
export function decodeExport(
  modelJson: ExportedModelJson,
  shards: ReadonlyMap<string, Uint8Array>,
  where: string,
): ModelDirContents {
  const info = modelJson.userDefinedMetadata.recsys;
  const values = new Map<string, StoredArray | string[]>();
  for (const { paths, weights } of modelJson.weightsManifest) {
    const parts = paths.map((path) => {
      const bytes = shards.get(path);
      if (!bytes) throw new Error(`${where}: the shard ${path} is missing`);
      return bytes;
    });
    const data = concat(
      parts,
      parts.reduce((sum, part) => sum + part.byteLength, 0),
    );
    let offset = 0;
    const take = (bytes: number, name: string) => {
      if (offset + bytes > data.byteLength) {
        throw new Error(
          `${where}: the shards of weight "${name}" end at byte ${data.byteLength}, before its ${bytes} bytes at ` +
            `${offset}: a shard is truncated (${paths.join(', ')})`,
        );
      }
      const slice = data.subarray(offset, offset + bytes);
      offset += bytes;
      return slice;
    };
    for (const { name, shape, dtype } of weights) {
      const length = shape[0]!;
      if (dtype === 'string') {
        const strings: string[] = [];
        const decoder = new TextDecoder('utf-8', { fatal: true });
        for (let k = 0; k < length; k++) {
          const head = take(4, name);
          const bytes = take(new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true), name);
          try {
            strings.push(decoder.decode(bytes));
          } catch {
            throw new Error(`${where}: string ${k} of weight "${name}" is not UTF-8`);
          }
        }
        values.set(name, strings);
      } else {
        const array = fromLittleEndianBytes(take(length * 4, name), dtype);
        const bad = array instanceof Float32Array ? firstNonFinite(array) : -1;
        if (bad >= 0) throw new Error(`${where}: weight "${name}" holds ${array[bad]} at index ${bad}`);
        values.set(name, array);
      }
    }
    if (offset !== data.byteLength) {
      throw new Error(
        `${where}: the shards ${paths.join(', ')} hold ${data.byteLength} bytes, their weights ${offset}: a shard is ` +
          'not the one this model.json was written with',
      );
    }
  }
  const ids = (name: string, count: number, field: string): IdMap => {
    const list = values.get(name);
    if (!Array.isArray(list) || list.length !== count) {
      throw new Error(`${where}: weight "${name}" must hold ${field} = ${count} raw ids`);
    }
    try {
      return IdMap.from(list);
    } catch (error) {
      throw new Error(`${where}: weight "${name}": ${(error as Error).message}`);
    }
  };
  const pairs = (name: string, size: number, field: string): Int32Array => {
    const column = values.get(name);
    if (!(column instanceof Int32Array) || column.length !== info.trainRows) {
      throw new Error(`${where}: weight "${name}" must be int32 of length trainRows = ${info.trainRows}`);
    }
    const k = column.findIndex((index) => !(index >= 0 && index < size));
    if (k >= 0) throw new Error(`${where}: weight "${name}" holds ${column[k]} at row ${k}, outside [0, ${field})`);
    return column;
  };
  const train = Interactions.fromColumns(
    {
      users: pairs(NAMES.trainUsers, info.numUsers, `numUsers = ${info.numUsers}`),
      items: pairs(NAMES.trainItems, info.numItems, `numItems = ${info.numItems}`),
    },
    {
      userIds: ids(NAMES.userIds, info.numUsers, 'numUsers'),
      itemIds: ids(NAMES.itemIds, info.numItems, 'numItems'),
      numUsers: info.numUsers,
      numItems: info.numItems,
    },
  );
  const arrays: [string, StoredArray][] = [];
  for (const [name, value] of values) {
    if (!name.startsWith(ARRAY_PREFIX)) {
      if (!(Object.values(NAMES) as string[]).includes(name)) {
        throw new Error(`${where}: weight "${name}" is not one recsys exports (arrays are named "${ARRAY_PREFIX}…")`);
      }
      continue;
    }
    if (Array.isArray(value)) throw new Error(`${where}: weight "${name}" must be float32 or int32, not string`);
    arrays.push([name.slice(ARRAY_PREFIX.length), value]);
  }
  return {
    model: info.model,
    config: info.config,
    // fromEntries defines own properties, so a hostile name such as "__proto__" stays a name.
    arrays: Object.fromEntries(arrays),
    train,
    savedBy: info.savedBy,
  };
}

/** Each string as tfjs stores it in a weight: its UTF-8 byte length (4 bytes, little-endian), then its bytes. */
function encodeStrings(strings: readonly string[]): Uint8Array {
  const encoder = new TextEncoder();
  const encoded = strings.map((s) => encoder.encode(s));
  const out = new Uint8Array(encoded.reduce((sum, bytes) => sum + 4 + bytes.byteLength, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const bytes of encoded) {
    view.setUint32(offset, bytes.byteLength, true);
    out.set(bytes, offset + 4);
    offset += 4 + bytes.byteLength;
  }
  return out;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** A shard path recsys reads: a plain file name beside `model.json` (no directory, no URL, no `..`). */
function isShardPath(path: unknown): boolean {
  return typeof path === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(path) && path !== '..';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
