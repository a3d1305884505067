import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

// node's parseArgs keeps the last of two values, so a repeated option silently overrode the first one the user typed.
describe('a string option given twice', () => {
  it('is a usage error listing both values, in every command', async () => {
    expect(await cli('evaluate', '--model-dir', 'a', '--model-dir', 'b', '--test', 't', '--full')).toMatchObject({
      code: 2,
      err: expect.stringContaining('recsys: evaluate: --model-dir given twice: a, b\n'),
    });
    expect(await cli('split', 'x', '--out', 'a1', '--out=a2')).toMatchObject({
      code: 2,
      err: expect.stringContaining('split: --out given twice: a1, a2'),
    });
    expect(
      await cli('recommend', '--model-dir', 'm', '--users', '1', '--k', '3', '--k', '4', '--k', '5'),
    ).toMatchObject({
      code: 2,
      err: expect.stringContaining('recommend: --k given 3 times: 3, 4, 5'),
    });
    expect(await cli('data', 'stats', 'f', '--delimiter', ';', '--delimiter', ',')).toMatchObject({
      code: 2,
      err: expect.stringContaining('data stats: --delimiter given twice: ;, ,'),
    });
  });

  it("includes train's own options and a model's options, built per model", async () => {
    const train = ['train', '--model', 'gmf', '--train', 'missing.rating', '--out', 'o'];
    expect(await cli(...train, '--epochs', '3', '--epochs', '5')).toMatchObject({
      code: 2,
      err: expect.stringContaining('train: --epochs given twice: 3, 5'),
    });
    expect(await cli(...train, '--factors', '8', '--factors=16')).toMatchObject({
      code: 2,
      err: expect.stringContaining('train: --factors given twice: 8, 16'),
    });
    // A negative value joined to its flag is still an occurrence.
    expect(await cli(...train, '--seed', '-1', '--seed', '2')).toMatchObject({
      code: 2,
      err: expect.stringContaining('train: --seed given twice: -1, 2'),
    });
    expect(await cli('train', '--model', 'gmf', '--model', 'mlp', '--train', 't', '--out', 'o')).toMatchObject({
      code: 2,
      err: expect.stringContaining('train: --model given twice: gmf, mlp'),
    });
  });

  it('a boolean flag given twice means what it means once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-args-'));
    const path = join(dir, 'u.data');
    writeFileSync(path, '1\t2\t5\t100\n1\t3\tfive\t101\n');
    const result = await cli('data', 'stats', path, '--lenient', '--lenient');
    expect(result.code, result.err).toBe(0);
    expect(JSON.parse(result.out).report.skipped).toBe(1);
  });
});
