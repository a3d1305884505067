import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

/** 60 users × 12 of 100 items (MovieLens style), and tag features for items 1–100 plus two items nobody rated. */
function files(dir: string): { data: string; features: string } {
  const lines: string[] = [];
  for (let u = 1; u <= 60; u++) {
    for (let k = 0; k < 12; k++) lines.push(`${u}\t${1 + ((u * 7 + k * k * 3) % 100)}\t1\t${1000 + u * 20 + k}`);
  }
  const data = join(dir, 'u.data');
  writeFileSync(data, lines.join('\n') + '\n');
  const rows = Array.from({ length: 102 }, (_, i) => `${i + 1}\ttag${i % 9}\ttopic${i % 4}:2`);
  const features = join(dir, 'features.tsv');
  writeFileSync(features, rows.join('\n') + '\n');
  return { data, features };
}

describe('recsys compare --split dualnet', () => {
  let dir: string;
  let paths: { data: string; features: string };
  let run: { code: number; out: string; err: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recsys-compare-dualnet-'));
    paths = files(dir);
    // Settings from a config file (paths relative to it), one flag overriding it.
    const config = join(dir, 'compare.json');
    writeFileSync(
      config,
      JSON.stringify({
        data: 'u.data',
        split: 'dualnet',
        itemFeatures: 'features.tsv',
        models: ['itempop', 'content', 'random'],
        seeds: 1,
        ks: [5, 10],
        out: 'out',
      }),
    );
    run = await cli('compare', '--config', config, '--seeds', '2');
  });

  it('tests in- and out-of-matrix by Recall@M, out-of-matrix only for models that score cold items', () => {
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
    expect(result.split.kind).toBe('dualnet');
    expect(result.seeds).toEqual([1, 2]);
    expect(result.protocols).toEqual(['in-matrix', 'out-of-matrix']);
    expect(result.selection).toEqual({ protocol: 'in-matrix', metric: 'recall@5' });
    // The two feature rows without ratings joined the catalogue as cold items (and the load report says so).
    expect(result.data.items).toBe(102);
    expect(run.err).toMatch(/2 features rows are for items not in the interactions.*added as items without/);
    const metricsOf = (model: string) =>
      Object.keys(result.runs.find((r: { model: string }) => r.model === model).metrics);
    expect(metricsOf('itempop')).toEqual(['in-matrix']);
    expect(metricsOf('content')).toEqual(['in-matrix', 'out-of-matrix']);
    expect(metricsOf('random')).toEqual(['in-matrix', 'out-of-matrix']);
    const report = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(report).toMatch(/Out-of-matrix: every metric/);
    expect(report).toMatch(/out-of-matrix \d+ on \d+ cold items/);
    expect(report).toContain('itempop: no out-of-matrix results (it does not score cold items)');
    expect(run.out).toMatch(/Recall@5 in-matrix/);
  });

  it('refuses what cannot work, naming the flag', async () => {
    const out = join(dir, 'refused');
    const noFeatures = await cli(
      'compare',
      '--data',
      paths.data,
      '--split',
      'dualnet',
      '--models',
      'content',
      '--out',
      out,
    );
    expect(noFeatures.code).not.toBe(0);
    expect(noFeatures.err).toMatch(/content need the items' content/);
    const withTest = await cli(
      'compare',
      '--data',
      paths.data,
      '--split',
      'dualnet',
      '--test',
      paths.data,
      '--out',
      out,
    );
    expect(withTest.err).toMatch(/--test and --split dualnet exclude each other/);
    const badSplit = await cli('compare', '--data', paths.data, '--split', 'random', '--out', out);
    expect(badSplit.err).toMatch(/--split/);
    const badSelect = await cli('compare', '--data', paths.data, '--select', 'cold:recall@5', '--out', out);
    expect(badSelect.err).toMatch(/--select must read <protocol>:<metric>/);
  });
});
