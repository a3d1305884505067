import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { makeFifo } from '../../test/fifo.js';
import { RECSYS_VERSION } from '../version.js';
import { nodeDirFs, type DirFs } from './dir-fs.js';
import { LOCK_FILE } from './file-names.js';
import { MANIFEST_FILE, readModelDir, writeModelDir, writeModelDirWith, type ModelDirContents } from './model-dir.js';
import type { StoredArray } from './stored-array.js';
import { values } from '../../test/kill-test-models.js';

const fixtures = join(__dirname, '..', '..', 'test', 'fixtures', 'saved-0.1.0');
const fresh = (name = 'model') => join(mkdtempSync(join(tmpdir(), 'recsys-model-dir-')), name);

// 3 users × 4 items, 5 training rows; the validation pairs are two others.
const train = Interactions.fromColumns(
  { users: Int32Array.of(0, 0, 1, 2, 2), items: Int32Array.of(0, 1, 1, 2, 3) },
  { userIds: IdMap.from(['alice', 'bob', 'carol']), itemIds: IdMap.from(['w', 'x', 'y', 'z']) },
);

/** Model A: a GMF-like model with validation pairs. */
const modelA: ModelDirContents = {
  model: 'gmf',
  config: { factors: 2, l2: 0 },
  arrays: { 'table.user': values(6, 1), 'table.item': values(8, 2), counts: Int32Array.of(1, 2, 1, 1) },
  train,
  validation: { users: Int32Array.of(1, 0), items: Int32Array.of(3, 2) },
};

/** Model B: another model on the same training log (so the training files are shared by name), other arrays. */
const modelB: ModelDirContents = {
  model: 'mlp',
  config: { layers: [4, 2] },
  arrays: { 'table.user': values(6, 3), 'dense.0': values(8, 4) },
  train,
};

function sameArray(a: StoredArray | undefined, b: StoredArray | undefined): boolean {
  return (
    !!a && !!b && a.constructor === b.constructor && a.length === b.length && a.every((v, k) => Object.is(v, b[k]))
  );
}

/** Whether `read` holds exactly `expected`: model, config, arrays, ids, training and validation pairs. */
function same(read: ModelDirContents, expected: ModelDirContents): boolean {
  const names = Object.keys(expected.arrays).sort();
  return (
    read.model === expected.model &&
    JSON.stringify(read.config) === JSON.stringify(expected.config) &&
    JSON.stringify(Object.keys(read.arrays).sort()) === JSON.stringify(names) &&
    names.every((name) => sameArray(read.arrays[name], expected.arrays[name])) &&
    sameArray(read.train.users, expected.train.users) &&
    sameArray(read.train.items, expected.train.items) &&
    read.train.numUsers === expected.train.numUsers &&
    read.train.numItems === expected.train.numItems &&
    JSON.stringify(read.train.userIds.ids()) ===
      JSON.stringify(expected.train.userIds.ids().slice(0, read.train.numUsers)) &&
    JSON.stringify(read.train.itemIds.ids()) ===
      JSON.stringify(expected.train.itemIds.ids().slice(0, read.train.numItems)) &&
    !read.validation === !expected.validation &&
    (!expected.validation ||
      (sameArray(read.validation!.users, expected.validation.users) &&
        sameArray(read.validation!.items, expected.validation.items)))
  );
}

type ManifestJson = {
  formatVersion: number;
  numUsers: number;
  arrays: Record<string, { file: string; length: number; bytes?: number; sha256?: string; dtype: string }>;
  ids: Record<'users' | 'items', { file: string; bytes: number; sha256: string }>;
};

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as ManifestJson;

function editManifest(dir: string, edit: (manifest: ManifestJson) => void): void {
  const manifest = manifestOf(dir);
  edit(manifest);
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
}

/** The file of array `name` in a v2 directory. */
const fileOf = (dir: string, name: string) => join(dir, manifestOf(dir).arrays[name]!.file);

/** Rewrites array `name` of a v2 directory with `array` and records its new checksum, as a forger would. */
function forgeArray(dir: string, name: string, array: StoredArray): void {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  writeFileSync(fileOf(dir, name), bytes);
  editManifest(dir, (manifest) => {
    manifest.arrays[name]!.sha256 = createHash('sha256').update(bytes).digest('hex');
  });
}

/** A copy of a directory recsys 0.1.0 wrote. */
function v1Copy(name = 'gmf'): string {
  const dir = fresh(name);
  cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}

