import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthetic } from '@recsys/data';
import { loadExportedModel, recommendByRawIds } from '@recsys/models';
import { describe, expect, it } from 'vitest';
import { writeMovieLensFile } from './movielens-file.js';
import { cli } from './run-cli.js';

describe('recsys export', () => {
  it('writes a model.json and shards that load into a model recommending as recsys recommend does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-export-cli-'));
    const data = join(dir, 'u.data');
    writeMovieLensFile(data, synthetic({ users: 30, items: 50, interactionsPerUser: 6, seed: 2 }).interactions);
    const modelDir = join(dir, 'gmf');
    const trained = await cli('train', '--model', 'gmf', '--train', data, '--out', modelDir, '--epochs', '1');
    expect(trained.code, trained.err).toBe(0);

    const out = join(dir, 'web', 'model');
    const exported = await cli('export', '--model-dir', modelDir, '--out', out);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.err).toMatch(/exported the gmf model to .*: 2 files, 0\.\d\d MiB/);
    const printed = JSON.parse(exported.out) as { model: string; files: { file: string; bytes: number }[] };
    expect(printed.model).toBe('gmf');
    expect(readdirSync(out).sort()).toEqual(printed.files.map((f) => f.file).sort());

    const weights: Record<string, Uint8Array> = {};
    for (const { file } of printed.files.slice(1)) weights[file] = readFileSync(join(out, file));
    const model = await loadExportedModel({ modelJson: readFileSync(join(out, 'model.json'), 'utf8'), weights });
    const recommended = await cli('recommend', '--model-dir', modelDir, '--users', 'u0,u7', '--k', '5');
    const lists = await recommendByRawIds(model, ['u0', 'u7'], 5);
    expect(JSON.parse(recommended.out).recommendations).toEqual(lists.map(({ user, items }) => ({ user, items })));
  });

  it('names a missing model directory and refuses a foreign output directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-export-cli-'));
    expect(await cli('export', '--model-dir', join(dir, 'none'), '--out', join(dir, 'o'))).toMatchObject({
      code: 1,
      err: expect.stringMatching(/--model-dir: no such directory/),
    });
    expect(await cli('export', '--model-dir', dir)).toMatchObject({ code: 2, err: expect.stringMatching(/--out/) });
  });
});
