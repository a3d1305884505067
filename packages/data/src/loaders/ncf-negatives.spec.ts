import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Interactions } from '../interactions.js';
import { caseCount, negativesOf, type TestNegatives } from '../test-negatives.js';
import { loadNcfNegatives, writeNcfNegatives } from './ncf-negatives.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recsys-negatives-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function write(text: string): string {
  const file = path.join(dir, `${fileCount++}.test.negative`);
  fs.writeFileSync(file, text);
  return file;
}

// Test pairs: user 0 → item 3, user 1 → item 0.
const test = Interactions.fromColumns({ users: Int32Array.of(0, 1), items: Int32Array.of(3, 0) }, { numItems: 6 });

describe('loadNcfNegatives', () => {
  it('reads (user,item) heads and their negatives', async () => {
    const { negatives, report } = await loadNcfNegatives(write('(0,3)\t1\t2\t5\n(1,0)\t4\t2'), { test });
    expect(caseCount(negatives)).toBe(2);
    expect(Array.from(negatives.users)).toEqual([0, 1]);
    expect(Array.from(negatives.positives)).toEqual([3, 0]);
    expect(Array.from(negativesOf(negatives, 0))).toEqual([1, 2, 5]);
    expect(Array.from(negativesOf(negatives, 1))).toEqual([4, 2]);
    expect(report).toMatchObject({ format: 'ncf-negatives', lines: 2, rows: 2, skipped: 0, duplicatePolicy: 'none' });
  });

  it('rejects a head that does not match the test file', async () => {
    const error = await loadNcfNegatives(write('(0,3)\t1\n(1,2)\t4\n'), { test }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'mismatch', line: 2 });
    expect((error as Error).message).toMatch(/:2: \(1,2\) is not a test pair; user 1's test items: 0$/);
  });

  it('rejects ids out of the test (or given) range, malformed heads and ids, and an empty file', async () => {
    await expect(loadNcfNegatives(write('(0,3)\t6\n'), { test })).rejects.toMatchObject({ kind: 'range' });
    await expect(loadNcfNegatives(write('(2,3)\t1\n'), { test })).rejects.toMatchObject({ kind: 'range' });
    await expect(loadNcfNegatives(write('(0,3)\t9\n'), { numItems: 9 })).rejects.toMatchObject({ kind: 'range' });
    await expect(loadNcfNegatives(write('0,3\t1\n'))).rejects.toMatchObject({ kind: 'columns' });
    await expect(loadNcfNegatives(write('(0,3)\t1\tx\n'))).rejects.toMatchObject({ kind: 'id' });
    await expect(loadNcfNegatives(write(''))).rejects.toMatchObject({ kind: 'empty' });
  });

  it('in lenient mode skips whole lines and counts them', async () => {
    const text = '(0,3)\t1\t2\n(1,2)\t4\n(1,0)\t4\t-1\n(1,0)\t5\n';
    const { negatives, report } = await loadNcfNegatives(write(text), { test, lenient: true });
    expect(caseCount(negatives)).toBe(2);
    expect(Array.from(negatives.offsets)).toEqual([0, 2, 3]);
    expect(report.skippedByKind).toEqual({ mismatch: 1, id: 1 });
  });
});

describe('writeNcfNegatives', () => {
  it('round trips exactly, including a case without negatives', async () => {
    const original: TestNegatives = {
      users: Int32Array.of(0, 1, 2),
      positives: Int32Array.of(3, 0, 7),
      offsets: Int32Array.of(0, 2, 2, 5),
      items: Int32Array.of(1, 2, 4, 5, 6),
    };
    const file = path.join(dir, 'round.test.negative');
    await writeNcfNegatives(file, original);
    expect(fs.readFileSync(file, 'utf8')).toBe('(0,3)\t1\t2\n(1,0)\n(2,7)\t4\t5\t6\n');
    const { negatives } = await loadNcfNegatives(file);
    expect(negatives).toEqual(original);
  });
});