const listing = (dir: string) => readdirSync(dir).sort();

/** The files a save of the directory's current manifest needs, and the manifest. */
function modelFiles(dir: string): string[] {
  const manifest = manifestOf(dir);
  const files = [...Object.values(manifest.arrays), ...Object.values(manifest.ids)].map((ref) => ref.file);
  return [...new Set([MANIFEST_FILE, ...files])].sort();
}

describe('model directories', () => {
  it('round-trip a model: arrays, config, ids, training and validation pairs, and who saved it', async () => {
    const dir = fresh();
    expect(await writeModelDir(dir, modelA)).toEqual({ replaced: undefined });
    const read = await readModelDir(dir);
    expect(same(read, modelA)).toBe(true);
    expect(read.savedBy).toBe(RECSYS_VERSION);
    expect(read.arrays.counts).toBeInstanceOf(Int32Array);
    expect(read.train.userIds.ids()).toEqual(['alice', 'bob', 'carol']);
    expect(read.arrays['train-users']).toBeUndefined(); // the format's own arrays are not the model's
    // The manifest records each file's size and sha256; data files are named by content.
    const manifest = manifestOf(dir);
    expect(manifest.formatVersion).toBe(2);
    for (const ref of [...Object.values(manifest.arrays), ...Object.values(manifest.ids)]) {
      const bytes = readFileSync(join(dir, ref.file));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect(ref).toMatchObject({ bytes: bytes.length, sha256 });
      expect(ref.file).toMatch(new RegExp(`\\.${sha256.slice(0, 16)}\\.(bin|json)$`));
    }
    expect(Object.keys(manifest.arrays).sort()).toEqual(
      [
        'counts',
        'table.item',
        'table.user',
        'train-items',
        'train-users',
        'validation-items',
        'validation-users',
      ].sort(),
    );
    expect(listing(dir)).toEqual(modelFiles(dir));
  });

  it('read without validation pairs when none were saved', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelB);
    const read = await readModelDir(dir);
    expect(read.validation).toBeUndefined();
    expect(same(read, modelB)).toBe(true);
  });

  it('save the ids of the model’s index space only, when the log’s id map grew after it was built', async () => {
    const userIds = IdMap.from(['a', 'b']);
    const log = Interactions.fromColumns({ users: Int32Array.of(0, 1), items: Int32Array.of(0, 0) }, { userIds });
    userIds.add('c'); // a test split loaded later with the same map
    const dir = fresh();
    await writeModelDir(dir, { ...modelB, arrays: {}, train: log });
    expect((await readModelDir(dir)).train.userIds.ids()).toEqual(['a', 'b']);
    const short = Interactions.fromColumns(
      { users: Int32Array.of(0, 2), items: Int32Array.of(0, 0) },
      { userIds: IdMap.from(['a']), numUsers: 3 },
    );
    await expect(writeModelDir(fresh(), { ...modelB, arrays: {}, train: short })).rejects.toThrow(
      'cannot save the mlp model: 1 user ids for 3 users: every index needs an id',
    );
  });

  it.each(['gmf', 'mlp', 'neumf', 'bprmf'])('read the %s directory recsys 0.1.0 wrote (format v1)', async (name) => {
    const read = await readModelDir(join(fixtures, name));
    expect(read.model).toBe(name);
    expect(read.savedBy).toBeUndefined();
    expect(read.validation).toBeUndefined();
    expect([read.train.numUsers, read.train.numItems, read.train.size]).toEqual([12, 15, 67]);
    expect(read.train.userIds.ids()[11]).toBe('u11');
    expect(Object.values(read.arrays).every((array) => array instanceof Float32Array)).toBe(true);
  });

  it('read a v1 directory whose id map had grown past the model (0.1.0 saved the whole map): the extra ids go', async () => {
    const dir = v1Copy();
    const users = JSON.parse(readFileSync(join(dir, 'user-ids.json'), 'utf8')) as string[];
    writeFileSync(join(dir, 'user-ids.json'), JSON.stringify([...users, 'later']));
    const read = await readModelDir(dir);
    expect(read.train.userIds.size).toBe(12);
    expect(read.train.userIds.has('later')).toBe(false);
  });
});

