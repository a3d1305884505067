import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'recsys-cli-'));
}

/** A small MovieLens-style file: 6 users, 12 items; item 1 is the most popular. */
function movieLensFile(dir: string): string {
  const lines: string[] = [];
  let t = 1000;
  for (let u = 1; u <= 6; u++) {
    for (const i of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].filter((i) => i === 1 || (i + u) % 3 === 0)) {
      lines.push(`${u}\t${i}\t${1 + ((u + i) % 5)}\t${t++}`);
    }
  }
  const path = join(dir, 'u.data');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('recsys command line', () => {
  it('prints usage and per-command help', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/Usage: recsys <command>/);
    for (const command of ['split', 'train', 'evaluate', 'score', 'recommend', 'demo']) {
      const help = await cli(command, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toMatch(new RegExp(`Usage: recsys ${command}`));
    }
    expect((await cli('data', 'stats', '--help')).out).toMatch(/Usage: recsys data stats/);
  });

  it('fails with exit 2 and a clear message on usage errors', async () => {
    expect(await cli('frobnicate')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/unknown command "frobnicate"/),
    });
    expect(await cli('train', '--model', 'itempop')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--train is required/),
    });
    expect(await cli('train', '--model', 'nope', '--train', 'x', '--out', 'y')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/unknown model "nope"/),
    });
    expect(await cli('evaluate', '--model-dir', 'd', '--test', 't')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/exactly one of --test-negatives/),
    });
    const train = ['train', '--model', 'neumf', '--train', 'missing.rating', '--out', 'y'];
    expect(await cli(...train, '--lr', '0')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--lr must be a number > 0, got "0"/),
    });
    expect(await cli(...train, '--dropout', '1')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--dropout must be a number in \[0, 1\)/),
    });
    expect(await cli(...train, '--l2=-0.1')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--l2 must be a number ≥ 0, got "-0.1"/),
    });
    // Bounds are inclusive where the option allows it: --l2 0 passes validation and fails later, on the missing file.
    expect(await cli(...train, '--l2', '0', '--dropout', '0')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/missing\.rating/),
    });
    expect(await cli('split', 'x', '--out', 'y', '--negatives', 'lots')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--negatives must be an integer/),
    });
  });

  it('fails with exit 1 naming file and line on malformed data', async () => {
    const dir = tempDir();
    const path = join(dir, 'u.data');
    writeFileSync(path, '1\t2\t5\t100\n1\t3\tfive\t101\n');
    const result = await cli('data', 'stats', path);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/u\.data:2/);
    const lenient = await cli('data', 'stats', path, '--lenient');
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.out).report.skipped).toBe(1);
    expect(lenient.err).toMatch(/skipped 1 malformed/);
  });

  it('data stats reports users, items and rows', async () => {
    const path = movieLensFile(tempDir());
    const result = await cli('data', 'stats', path);
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.out);
    expect(stats.users).toBe(6);
    expect(stats.items).toBe(12);
    expect(stats.rows).toBe(readFileSync(path, 'utf8').trim().split('\n').length);
  });

  it('split → train → evaluate → score → recommend with ItemPop', async () => {
    const dir = tempDir();
    const ratings = movieLensFile(dir);
    const splitDir = join(dir, 'split');
    const split = await cli('split', ratings, '--out', splitDir, '--negatives', '3', '--validation', '--seed', '7');
    expect(split.code, split.err).toBe(0);
    expect(JSON.parse(split.out)).toMatchObject({ test: 6, validation: 6, negatives: 3 });
    const negatives = readFileSync(join(splitDir, 'test.negative'), 'utf8').trim().split('\n');
    expect(negatives).toHaveLength(6);
    expect(negatives[0].split('\t')).toHaveLength(4);

    const modelDir = join(dir, 'model');
    const train = await cli(
      'train',
      '--model',
      'itempop',
      '--train',
      join(splitDir, 'train.rating'),
      '--out',
      modelDir,
    );
    expect(train.code, train.err).toBe(0);
    expect(JSON.parse(train.out)).toMatchObject({ model: 'itempop', out: modelDir });

    const test = join(splitDir, 'test.rating');
    const sampled = await cli(
      'evaluate',
      '--model-dir',
      modelDir,
      '--test',
      test,
      '--test-negatives',
      join(splitDir, 'test.negative'),
    );
    expect(sampled.code, sampled.err).toBe(0);
    const metrics = JSON.parse(sampled.out);
    expect(metrics).toMatchObject({ protocol: 'sampled', k: 10, users: 6 });
    // With 3 negatives every test item is in the top 10.
    expect(metrics.hr).toBe(1);
    expect(metrics.ci95.hr).toHaveLength(2);
    const full = await cli('evaluate', '--model-dir', modelDir, '--test', test, '--full', '--k', '2');
    expect(full.code, full.err).toBe(0);
    expect(JSON.parse(full.out)).toMatchObject({ protocol: 'full', k: 2, users: 6 });

    const pairs = join(dir, 'pairs.tsv');
    writeFileSync(pairs, '0\t0\n1\t999\n');
    const scored = await cli('score', '--model-dir', modelDir, '--pairs', pairs);
    expect(scored.code, scored.err).toBe(0);
    const lines = scored.out
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(lines.map((l) => l.slice(0, 2))).toEqual([
      ['0', '0'],
      ['1', '999'],
    ]);
    expect(Number(lines[0][2])).toBeGreaterThan(0);
    expect(Number(lines[1][2])).toBe(0); // an item never seen in training is cold: popularity 0

    const recommended = await cli('recommend', '--model-dir', modelDir, '--users', '0,nobody', '--k', '2');
    expect(recommended.code, recommended.err).toBe(0);
    const { recommendations } = JSON.parse(recommended.out);
    expect(recommendations).toHaveLength(2);
    expect(recommendations[0].items).toHaveLength(2);
    expect(recommended.err).toMatch(/"nobody" was not in the training data/);
  });

  it('demo trains and evaluates on the embedded synthetic data', async () => {
    const result = await cli('demo', '--users', '200', '--items', '300', '--epochs', '2', '--json');
    expect(result.code, result.err).toBe(0);
    const { results } = JSON.parse(result.out);
    expect(results[0].model).toBe('itempop');
    // ItemPop must beat a random ranking (HR@10 = 10/100 on the sampled protocol).
    expect(results[0].sampled.hr).toBeGreaterThan(0.2);
  });
});
