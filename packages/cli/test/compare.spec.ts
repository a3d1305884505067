import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

/** A MovieLens-style file: `users` users with 14 items each out of 150, timestamps increasing. */
function ratingsFile(dir: string, users = 40): string {
  const lines: string[] = [];
  let t = 1000;
  for (let u = 1; u <= users; u++) {
    for (let k = 0; k < 14; k++) lines.push(`${u}\t${1 + ((u * 7 + k * k * 3) % 150)}\t${1 + ((u + k) % 5)}\t${t++}`);
  }
  const path = join(dir, 'u.data');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('recsys compare', () => {
  let dir: string;
  let data: string;
  let out: string;
  let run: { code: number; out: string; err: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recsys-compare-'));
    data = ratingsFile(dir);
    out = join(dir, 'out');
    run = await cli(
      'compare',
      '--data',
      data,
      '--models',
      'itempop,gmf',
      '--seeds',
      '2',
      '--ks',
      '5,10',
      '--negatives',
      '50',
      '--max-epochs',
      '2',
      '--budget',
      '1',
      '--out',
      out,
    );
  });

  it('writes results, Markdown and HTML, and prints the table', () => {
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(result.format).toBe('recsys-comparison');
    expect(result.runs.map((r: { model: string; seed: number }) => `${r.model}/${r.seed}`)).toEqual([
      'itempop/1',
      'gmf/1',
      'itempop/2',
      'gmf/2',
    ]);
    expect(result.negatives).toBe(50);
    expect(result.ks).toEqual([5, 10]);
    expect(result.runs[1].trials).toHaveLength(1); // budget 1: one point of GMF's grid
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/itempop/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<svg/);
    expect(existsSync(join(out, 'runs.partial.jsonl'))).toBe(false); // kept only while the comparison runs
    expect(existsSync(join(out, 'results.partial.json'))).toBe(false);
    expect(run.out).toMatch(/itempop/);
    expect(run.out).toMatch(/gmf/);
    // Progress per model and seed on stderr.
    expect(run.err).toMatch(/gmf seed 1 trial 1\/1/);
    expect(run.err).toMatch(/itempop seed 2 test:/);
  });

  it('draws the report again from results.json, and a training run from its output', async () => {
    const html = await cli('report', join(out, 'results.json'));
    expect(html.code, html.err).toBe(0);
    expect(html.out).toMatch(/^<!DOCTYPE html>/i);
    const markdown = await cli('report', join(out, 'results.json'), '--markdown', '--out', join(dir, 'r.md'));
    expect(markdown.code, markdown.err).toBe(0);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/gmf/);

    const trained = await cli('train', '--model', 'gmf', '--train', data, '--out', join(dir, 'gmf'), '--epochs', '2');
    expect(trained.code, trained.err).toBe(0);
    writeFileSync(join(dir, 'history.json'), trained.out);
    const history = await cli('report', join(dir, 'history.json'), '--out', join(dir, 'history.html'));
    expect(history.code, history.err).toBe(0);
    expect(readFileSync(join(dir, 'history.html'), 'utf8')).toMatch(/<svg/);

    writeFileSync(join(dir, 'other.json'), '{"hello": 1}');
    const other = await cli('report', join(dir, 'other.json'));
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/neither a comparison .* nor a training run/);
  });

  it('reads its settings from a JSON config, paths relative to the file', async () => {
    const config = join(dir, 'compare.json');
    writeFileSync(
      config,
      JSON.stringify({
        data: 'u.data',
        models: ['itempop', { name: 'ease', space: { lambda: [10, 100] } }],
        seeds: [5],
        ks: [10],
        protocols: ['full'],
        out: 'from-config',
      }),
    );
    const result = await cli('compare', '--config', config);
    expect(result.code, result.err).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'from-config', 'results.json'), 'utf8'));
    expect(saved.seeds).toEqual([5]);
    expect(saved.protocols).toEqual(['full']);
    expect(saved.runs[1].trials.map((t: { params: object }) => t.params)).toEqual([{ lambda: 10 }, { lambda: 100 }]);
  });

  it('refuses bad settings before reading data or training', async () => {
    const bad = async (args: string[], pattern: RegExp) => {
      const result = await cli('compare', ...args);
      expect(result.code, result.err).toBe(2);
      expect(result.err).toMatch(pattern);
    };
    await bad(['--out', join(dir, 'x')], /--data is required/);
    await bad(['--data', data], /--out is required/);
    await bad(['--data', data, '--out', join(dir, 'x'), '--models', 'itempop,nope'], /unknown model "nope"/);
    await bad(['--data', data, '--out', join(dir, 'x'), '--select', 'ndcg@10'], /--select must read/);
    await bad(['--data', data, '--out', join(dir, 'x'), '--seeds', 'two'], /--seeds must be a whole number/);
    await bad(['--data', data, '--out', data], /exists and is not a directory/);
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ data: 'u.data', seed: 3 }));
    await bad(['--config', config], /unknown key seed/);
    expect(existsSync(join(dir, 'x', 'results.json'))).toBe(false);
  });
});