describe('exact file sizes (a short file was read as uninitialised memory)', () => {
  // recsys 0.1.0 read an empty file as a view of the Buffer pool it came in (8 KiB for small Buffers, 64 KiB for
  // readFile's): with a manifest claiming that many values, whatever other code had left there loaded as weights.
  it.each([2048, 16384])('refuse an empty weights file whose manifest claims %i values (v1)', async (length) => {
    const dir = v1Copy();
    writeFileSync(join(dir, 'dense.gmf_head.1.bin'), '');
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as ManifestJson;
    manifest.arrays['dense.gmf_head.1']!.length = length;
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(readModelDir(dir)).rejects.toThrow(
      `${join(dir, 'dense.gmf_head.1.bin')}: 0 bytes, expected ${length * 4} (${length} float32 values)`,
    );
  });

  it.each([
    ['empty', 0],
    ['short', 20],
    ['long', 28],
  ])('refuse a %s weights file, naming it', async (_, size) => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const path = fileOf(dir, 'table.item');
    writeFileSync(path, new Uint8Array(size));
    await expect(readModelDir(dir)).rejects.toThrow(`${path}: ${size} bytes, expected 32 (8 float32 values)`);
  });

  it('refuse a truncated training file in v1 too', async () => {
    const dir = v1Copy('mlp');
    truncateSync(join(dir, 'train-items.bin'), 264);
    await expect(readModelDir(dir)).rejects.toThrow(/train-items\.bin: 264 bytes, expected 268 \(67 int32 values\)/);
  });
});

describe('checksums', () => {
  it('name the weights file whose content changed, size unchanged', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const path = fileOf(dir, 'table.user');
    const bytes = readFileSync(path);
    bytes[5]! ^= 0x10;
    writeFileSync(path, bytes);
    await expect(readModelDir(dir)).rejects.toThrow(
      new RegExp(`${basename(path)}: the content does not match its checksum`),
    );
  });

  it('name the id file whose content changed', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const path = join(dir, manifestOf(dir).ids.items.file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"x"', '"q"'));
    await expect(readModelDir(dir)).rejects.toThrow(new RegExp(`${basename(path)}: the content does not match`));
  });

  it('are not asked of v1 directories, which have none', async () => {
    const dir = v1Copy();
    const path = join(dir, 'table.gmf_user.bin');
    const bytes = readFileSync(path);
    bytes[0]! ^= 0x01; // a changed mantissa bit: still a finite weight
    writeFileSync(path, bytes);
    expect((await readModelDir(dir)).arrays['table.gmf_user']![0]).not.toBe(
      (await readModelDir(join(fixtures, 'gmf'))).arrays['table.gmf_user']![0],
    );
  });
});

describe('non-finite weights', () => {
  it.each([NaN, Infinity, -Infinity])(
    'are not saved: %s, naming the array and index, the old model kept',
    async (bad) => {
      const dir = fresh();
      await writeModelDir(dir, modelB);
      const before = listing(dir);
      const diverged = { ...modelA, arrays: { ...modelA.arrays, 'table.item': Float32Array.of(0, 1, 2, bad, bad) } };
      await expect(writeModelDir(dir, diverged)).rejects.toThrow(
        `cannot save the gmf model: array "table.item" holds ${bad} at index 3: the model diverged during training; ` +
          'train it again with a lower learning rate',
      );
      expect(listing(dir)).toEqual(before);
      expect(same(await readModelDir(dir), modelB)).toBe(true);
      const nowhere = fresh();
      await expect(writeModelDir(nowhere, diverged)).rejects.toThrow(/diverged/);
      expect(existsSync(nowhere)).toBe(false);
    },
  );

  it('are not loaded, even with a matching checksum', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    forgeArray(dir, 'table.user', Float32Array.of(0, NaN, 0, 0, 0, 0));
    await expect(readModelDir(dir)).rejects.toThrow(
      `${fileOf(dir, 'table.user')}: array "table.user" holds NaN at index 1: the model diverged when it was ` +
        'trained; train it again with a lower learning rate',
    );
  });

  it('are not loaded from v1 directories either', async () => {
    const dir = v1Copy();
    writeFileSync(join(dir, 'dense.gmf_head.1.bin'), new Uint8Array(Float32Array.of(-Infinity).buffer));
    await expect(readModelDir(dir)).rejects.toThrow(
      /dense\.gmf_head\.1\.bin: array "dense\.gmf_head\.1" holds -Infinity/,
    );
  });
});

