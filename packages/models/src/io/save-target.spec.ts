import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, TAKEOVER_FILE } from './file-names.js';
import { writeModelDir, type ModelDirContents } from './model-dir.js';
import { checkSaveTarget, inspectSaveTarget } from './save-target.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'recsys-target-'));

describe('save target', () => {
  it('is missing, or empty, or holds only an interrupted save’s leftovers', async () => {
    const dir = fresh();
    expect(await inspectSaveTarget(join(dir, 'new'))).toEqual({ kind: 'missing' });
    expect(await inspectSaveTarget(dir)).toEqual({ kind: 'empty' });
    writeFileSync(join(dir, 'table.gmf_user.0123456789abcdef.bin'), '');
    writeFileSync(join(dir, '.recsys-0123456789abcdef.tmp'), '');
    expect(await inspectSaveTarget(dir)).toEqual({ kind: 'empty' });
    // A killed save also leaves its lock: still only leftovers.
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 1}');
    writeFileSync(join(dir, TAKEOVER_FILE), '');
    expect(await inspectSaveTarget(dir)).toEqual({ kind: 'empty' });
  });

  it('is a model directory: its model, who saved it, the files it names', async () => {
    const dir = fresh();
    const arrays = { 'train-users': { file: 'train-users.bin' }, w: { file: '../escape.bin' } };
    writeFileSync(
      join(dir, 'recsys-model.json'),
      JSON.stringify({ format: 'recsys-model', formatVersion: 1, model: 'gmf', recsysVersion: '0.0.9', arrays }),
    );
    writeFileSync(join(dir, 'notes.txt'), 'mine'); // a model directory may hold other files too
    expect(await inspectSaveTarget(dir)).toEqual({
      kind: 'model',
      model: 'gmf',
      savedBy: '0.0.9',
      files: ['train-users.bin', 'user-ids.json', 'item-ids.json'],
    });
  });

  it('refuses a file, a foreign non-empty directory, or a manifest that is not a recsys one', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'x');
    await expect(inspectSaveTarget(join(dir, 'file'))).rejects.toThrow(
      `cannot save the model to ${join(dir, 'file')}: it exists and is not a directory`,
    );
    const photos = join(dir, 'photos');
    mkdirSync(photos);
    for (const name of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'table.gmf_user.0123456789abcdef.bin']) {
      writeFileSync(join(photos, name), '');
    }
    await expect(inspectSaveTarget(photos)).rejects.toThrow(
      `cannot save the model to ${photos}: the directory is not empty (a.jpg, b.jpg, c.jpg, …) and holds no recsys ` +
        'model (no recsys-model.json); choose a new or empty directory',
    );
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'recsys-model.json'), '{"format": "onnx"}');
    await expect(inspectSaveTarget(other)).rejects.toThrow(
      `cannot save the model to ${other}: its recsys-model.json is not a recsys model manifest (format "onnx")`,
    );
    writeFileSync(join(other, 'recsys-model.json'), '{"format": ');
    await expect(inspectSaveTarget(other)).rejects.toThrow(/is not a recsys model manifest \(.*JSON/);
    const nested = join(dir, 'nested');
    mkdirSync(join(nested, 'recsys-model.json'), { recursive: true });
    await expect(inspectSaveTarget(nested)).rejects.toThrow(/not a recsys model manifest \(not a regular file\)/);
  });
});

const model: ModelDirContents = {
  model: 'itempop',
  config: {},
  arrays: { counts: Int32Array.of(2, 1) },
  train: Interactions.fromColumns(
    { users: Int32Array.of(0, 1, 1), items: Int32Array.of(0, 0, 1) },
    { userIds: IdMap.from(['u', 'v']), itemIds: IdMap.from(['i', 'j']) },
  ),
};

/** The message `promise` rejects with (failing the test when it resolves). */
async function messageOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: Error) => error.message,
  );
}

/** Every file and directory under `dir`, for checking that nothing was created. */
const tree = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

