import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { writeModelDir } from './io/model-dir.js';
import { createRecommender, loadRecommender, recommenderEntry } from './registry.js';

const train = Interactions.fromColumns(
  { users: Int32Array.of(0, 1), items: Int32Array.of(0, 1) },
  { userIds: IdMap.from(['a', 'b']), itemIds: IdMap.from(['x', 'y']) },
);

describe('the model registry, for a name it does not know', () => {
  it('lists the registered models and says how a custom model gets registered', () => {
    for (const unknown of [() => recommenderEntry('two-tower-mlp'), () => createRecommender('two-tower-mlp')]) {
      expect(unknown).toThrow(
        /^unknown model "two-tower-mlp" \(registered: itempop, content, random, itemknn, rp3beta, [^)]*gmf, mlp, bprmf, mf, dmf, dualnet, multi-feedback, delf, neumf\); /,
      );
      expect(unknown).toThrow(/--import <module>/);
      expect(unknown).toThrow(/registerRecommender/);
    }
  });

  it('loading a directory that holds an unregistered model names the model and how to register it', async () => {
    // What a custom model's save leaves behind; loading it in a process that never imported its module.
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-registry-')), 'two-tower');
    await writeModelDir(dir, { model: 'two-tower-mlp', config: { dim: 16 }, arrays: {}, train });
    const load = loadRecommender(dir);
    await expect(load).rejects.toThrow(`${dir} holds a "two-tower-mlp" model, which is not registered (registered: `);
    await expect(loadRecommender(dir)).rejects.toThrow(/--import <module>.*registerRecommender/);
  });
});
