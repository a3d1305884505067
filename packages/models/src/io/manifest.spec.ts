import { describe, expect, it } from 'vitest';
import { idFiles, parseManifest, referencedFiles } from './manifest.js';

const PATH = '/models/gmf/recsys-model.json';
const SHA = 'ab'.repeat(32);

/** A valid v2 manifest: 3 users, 4 items, 2 training rows, one weight array. */
function v2(): Record<string, unknown> {
  return {
    format: 'recsys-model',
    formatVersion: 2,
    recsysVersion: '0.1.0',
    model: 'gmf',
    numUsers: 3,
    numItems: 4,
    trainRows: 2,
    config: { factors: 2 },
    arrays: {
      'train-users': { file: 'train-users.abababababababab.bin', dtype: 'int32', length: 2, bytes: 8, sha256: SHA },
      'train-items': { file: 'train-items.abababababababab.bin', dtype: 'int32', length: 2, bytes: 8, sha256: SHA },
      'gmf.user': { file: 'gmf.user.abababababababab.bin', dtype: 'float32', length: 6, bytes: 24, sha256: SHA },
    },
    ids: {
      users: { file: 'user-ids.abababababababab.json', bytes: 13, sha256: SHA },
      items: { file: 'item-ids.abababababababab.json', bytes: 17, sha256: SHA },
    },
  };
}

/** The same model as recsys 0.1.0 wrote it: no checksums, sizes or id-file entries. */
function v1(): Record<string, unknown> {
  const manifest = v2();
  manifest.formatVersion = 1;
  delete manifest.recsysVersion;
  delete manifest.ids;
  const arrays = manifest.arrays as Record<string, Record<string, unknown>>;
  for (const [name, entry] of Object.entries(arrays)) arrays[name] = { ...entry, file: `${name}.bin` };
  for (const entry of Object.values(arrays)) {
    delete entry.bytes;
    delete entry.sha256;
  }
  return manifest;
}

/** `manifest` with `value` set at a dotted `path` (undefined deletes). */
function withField(manifest: Record<string, unknown>, path: string[], value: unknown) {
  let node = manifest;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
  return JSON.stringify(manifest);
}

const parse = (manifest: Record<string, unknown>) => parseManifest(JSON.stringify(manifest), PATH);