describe('checkSaveTarget', () => {
  /** Makes a bad target in `dir`; returns it, and why a save cannot go there. */
  type Make = (dir: string) => [out: string, why: string];
  const directory = (dir: string, file: string, content: string): string => {
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', file), content);
    return join(dir, 'out');
  };
  it.each<[string, Make]>([
    [
      'a regular file',
      (dir) => (writeFileSync(join(dir, 'out'), 'x'), [join(dir, 'out'), 'it exists and is not a directory']),
    ],
    [
      'a path under a file',
      (dir) => (
        writeFileSync(join(dir, 'file'), 'x'),
        [join(dir, 'file', 'a', 'out'), `${join(dir, 'file')} is not a directory`]
      ),
    ],
    [
      'a non-empty directory that holds no model',
      (dir) => [directory(dir, 'thesis.tex', ''), 'the directory is not empty (thesis.tex) and holds no recsys model'],
    ],
    [
      'a directory whose manifest is not recsys’s',
      (dir) => [directory(dir, 'recsys-model.json', '{}'), 'its recsys-model.json is not a recsys model manifest'],
    ],
    [
      'a symbolic link to nothing',
      (dir) => (
        symlinkSync(join(dir, 'nowhere'), join(dir, 'out')),
        [join(dir, 'out'), 'it is a symbolic link to nothing']
      ),
    ],
  ])('refuses %s with the error the save would throw, creating nothing', async (_, make) => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-check-'));
    const [out, why] = make(dir);
    const listed = tree(dir);
    const checked = await messageOf(checkSaveTarget(out));
    expect(checked.startsWith(`cannot save the model to ${out}: ${why}`), checked).toBe(true);
    expect(tree(dir)).toEqual(listed);
    expect(await messageOf(writeModelDir(out, model))).toBe(checked);
    expect(tree(dir)).toEqual(listed);
  });

  it('refuses a directory it cannot create files in, as the save would', async (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-check-'));
    chmodSync(dir, 0o555);
    if (
      await checkSaveTarget(dir).then(
        () => true,
        () => false,
      )
    ) {
      console.log('read-only directory test skipped: this user can write to a 0555 directory (root)');
      return context.skip();
    }
    for (const out of [dir, join(dir, 'new', 'model')]) {
      const checked = await messageOf(checkSaveTarget(out));
      expect(checked).toBe(
        `cannot save the model to ${out}: cannot create files in ${out === dir ? 'it' : dir} (permission denied)`,
      );
      expect(await messageOf(writeModelDir(out, model))).toBe(checked);
    }
    expect(tree(dir)).toEqual([]);
  });

  it('refuses a new path whose nearest existing ancestor it cannot create in, as the save would', async (context) => {
    // Root writes anywhere a mode allows nothing; /sys refuses even root (on Linux), so the check runs there too.
    const candidates = [mkdtempSync(join(tmpdir(), 'recsys-check-')), '/sys'];
    chmodSync(candidates[0]!, 0o555);
    let ancestor: string | undefined;
    for (const where of candidates) {
      const probe = join(where, `recsys-probe-${randomBytes(4).toString('hex')}`);
      try {
        mkdirSync(probe);
        rmdirSync(probe);
      } catch {
        ancestor = where;
        break;
      }
    }
    if (!ancestor) {
      console.log('unwritable-ancestor test skipped: no directory here refuses this user');
      return context.skip();
    }
    const out = join(ancestor, `recsys-model-${randomBytes(4).toString('hex')}`, 'model');
    const checked = await messageOf(checkSaveTarget(out));
    expect(checked).toBe(`cannot save the model to ${out}: cannot create files in ${ancestor} (permission denied)`);
    expect(await messageOf(writeModelDir(out, model))).toBe(checked);
    expect(existsSync(join(out, '..'))).toBe(false);
  });

  it('accepts a new path, an empty directory, a model directory and one of leftovers, creating nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-check-'));
    mkdirSync(join(dir, 'empty'));
    await writeModelDir(join(dir, 'model'), model);
    mkdirSync(join(dir, 'leftovers'));
    writeFileSync(join(dir, 'leftovers', 'counts.0123456789abcdef.bin'), 'partial');
    writeFileSync(join(dir, 'leftovers', '.recsys-0123456789abcdef.tmp'), 'partial');
    writeFileSync(join(dir, 'leftovers', LOCK_FILE), '{"pid": 1}'); // a killed save's lock
    const listed = tree(dir);
    for (const out of [
      join(dir, 'new'),
      join(dir, 'new', 'deeper'),
      join(dir, 'empty'),
      join(dir, 'model'),
      join(dir, 'leftovers'),
    ]) {
      await checkSaveTarget(out);
      expect(tree(dir), out).toEqual(listed);
    }
  });
});
