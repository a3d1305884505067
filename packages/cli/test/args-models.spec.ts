import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdMap, Interactions } from '@recsys/data';
import { writeModelDir } from '@recsys/models';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'recsys-args-models-'));

describe('a model the registry does not know', () => {
  it('train lists the registered models and names --import', async () => {
    const result = await cli('train', '--model', 'two-tower-mlp', '--train', 't', '--out', 'o');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /unknown model "two-tower-mlp" \(registered: itempop, content, random, itemknn, rp3beta, [^)]*gmf, mlp, bprmf, mf, dmf, dualnet, multi-feedback, delf, neumf\)/,
    );
    expect(result.err).toMatch(/--import <module>/);
  });

  it('a saved custom model loaded without --import says what the directory holds and how to register it', async () => {
    const model = join(dir, 'two-tower');
    const train = Interactions.fromColumns(
      { users: Int32Array.of(0), items: Int32Array.of(0) },
      { userIds: IdMap.from(['a']), itemIds: IdMap.from(['x']) },
    );
    await writeModelDir(model, { model: 'two-tower-mlp', config: {}, arrays: {}, train });
    const result = await cli('recommend', '--model-dir', model, '--users', 'a');
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${model} holds a "two-tower-mlp" model, which is not registered`);
    expect(result.err).toMatch(/--import <module>/);
  });
});

describe('the backend log line', () => {
  it('carries the recsys: prefix once', async () => {
    const path = join(dir, 'u.data');
    const lines: string[] = [];
    for (let u = 0; u < 8; u++) {
      for (let i = 0; i < 6; i++) if ((u + i) % 2 === 0) lines.push(`${u}\t${i}\t1\t${u * 10 + i}`);
    }
    writeFileSync(path, lines.join('\n') + '\n');
    const args = ['--train', path, '--out', join(dir, 'gmf'), '--epochs', '1', '--factors', '2', '--backend', 'cpu'];
    const result = await cli('train', '--model', 'gmf', ...args);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/^recsys: tfjs backend cpu \(forced by options\.backend\)$/m);
    expect(result.err).not.toMatch(/recsys: recsys:/);
  });
});
