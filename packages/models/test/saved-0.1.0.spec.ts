import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecommender, MANIFEST_FILE } from '../src/index.js';

// Model directories written by recsys 0.1.0 before the engine rewrite (GMF, MLP, NeuMF, BPR-MF trained two epochs on
// a 12 × 15 synthetic log, on cpu), with the scores they gave then.
const fixtures = join(__dirname, 'fixtures', 'saved-0.1.0');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected-scores.json'), 'utf8')) as {
  users: number[];
  items: number[];
  scores: Record<string, number[]>;
};

describe('models saved by recsys 0.1.0', () => {
  it.each(Object.keys(expected.scores))('%s loads and scores as it did when saved', async (name) => {
    const model = await loadRecommender(join(fixtures, name));
    expect(model.name).toBe(name);
    const scores = await model.score(Int32Array.from(expected.users), Int32Array.from(expected.items));
    scores.forEach((s, k) => expect(s).toBeCloseTo(expected.scores[name]![k]!, 6));
  });

  it('a saved model this version cannot read fails saying so, and what to do', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-compat-')), 'mlp');
    cpSync(join(fixtures, 'mlp'), dir, { recursive: true });
    const manifestPath = join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { config: Record<string, unknown> };
    manifest.config['attention'] = 'additive';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    await expect(loadRecommender(dir)).rejects.toThrow(
      /cannot restore the mlp model \(saved by recsys 0\.1\.0 or earlier\): mlp has no option "attention".*re-train it with this version/,
    );
  });
});
