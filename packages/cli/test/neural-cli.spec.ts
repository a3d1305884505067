import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthetic } from '@recsys/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'recsys-neural-cli-'));
const split = join(dir, 'split');

beforeAll(async () => {
  // A small synthetic MovieLens-style file, split by the CLI itself (with validation).
  const { interactions: log } = synthetic({ users: 60, items: 90, interactionsPerUser: 12, seed: 2 });
  const lines: string[] = [];
  for (let r = 0; r < log.size; r++) {
    lines.push(
      `${log.userIds.raw(log.users[r])}\t${log.itemIds.raw(log.items[r])}\t${log.values![r]}\t${log.timestamps![r]}`,
    );
  }
  writeFileSync(join(dir, 'u.data'), lines.join('\n') + '\n');
  const result = await cli('split', join(dir, 'u.data'), '--out', split, '--negatives', '20', '--validation');
  expect(result.code, result.err).toBe(0);
});

const quick = ['--epochs', '2', '--batch-size', '128', '--backend', 'cpu'];

describe('recsys train / evaluate / score / recommend with each neural model', () => {
  for (const model of ['gmf', 'mlp', 'neumf', 'bprmf']) {
    it(model, async () => {
      const out = join(dir, model);
      const trained = await cli(
        'train',
        '--model',
        model,
        '--train',
        join(split, 'train.rating'),
        '--out',
        out,
        '--validation',
        join(split, 'validation.rating'),
        '--validation-negatives',
        join(split, 'validation.negative'),
        '--factors',
        '4',
        ...quick,
      );
      expect(trained.code, trained.err).toBe(0);
      const report = JSON.parse(trained.out);
      expect(report).toMatchObject({ model, epochs: 2 });
      expect(report.history[0].validation.ndcg).toBeGreaterThanOrEqual(0);

      const evaluated = await cli(
        'evaluate',
        '--model-dir',
        out,
        '--test',
        join(split, 'test.rating'),
        '--test-negatives',
        join(split, 'test.negative'),
      );
      expect(evaluated.code, evaluated.err).toBe(0);
      expect(JSON.parse(evaluated.out)).toMatchObject({ protocol: 'sampled', users: 60 });

      const pairs = join(dir, `${model}.pairs`);
      writeFileSync(pairs, '0\t1\n1\t2\n');
      const scored = await cli('score', '--model-dir', out, '--pairs', pairs);
      expect(scored.code, scored.err).toBe(0);
      expect(
        scored.out
          .trim()
          .split('\n')
          .map((l) => Number.isFinite(Number(l.split('\t')[2]))),
      ).toEqual([true, true]);

      const recommended = await cli('recommend', '--model-dir', out, '--users', '0', '--k', '3');
      expect(recommended.code, recommended.err).toBe(0);
      expect(JSON.parse(recommended.out).recommendations[0].items).toHaveLength(3);
    });
  }

  it('neumf --pretrain builds from GMF and MLP directories and fine-tunes with SGD', async () => {
    const result = await cli(
      'train',
      '--model',
      'neumf',
      '--pretrain',
      `${join(dir, 'gmf')},${join(dir, 'mlp')}`,
      '--train',
      join(split, 'train.rating'),
      '--out',
      join(dir, 'neumf-p'),
      '--lr',
      '0.1',
      '--lr-decay',
      '0.5',
      ...quick,
    );
    expect(result.code, result.err).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ model: 'neumf', epochs: 2 });
    expect(report.history.map((e: { learningRate: number }) => e.learningRate)).toEqual([0.1, 0.05]);
    const wrong = await cli(
      'train',
      '--model',
      'neumf',
      '--pretrain',
      `${join(dir, 'mlp')},${join(dir, 'gmf')}`,
      '--train',
      join(split, 'train.rating'),
      '--out',
      join(dir, 'x'),
    );
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/holds a mlp model, not gmf/);
  });
});