describe('hostile manifests', () => {
  /** A v2 directory of model A whose `table.item` entry names `file` (of the right size, when it is one). */
  async function pointing(file: string): Promise<string> {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    editManifest(dir, (manifest) => {
      manifest.arrays['table.item']!.file = file;
    });
    return dir;
  }

  it('cannot name a file outside the directory: ../, an absolute path, /dev/zero', async () => {
    const outside = fresh('outside.bin');
    writeFileSync(outside, new Uint8Array(32)); // right size: only the name can stop it
    const dir = await pointing(join('..', '..', basename(join(outside, '..')), 'outside.bin'));
    const field = `${join(dir, MANIFEST_FILE)}: arrays["table.item"].file must be a plain file name`;
    await expect(readModelDir(dir)).rejects.toThrow(field);
    for (const file of [outside, '/etc/hostname', '/dev/zero', '..', '.', 'a/../../b']) {
      const hostile = await pointing(file);
      await expect(readModelDir(hostile)).rejects.toThrow(`${join(hostile, MANIFEST_FILE)}: arrays["table.item"].file`);
    }
  });

  it('cannot follow a symbolic link, even to a file of the right size and content', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const path = fileOf(dir, 'table.item');
    const target = fresh('elsewhere.bin');
    cpSync(path, target);
    rmSync(path);
    symlinkSync(target, path);
    await expect(readModelDir(dir)).rejects.toThrow(`${path}: is a symbolic link, not a regular file`);
  });

  it('cannot name a directory', async () => {
    const dir = await pointing('sub');
    mkdirSync(join(dir, 'sub'));
    await expect(readModelDir(dir)).rejects.toThrow(`${join(dir, 'sub')}: is a directory, not a regular file`);
  });

  it('cannot make a read hang on a FIFO', { timeout: 5000 }, async (context) => {
    const dir = await pointing('fifo.bin');
    const skip = makeFifo(join(dir, 'fifo.bin'));
    if (skip) {
      console.log(`FIFO test skipped: ${skip}`);
      return context.skip();
    }
    await expect(readModelDir(dir)).rejects.toThrow(`${join(dir, 'fifo.bin')}: is a FIFO, not a regular file`);
    // Every field is checked before any file is opened: a bad field elsewhere is reported, not the FIFO read.
    editManifest(dir, (manifest) => {
      manifest.arrays['counts']!.length = -3;
    });
    await expect(readModelDir(dir)).rejects.toThrow(
      `${join(dir, MANIFEST_FILE)}: arrays["counts"].length must be a non-negative integer, found -3`,
    );
  });

  it.each([
    ['numUsers', (m: ManifestJson) => void (m.numUsers = -1), 'numUsers must be a non-negative integer, found -1'],
    ['length', (m: ManifestJson) => void (m.arrays['table.user']!.length = 1.5), 'arrays["table.user"].length must be'],
    ['dtype', (m: ManifestJson) => void (m.arrays['counts']!.dtype = 'uint8'), 'arrays["counts"].dtype must be'],
    ['bytes', (m: ManifestJson) => void (m.arrays['counts']!.bytes = 17), 'arrays["counts"].bytes must be length × 4'],
    ['sha256', (m: ManifestJson) => void delete m.arrays['counts']!.sha256, 'arrays["counts"].sha256 must be 64 hex'],
    ['ids', (m: ManifestJson) => void (m.ids.users.file = '../u.json'), 'ids.users.file must be a plain file name'],
  ])('name the field: %s', async (_, edit, message) => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    editManifest(dir, edit);
    await expect(readModelDir(dir)).rejects.toThrow(`${join(dir, MANIFEST_FILE)}: ${message}`);
  });

  it('name a manifest or id file that is not JSON', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    writeFileSync(join(dir, MANIFEST_FILE), '{"format": "recsys-model", "formatVersion": 2,');
    await expect(readModelDir(dir)).rejects.toThrow(`${join(dir, MANIFEST_FILE)}: not valid JSON (`);
    const v1 = v1Copy();
    writeFileSync(join(v1, 'user-ids.json'), '["u0", ');
    await expect(readModelDir(v1)).rejects.toThrow(`${join(v1, 'user-ids.json')}: not valid JSON (`);
  });

  it.each([
    ['not an array', '{"u0": 0}', 'must be a JSON array of user ids'],
    ['not strings', '["u0", 1]', 'user id 1 is 1, not a string'],
    ['too few', '["u0", "u1"]', '2 user ids, the manifest says numUsers = 12'],
    [
      'duplicated',
      JSON.stringify([...Array(11).keys()].map((k) => `u${k}`).concat('u3')),
      'user id "u3" appears twice (3, 11)',
    ],
  ])('refuse user ids that are %s', async (_, text, message) => {
    const dir = v1Copy();
    writeFileSync(join(dir, 'user-ids.json'), text);
    await expect(readModelDir(dir)).rejects.toThrow(`${join(dir, 'user-ids.json')}: ${message}`);
  });

  it('refuse more ids than the model has in v2 (exact, unlike v1)', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const ref = manifestOf(dir).ids.items;
    const text = JSON.stringify(['w', 'x', 'y', 'z', 'extra']);
    writeFileSync(join(dir, ref.file), text);
    editManifest(dir, (manifest) => {
      manifest.ids.items.bytes = text.length;
      manifest.ids.items.sha256 = createHash('sha256').update(text).digest('hex');
    });
    await expect(readModelDir(dir)).rejects.toThrow(
      `${join(dir, ref.file)}: 5 item ids, the manifest says numItems = 4`,
    );
  });

  it('refuse training and validation pairs outside the index space', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    forgeArray(dir, 'train-items', Int32Array.of(0, 1, 1, 4, 3));
    await expect(readModelDir(dir)).rejects.toThrow(
      `${join(dir, MANIFEST_FILE)}: arrays["train-items"] holds 4 at row 3, outside [0, numItems = 4)`,
    );
    const other = fresh();
    await writeModelDir(other, modelA);
    forgeArray(other, 'validation-users', Int32Array.of(-1, 0));
    await expect(readModelDir(other)).rejects.toThrow(
      `${join(other, MANIFEST_FILE)}: arrays["validation-users"] holds -1 at row 0, outside [0, numUsers = 3)`,
    );
    const bad = { ...modelA, validation: { users: Int32Array.of(0, 3), items: Int32Array.of(0, 0) } };
    await expect(writeModelDir(fresh(), bad)).rejects.toThrow(
      "cannot save the gmf model: validation pair 1 has user index 3, outside the training log's [0, 3)",
    );
  });

  it('keep a hostile array name a name', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const text = readFileSync(join(dir, MANIFEST_FILE), 'utf8').replace('"counts"', '"__proto__"');
    writeFileSync(join(dir, MANIFEST_FILE), text);
    const read = await readModelDir(dir);
    expect(Object.getPrototypeOf(read.arrays)).toBe(Object.prototype);
    expect(Object.keys(read.arrays)).toContain('__proto__');
  });
});

