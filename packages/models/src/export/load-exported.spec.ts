import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthetic } from '@recsys/data';
import { describe, expect, it, vi } from 'vitest';
import { createRecommender, exportForBrowser, loadExportedModel } from '../index.js';

// In its own file: tfjs-backend-wasm refuses new paths for the rest of the process once it failed to initialise.
describe('loadExportedModel({ backend, wasmPaths })', () => {
  it('hands wasmPaths to selectBackend: a folder without the binaries fails, naming the file tried', async () => {
    const model = createRecommender('itempop', {});
    await model.fit(synthetic({ users: 20, items: 40, interactionsPerUser: 8, seed: 1 }).interactions);
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-load-exported-')), 'model');
    await exportForBrowser(model, dir);
    const weights = Object.fromEntries(
      readdirSync(dir)
        .filter((file) => file.endsWith('.bin'))
        .map((file) => [file, readFileSync(join(dir, file))]),
    );
    const files = { modelJson: readFileSync(join(dir, 'model.json'), 'utf8'), weights };
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(loadExportedModel(files, { backend: 'wasm', wasmPaths: '/nowhere/' })).rejects.toThrow(
      /'wasm' \(forced by options\.backend\) is unavailable: .*\/nowhere\/tfjs-backend-wasm(-simd)?\.wasm could not be fetched/,
    );
    vi.restoreAllMocks();
    const loaded = await loadExportedModel(files, { backend: 'cpu' });
    expect(await loaded.score(Int32Array.of(0), Int32Array.of(3))).toEqual(
      await model.score(Int32Array.of(0), Int32Array.of(3)),
    );
  });
});
