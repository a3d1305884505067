import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

/** 30 users × 10 of 60 items for training; each user's test item, the first three users' an item nobody trained on. */
function files(dir: string): { data: string; test: string } {
  const train: string[] = [];
  const test: string[] = [];
  for (let u = 1; u <= 30; u++) {
    for (let k = 0; k < 10; k++) train.push(`${u}\t${1 + ((u * 3 + k * 7) % 60)}\t1\t${1000 + u * 20 + k}`);
    test.push(`${u}\t${u <= 3 ? 900 + u : 1 + ((u * 3 + 70) % 60)}\t1\t${5000 + u}`);
  }
  const data = join(dir, 'train.data');
  const testPath = join(dir, 'test.data');
  writeFileSync(data, train.join('\n') + '\n');
  writeFileSync(testPath, test.join('\n') + '\n');
  return { data, test: testPath };
}

describe('recsys compare --cold-cases', () => {
  it('keeps test cases without training interactions on request, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-compare-cold-'));
    const { data, test } = files(dir);
    const common = [
      '--data',
      data,
      '--test',
      test,
      '--format',
      'movielens',
      '--models',
      'itempop',
      '--seeds',
      '1',
      '--negatives',
      '20',
    ];
    const kept = await cli('compare', ...common, '--cold-cases', 'include', '--out', join(dir, 'kept'));
    expect(kept.code, kept.err).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'kept', 'results.json'), 'utf8'));
    expect(result.split).toMatchObject({ test: 30, coldTestCases: 3, coldTestCasesKept: true });
    expect(result.data.items).toBe(63); // the three cold test items joined the data's index space, without rows
    expect(kept.err).toContain('3 test cases name a user or item without training interactions: kept');
    expect(kept.err).not.toMatch(/left out of every model/); // no validation case was cold: nothing left out
    const report = readFileSync(join(dir, 'kept', 'report.md'), 'utf8');
    expect(report).toContain('cold test cases kept (all test users): 3, left out of the warm-case protocols');
    // The warm cases alone, from the same run, beside the figures over all test users.
    expect(result.protocols).toEqual(['sampled', 'full', 'sampled-warm', 'full-warm']);
    expect(report).toMatch(/HR@10 sampled-warm/);

    const left = await cli('compare', ...common, '--out', join(dir, 'left'));
    const leftResult = JSON.parse(readFileSync(join(dir, 'left', 'results.json'), 'utf8'));
    expect(leftResult.split).toMatchObject({ test: 27, coldTestCases: 3 });
    const { 'hr@10': hr, 'ndcg@10': ndcg } = leftResult.runs[0].metrics.full;
    expect(result.runs[0].metrics['full-warm']).toMatchObject({ 'hr@10': hr, 'ndcg@10': ndcg });
    expect(left.err).toContain('3 test cases name a user or item without training interactions: left out');
    const bad = await cli('compare', ...common, '--cold-cases', 'some', '--out', join(dir, 'bad'));
    expect(bad.err).toMatch(/--cold-cases/);
  });
});
