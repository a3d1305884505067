import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

describe('recsys report with several results.json', () => {
  it('merges comparisons of other seeds into one report, and refuses other settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-report-merge-'));
    const lines: string[] = [];
    for (let u = 1; u <= 40; u++) {
      for (let k = 0; k < 12; k++) lines.push(`${u}\t${1 + ((u * 7 + k * k * 3) % 120)}\t1\t${1000 + u * 20 + k}`);
    }
    const data = join(dir, 'u.data');
    writeFileSync(data, lines.join('\n') + '\n');
    const run = (seeds: string, out: string, ...more: string[]) =>
      cli(
        'compare',
        '--data',
        data,
        '--models',
        'itempop,random',
        '--seeds',
        seeds,
        '--negatives',
        '20',
        '--out',
        join(dir, out),
        ...more,
      );
    expect((await run('1', 'a')).code).toBe(0);
    expect((await run('2,3', 'b')).code).toBe(0);
    const results = (name: string) => join(dir, name, 'results.json');

    const merged = await cli('report', results('a'), results('b'), '--json');
    expect(merged.code, merged.err).toBe(0);
    const result = JSON.parse(merged.out);
    expect(result.seeds).toEqual([1, 2, 3]);
    expect(result.runs).toHaveLength(6);
    const hr = result.summary.find(
      (row: { model: string; protocol: string; metric: string }) =>
        row.model === 'random' && row.protocol === 'full' && row.metric === 'hr@10',
    );
    expect(hr.values).toHaveLength(3);
    expect((await cli('report', results('a'), results('b'), '--markdown')).out).toMatch(/Seeds\*\*: 1, 2, 3 \(3\)/);

    expect((await run('4', 'c', '--ks', '10')).code).toBe(0);
    const refused = await cli('report', results('a'), results('c'));
    expect(refused.err).toContain('report: mergeResults: result 2 differs from the first in ks');
    const notComparison = join(dir, 'other.json');
    writeFileSync(notComparison, '{"model":"gmf","history":[]}');
    expect((await cli('report', results('a'), notComparison)).err).toContain('only comparisons merge');
  });
});