describe('saving over what is there', () => {
  it('refuses a file, or a non-empty directory that holds no model, naming it and touching nothing', async () => {
    const file = fresh('model.txt');
    writeFileSync(file, 'not a directory');
    await expect(writeModelDir(file, modelA)).rejects.toThrow(
      `cannot save the model to ${file}: it exists and is not a directory`,
    );
    const home = fresh('home');
    mkdirSync(home);
    writeFileSync(join(home, 'thesis.tex'), 'years of work');
    await expect(writeModelDir(home, modelA)).rejects.toThrow(
      `cannot save the model to ${home}: the directory is not empty (thesis.tex) and holds no recsys model`,
    );
    expect(listing(home)).toEqual(['thesis.tex']);
  });

  it('writes into a directory holding only an interrupted save’s leftovers, and removes them', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'table.user.0123456789abcdef.bin'), 'partial');
    writeFileSync(join(dir, '.recsys-0123456789abcdef.tmp'), 'partial');
    expect(await writeModelDir(dir, modelA)).toEqual({ replaced: undefined });
    expect(listing(dir)).toEqual(modelFiles(dir));
  });

  it('replaces a model, says which, and removes its files and leftovers but nothing of the user’s', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const aFiles = modelFiles(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    mkdirSync(join(dir, 'plots'));
    writeFileSync(join(dir, 'old.0123456789abcdef.bin'), 'an interrupted save');
    expect(await writeModelDir(dir, modelB)).toEqual({ replaced: { model: 'gmf', savedBy: RECSYS_VERSION } });
    expect(same(await readModelDir(dir), modelB)).toBe(true);
    expect(listing(dir)).toEqual([...modelFiles(dir), 'notes.txt', 'plots'].sort());
    // The training files are the same content, hence the same names: kept; A's own are gone.
    const shared = aFiles.filter((file) => modelFiles(dir).includes(file));
    expect(shared.filter((f) => f.startsWith('train-')).length).toBe(2);
    expect(await writeModelDir(dir, modelB)).toEqual({ replaced: { model: 'mlp', savedBy: RECSYS_VERSION } });
    expect(listing(dir)).toEqual([...modelFiles(dir), 'notes.txt', 'plots'].sort());
  });

  it('replaces a v1 model (recsys 0.1.0), removing its fixed-name files', async () => {
    const dir = v1Copy();
    expect(await writeModelDir(dir, modelA)).toEqual({ replaced: { model: 'gmf', savedBy: undefined } });
    expect(listing(dir)).toEqual(modelFiles(dir));
    expect(same(await readModelDir(dir), modelA)).toBe(true);
  });

  it('refuses a directory whose manifest is not a recsys one', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, MANIFEST_FILE), '{"format": "something-else"}');
    await expect(writeModelDir(dir, modelA)).rejects.toThrow(/recsys-model\.json is not a recsys model manifest/);
  });
});