describe('manifest', () => {
  it('reads a v2 manifest with its sizes and checksums', () => {
    const manifest = parse(v2());
    expect(manifest.formatVersion).toBe(2);
    expect(manifest.arrays['gmf.user']).toEqual({
      file: 'gmf.user.abababababababab.bin',
      dtype: 'float32',
      length: 6,
      bytes: 24,
      sha256: SHA,
    });
    expect(idFiles(manifest).users).toEqual({ file: 'user-ids.abababababababab.json', bytes: 13, sha256: SHA });
  });

  it('reads a v1 manifest (recsys 0.1.0): fixed id files, no checksums', () => {
    const manifest = parse(v1());
    expect(manifest.arrays['gmf.user']).toEqual({ file: 'gmf.user.bin', dtype: 'float32', length: 6 });
    expect(idFiles(manifest)).toEqual({ users: { file: 'user-ids.json' }, items: { file: 'item-ids.json' } });
    expect(manifest.recsysVersion).toBeUndefined();
  });

  it('names the manifest when it is not JSON, or not a recsys one', () => {
    expect(() => parseManifest('{"format": "recsys-model",', PATH)).toThrow(`${PATH}: not valid JSON (`);
    expect(() => parseManifest('[]', PATH)).toThrow(`${PATH}: the manifest must be a JSON object, found []`);
    expect(() => parseManifest('{"format": "keras"}', PATH)).toThrow(
      `${PATH}: not a recsys model manifest (format must be "recsys-model", found "keras")`,
    );
    expect(() => parseManifest(withField(v2(), ['formatVersion'], 3), PATH)).toThrow(
      /recsys-model\.json: formatVersion must be 1 or 2, found 3: written by a newer recsys/,
    );
  });

  // Each row breaks one field of a valid manifest; the message names the manifest, the field and what was found.
  const broken: [string, string[], unknown, string][] = [
    ['v2', ['recsysVersion'], 7, 'recsysVersion must be a string, found 7'],
    ['v2', ['model'], '', 'model must be a non-empty string, found ""'],
    ['v2', ['model'], undefined, 'model must be a non-empty string, found nothing'],
    ['v2', ['numUsers'], -1, 'numUsers must be a non-negative integer, found -1'],
    ['v2', ['numItems'], 2.5, 'numItems must be a non-negative integer, found 2.5'],
    ['v2', ['numItems'], 2 ** 53, 'numItems must be a non-negative integer, found 9007199254740992'],
    ['v2', ['trainRows'], '2', 'trainRows must be a non-negative integer, found "2"'],
    ['v2', ['config'], [1], 'config must be an object, found [1]'],
    ['v2', ['config'], null, 'config must be an object, found null'],
    ['v2', ['arrays'], [], 'arrays must be an object, found []'],
    ['v2', ['arrays', 'gmf.user'], 5, 'arrays["gmf.user"] must be an object, found 5'],
    ['v2', ['arrays', 'gmf.user', 'length'], -3, 'arrays["gmf.user"].length must be a non-negative integer, found -3'],
    [
      'v2',
      ['arrays', 'gmf.user', 'dtype'],
      'float64',
      'arrays["gmf.user"].dtype must be "float32" or "int32", found "float64"',
    ],
    ['v2', ['arrays', 'gmf.user', 'file'], '../gmf.bin', 'arrays["gmf.user"].file must be a plain file name'],
    ['v2', ['arrays', 'gmf.user', 'file'], '/etc/hostname', 'arrays["gmf.user"].file must be a plain file name'],
    ['v2', ['arrays', 'gmf.user', 'file'], '..', 'arrays["gmf.user"].file must be a plain file name'],
    ['v2', ['arrays', 'gmf.user', 'file'], 12, 'arrays["gmf.user"].file must be a plain file name'],
    ['v2', ['arrays', 'gmf.user', 'bytes'], 20, 'arrays["gmf.user"].bytes must be length × 4 = 24, found 20'],
    [
      'v2',
      ['arrays', 'gmf.user', 'bytes'],
      undefined,
      'arrays["gmf.user"].bytes must be a non-negative integer, found nothing',
    ],
    ['v2', ['arrays', 'gmf.user', 'sha256'], 'abc', 'arrays["gmf.user"].sha256 must be 64 hex digits, found "abc"'],
    [
      'v2',
      ['arrays', 'train-users'],
      undefined,
      'arrays["train-users"] must be an entry (the format needs it), found nothing',
    ],
    [
      'v2',
      ['arrays', 'train-items', 'dtype'],
      'float32',
      'arrays["train-items"].dtype must be "int32", found "float32"',
    ],
    ['v2', ['trainRows'], 3, 'arrays["train-users"].length must be 3 (trainRows), found 2'],
    ['v2', ['ids'], undefined, 'ids must be an object naming the users and items files, found nothing'],
    ['v2', ['ids', 'items'], 'item-ids.json', 'ids.items must be an object, found "item-ids.json"'],
    ['v2', ['ids', 'users', 'file'], '../../x.json', 'ids.users.file must be a plain file name'],
    ['v2', ['ids', 'users', 'sha256'], undefined, 'ids.users.sha256 must be 64 hex digits, found nothing'],
    ['v2', ['ids', 'items', 'bytes'], -1, 'ids.items.bytes must be a non-negative integer, found -1'],
    ['v1', ['arrays', 'gmf.user', 'file'], 'a/b.bin', 'arrays["gmf.user"].file must be a plain file name'],
    ['v1', ['numUsers'], null, 'numUsers must be a non-negative integer, found null'],
    [
      'v1',
      ['arrays', 'gmf.user', 'length'],
      '6',
      'arrays["gmf.user"].length must be a non-negative integer, found "6"',
    ],
  ];
  it.each(broken)('%s: %j = %j is refused', (version, field, value, message) => {
    const text = withField(version === 'v1' ? v1() : v2(), field, value);
    expect(() => parseManifest(text, PATH)).toThrow(`${PATH}: ${message}`);
  });

  it('checks the validation pairs come as two int32 arrays of one length', () => {
    const ref = (length: number) => ({
      file: `v${length}.bin`,
      dtype: 'int32',
      length,
      bytes: length * 4,
      sha256: SHA,
    });
    const manifest = v2();
    const arrays = manifest.arrays as Record<string, unknown>;
    arrays['validation-users'] = ref(3);
    expect(() => parse(manifest)).toThrow(`${PATH}: arrays["validation-items"] must be an entry (the format needs it)`);
    arrays['validation-items'] = ref(2);
    expect(() => parse(manifest)).toThrow(
      `${PATH}: arrays["validation-items"].length must be 3 (the length of validation-users), found 2`,
    );
    arrays['validation-items'] = ref(3);
    expect(parse(manifest).arrays['validation-items']!.length).toBe(3);
  });

  it('keeps a hostile array name a name', () => {
    const text = JSON.stringify(v2()).replace('"gmf.user"', '"__proto__"');
    const manifest = parseManifest(text, PATH);
    expect(Object.keys(manifest.arrays)).toContain('__proto__');
    expect(manifest.arrays['__proto__']!.length).toBe(6);
  });

  it('lists the files an old manifest names, leniently and only plain names', () => {
    expect(referencedFiles(v2()).sort()).toEqual([
      'gmf.user.abababababababab.bin',
      'item-ids.abababababababab.json',
      'train-items.abababababababab.bin',
      'train-users.abababababababab.bin',
      'user-ids.abababababababab.json',
    ]);
    expect(referencedFiles(v1()).sort()).toEqual([
      'gmf.user.bin',
      'item-ids.json',
      'train-items.bin',
      'train-users.bin',
      'user-ids.json',
    ]);
    const hostile = {
      format: 'recsys-model',
      arrays: { a: { file: '../../home/notes.txt' }, b: { file: 'ok.bin' }, c: 3 },
    };
    expect(referencedFiles(hostile)).toEqual(['ok.bin']);
    expect(referencedFiles('nonsense')).toEqual([]);
  });
});
