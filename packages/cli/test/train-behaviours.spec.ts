import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

describe('recsys train --behaviour', () => {
  let dir: string;
  const csv = ['--format', 'csv', '--columns', 'user=0,item=1'];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'recsys-train-behaviours-'));
    const buy: string[] = [];
    const cart: string[] = [];
    for (let u = 1; u <= 30; u++) {
      for (let k = 0; k < 6; k++) {
        cart.push(`${u},${1 + ((u * 5 + k * 3) % 60)}`);
        if (k % 2 === 0) buy.push(`${u},${1 + ((u * 5 + k * 3) % 60)}`);
      }
    }
    writeFileSync(join(dir, 'buy.csv'), buy.join('\n') + '\n');
    // Each user's next purchase: an item carted in training, never bought there.
    const next = Array.from({ length: 30 }, (_, k) => `${k + 1},${1 + (((k + 1) * 5 + 3) % 60)}`);
    writeFileSync(join(dir, 'test.csv'), next.join('\n') + '\n');
    writeFileSync(join(dir, 'cart.csv'), cart.join('\n') + '\n');
  });

  it('trains the multi-feedback model on a purchase file and a cart file, the main file as its target', async () => {
    const out = join(dir, 'model');
    const run = await cli(
      'train',
      '--model',
      'multi-feedback',
      '--train',
      join(dir, 'buy.csv'),
      '--behaviour',
      `cart=${join(dir, 'cart.csv')}`,
      ...csv,
      '--epochs',
      '1',
      '--out',
      out,
    );
    expect(run.code, run.err).toBe(0);
    const saved = JSON.parse(readFileSync(join(out, 'recsys-model.json'), 'utf8'));
    expect(JSON.stringify(saved)).toContain('"supportive":["cart"]');
    expect(run.err).toMatch(/30 of 30 users have items they only cart/);
    // Evaluated on purchases of items carted before: the model's seen items are its purchases, so they are fair cases.
    const evaluated = await cli('evaluate', '--model-dir', out, '--test', join(dir, 'test.csv'), ...csv, '--full');
    expect(evaluated.code, evaluated.err).toBe(0);
    expect(JSON.parse(evaluated.out).cases).toBe(30);
  });

  it('refuses --behaviour for a model of one behaviour, and a file that repeats the target', async () => {
    const gmf = await cli(
      'train',
      '--model',
      'gmf',
      '--train',
      join(dir, 'buy.csv'),
      '--behaviour',
      `cart=${join(dir, 'cart.csv')}`,
      ...csv,
      '--out',
      join(dir, 'g'),
    );
    expect(gmf.code).toBe(2);
    expect(gmf.err).toMatch(/--behaviour applies to models that train on several behaviours, not gmf/);
    const twice = await cli(
      'train',
      '--model',
      'multi-feedback',
      '--train',
      join(dir, 'buy.csv'),
      '--behaviour',
      `buy=${join(dir, 'cart.csv')}`,
      ...csv,
      '--out',
      join(dir, 'm'),
    );
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/"buy" is the target/);
  });
});