/** Thrown by {@link crashingFs} at its crash point. */
class Crash extends Error {}

/**
 * The real file system until step `at` (0-based), where the process "dies": that step and every later one never
 * happen; with `torn`, a dying write leaves half its bytes behind, as a write cut short by a kill would.
 */
function crashingFs(at: number, torn = false): { fs: DirFs; steps: string[] } {
  const steps: string[] = [];
  let dead = false;
  const step = async (name: string, run: () => Promise<void>, tear?: () => void) => {
    if (!dead && steps.length === at) {
      dead = true;
      if (torn) tear?.();
    }
    if (dead) throw new Crash(`crashed before ${name}`);
    steps.push(name);
    await run();
  };
  const fs: DirFs = {
    mkdir: (dir) => step('mkdir', () => nodeDirFs.mkdir(dir)),
    writeFile: (path, bytes) =>
      step(
        'writeFile',
        () => nodeDirFs.writeFile(path, bytes),
        () => writeFileSync(path, bytes.subarray(0, bytes.length >> 1)),
      ),
    rename: (from, to) => step(`rename → ${basename(to)}`, () => nodeDirFs.rename(from, to)),
    unlink: (path) => step('unlink', () => nodeDirFs.unlink(path)),
    syncDir: (dir) => step('syncDir', () => nodeDirFs.syncDir(dir)),
  };
  return { fs, steps };
}

