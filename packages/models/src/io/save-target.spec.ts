import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, TAKEOVER_FILE } from './file-names.js';
import { inspectSaveTarget } from './save-target.js';

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