describe('a save that crashes after any step', () => {
  /**
   * Saves model B over what `setUp` leaves in a fresh directory, crashing at every step in turn (and tearing each
   * write), and checks the directory then reads as exactly the old model or exactly B: the old one up to the
   * manifest's rename, B after it. A later complete save must leave only its own files. Returns the steps of a
   * complete save and the outcome after each crash.
   */
  async function crashEverywhere(
    setUp: (dir: string) => Promise<void>,
    old: ModelDirContents | undefined,
    { v1 = false } = {},
  ) {
    const complete = crashingFs(Infinity);
    const probe = fresh();
    await setUp(probe);
    await writeModelDirWith(complete.fs, probe, modelB);
    const steps = complete.steps;
    const before = old ? 'old' : 'no model';
    const outcomes: string[] = [];
    const byStep: string[] = [];
    const v1Files = readdirSync(join(fixtures, 'gmf'));
    for (let at = 0; at <= steps.length; at++) {
      for (const torn of steps[at] === 'writeFile' ? [false, true] : [false]) {
        const dir = fresh();
        await setUp(dir);
        const save = writeModelDirWith(crashingFs(at, torn).fs, dir, modelB);
        if (at < steps.length) {
          // A crash while stale files are removed comes wrapped: "the model is saved, but removing … failed".
          const error = await save.then(
            () => undefined,
            (e: Error) => e,
          );
          expect(error instanceof Crash || error?.cause instanceof Crash, `${error}`).toBe(true);
        } else await save;
        const where = `crash before step ${at} (${steps[at] ?? 'none'}${torn ? ', torn' : ''})`;
        let outcome: string;
        try {
          const read = await readModelDir(dir);
          outcome = same(read, modelB) ? 'new' : old && same(read, old) ? 'old' : 'a mix';
        } catch (error) {
          outcome = old ? `an error: ${(error as Error).message}` : 'no model';
        }
        expect([before, 'new'], where).toContain(outcome);
        expect(byStep[at] ?? outcome, `${where}: a torn write ends as a clean crash does`).toBe(outcome);
        byStep[at] = outcome;
        outcomes.push(outcome);
        // Whatever the crash left, the next save goes through and leaves only its own files. (A crash while an
        // upgraded v1 directory's fixed-name files were being removed leaves the rest of them: the new manifest does
        // not name them and they are not of a save's shapes, so no later save removes them either.)
        await writeModelDir(dir, modelA);
        const extra = listing(dir).filter((file) => !modelFiles(dir).includes(file));
        if (v1 && outcome === 'new')
          expect(
            extra.filter((file) => !v1Files.includes(file)),
            where,
          ).toEqual([]);
        else expect(extra, where).toEqual([]);
      }
    }
    // The switch from old to new is the manifest's rename, the single commit point.
    const commit = steps.indexOf(`rename → ${MANIFEST_FILE}`);
    expect(commit).toBeGreaterThan(0);
    expect(byStep).toEqual(steps.map((_, at) => (at > commit ? 'new' : before)).concat('new'));
    return { steps, outcomes };
  }

  it('leaves the old model or the new one, never a mix, at every step', async () => {
    const { steps, outcomes } = await crashEverywhere(
      (dir) => writeModelDir(dir, modelA).then(() => undefined),
      modelA,
    );
    // B's 4 arrays and 2 id files, each written to a temp name and renamed; a sync; the manifest written and renamed
    // over the old one; a sync; A's own files removed (the training pairs and ids are B's too) and a last sync.
    const kinds = steps.map((step) => (step.startsWith('rename') && !step.endsWith(MANIFEST_FILE) ? 'rename' : step));
    expect(kinds).toEqual([
      ...Array<string[]>(6).fill(['writeFile', 'rename']).flat(),
      'syncDir',
      'writeFile',
      `rename → ${MANIFEST_FILE}`,
      'syncDir',
      ...Array<string>(5).fill('unlink'), // A's counts, table.user, table.item, validation users and items
      'syncDir',
    ]);
    // 15 crash points before the commit (7 of them also torn writes), 8 after it.
    expect(outcomes.filter((o) => o === 'old').length).toBe(15 + 7);
    expect(outcomes.filter((o) => o === 'new').length).toBe(8);
  });

  it('leaves the v1 model (recsys 0.1.0) or the new one, at every step of an upgrade', async () => {
    const gmf = await readModelDir(join(fixtures, 'gmf'));
    const { outcomes } = await crashEverywhere(
      async (dir) => cpSync(join(fixtures, 'gmf'), dir, { recursive: true }),
      gmf,
      { v1: true },
    );
    expect(new Set(outcomes)).toEqual(new Set(['old', 'new']));
  });

  it('leaves no model or the new one when there was none', async () => {
    const { outcomes } = await crashEverywhere(async () => undefined, undefined);
    expect(new Set(outcomes)).toEqual(new Set(['no model', 'new']));
  });
});

describe('one save at a time per directory', () => {
  /** Model C: a third model on the same log, for two saves to race over A. */
  const modelC: ModelDirContents = {
    model: 'neumf',
    config: { factors: 3 },
    arrays: { 'table.user': values(6, 5), 'dense.1': values(4, 6) },
    train,
  };
  const busy = (dir: string, pid: number) =>
    `another recsys save (pid ${pid}) is writing ${dir}; wait for it, or remove ${join(dir, LOCK_FILE)} if no save ` +
    'is running';
  /** The pid of a process that has exited: what a killed save's lock holds. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
  const lockFor = (pid: number) =>
    JSON.stringify({ pid, host: hostname(), startedAt: new Date().toISOString(), token: 'theirs' });

  it.each([
    ['over a model', (dir: string) => writeModelDir(dir, modelA).then(() => undefined)],
    ['into a new directory', async () => undefined],
  ])('lets one of two saves racing in one process %s win; the other is refused by the lock', async (_, setUp) => {
    const dir = fresh();
    await setUp(dir);
    const results = await Promise.allSettled([writeModelDir(dir, modelB), writeModelDir(dir, modelC)]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    const lost = results[1 - won] as PromiseRejectedResult;
    expect((lost.reason as Error).message).toBe(busy(dir, process.pid));
    expect(same(await readModelDir(dir), [modelB, modelC][won]!)).toBe(true);
    expect(listing(dir)).toEqual(modelFiles(dir)); // no lock left, nothing of A's, nothing of the loser's
  });

  it('takes over the lock of a killed save and removes its leftovers', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    writeFileSync(join(dir, LOCK_FILE), lockFor(deadPid()));
    writeFileSync(join(dir, 'table.user.0123456789abcdef.bin'), 'partial');
    writeFileSync(join(dir, '.recsys-0123456789abcdef.tmp'), 'partial');
    expect(await writeModelDir(dir, modelB)).toEqual({ replaced: { model: 'gmf', savedBy: RECSYS_VERSION } });
    expect(listing(dir)).toEqual(modelFiles(dir));
    // A directory holding only a killed save's lock and leftovers is saved into, as one of leftovers only.
    const leftovers = fresh();
    mkdirSync(leftovers);
    writeFileSync(join(leftovers, LOCK_FILE), lockFor(deadPid()));
    writeFileSync(join(leftovers, 'counts.0123456789abcdef.bin'), 'partial');
    expect(await writeModelDir(leftovers, modelA)).toEqual({ replaced: undefined });
    expect(listing(leftovers)).toEqual(modelFiles(leftovers));
  });

  it('refuses to save while another process holds the lock, touching nothing; reading ignores the lock', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), lockFor(child.pid!));
      const before = listing(dir);
      await expect(writeModelDir(dir, modelB)).rejects.toThrow(busy(dir, child.pid!));
      expect(listing(dir)).toEqual(before);
      expect(same(await readModelDir(dir), modelA)).toBe(true);
    } finally {
      child.kill();
    }
  });

  /** The real file system, calling `after` once each step is done (to act as another process would, meanwhile). */
  function hookedFs(after: (step: 'writeFile' | 'rename' | 'syncDir', path: string) => void): DirFs {
    return {
      ...nodeDirFs,
      writeFile: async (path, bytes) => (await nodeDirFs.writeFile(path, bytes), after('writeFile', path)),
      rename: async (from, to) => (await nodeDirFs.rename(from, to), after('rename', to)),
      syncDir: async (dir) => (await nodeDirFs.syncDir(dir), after('syncDir', dir)),
    };
  }

  it('never deletes a file written after it started (should a second save ever bypass the lock)', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const aOnly = modelFiles(dir).filter((file) => file !== MANIFEST_FILE);
    writeFileSync(join(dir, 'old.0123456789abcdef.bin'), 'a leftover from before');
    writeFileSync(join(dir, 'rewritten.0123456789abcdef.bin'), 'a leftover from before');
    const theirs = ['other.fedcba9876543210.bin', '.recsys-fedcba9876543210.tmp', 'rewritten.0123456789abcdef.bin'];
    let once = false;
    const fs = hookedFs((step) => {
      if (step !== 'writeFile' || once) return;
      once = true;
      // Another save, mid-way: a data file and a temp file of its own, and a leftover's name renamed over.
      writeFileSync(join(dir, theirs[0]!), 'theirs');
      writeFileSync(join(dir, theirs[1]!), 'theirs');
      writeFileSync(join(dir, 'theirs.tmp'), 'theirs');
      renameSync(join(dir, 'theirs.tmp'), join(dir, theirs[2]!));
    });
    await writeModelDirWith(fs, dir, modelB);
    expect(same(await readModelDir(dir), modelB)).toBe(true);
    // A's own files and the older leftover are gone; the other save's files are all there.
    expect(listing(dir)).toEqual([...modelFiles(dir), ...theirs].sort());
    expect(aOnly.some((file) => modelFiles(dir).includes(file))).toBe(true); // shared training files: kept
  });

  it('leaves the directory to a save that committed after it (should one ever bypass the lock)', async () => {
    const dir = fresh();
    await writeModelDir(dir, modelA);
    const aManifest = readFileSync(join(dir, MANIFEST_FILE));
    const aFiles = modelFiles(dir);
    const fs = hookedFs((step, path) => {
      // Another save of A commits just after this one: its manifest names A's files again.
      if (step === 'rename' && basename(path) === MANIFEST_FILE) writeFileSync(path, aManifest);
    });
    await writeModelDirWith(fs, dir, modelB);
    expect(same(await readModelDir(dir), modelA)).toBe(true);
    expect(aFiles.every((file) => listing(dir).includes(file))).toBe(true);
  });
});
