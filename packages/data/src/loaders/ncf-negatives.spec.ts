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

  it('rejects a line without negatives: a heads-only file would score every metric 1', async () => {
    const error = await loadNcfNegatives(write('(0,3)\t1\n(1,0)\n'), { test }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'columns', line: 2 });
    expect((error as Error).message).toMatch(/:2: no negatives after the \(user,item\) head/);
    await expect(loadNcfNegatives(write('(0,3)\n(1,0)\n'))).rejects.toMatchObject({ kind: 'columns', line: 1 });
    const { negatives, report } = await loadNcfNegatives(write('(0,3)\t1\n(1,0)\n'), { lenient: true });
    expect(caseCount(negatives)).toBe(1);
    expect(report.skippedByKind).toEqual({ columns: 1 });
  });

  it('counts the negatives per case: min, max, the usual count and the cases that differ', async () => {
    const text = '(0,3)\t1\t2\t5\n(1,0)\t4\t2\t1\n(0,3)\t1\n(1,0)\t1\t2\t3\t4\t5\n';
    const { negativesPerCase } = await loadNcfNegatives(write(text), { test });
    expect(negativesPerCase).toEqual({ min: 1, max: 5, common: 3, differing: 2, empty: 0, firstDiffering: 2 });
    const even = await loadNcfNegatives(write('(0,3)\t1\t2\n(1,0)\t4\t2\n'), { test });
    expect(even.negativesPerCase).toMatchObject({ min: 2, max: 2, common: 2, differing: 0, firstDiffering: -1 });
    const none = await loadNcfNegatives(write('(9,9)\t1\n'), { test, lenient: true });
    expect(none.negativesPerCase).toMatchObject({ min: 0, max: 0, differing: 0 });
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
  it('round trips exactly', async () => {
    const original: TestNegatives = {
      users: Int32Array.of(0, 1, 2),
      positives: Int32Array.of(3, 0, 7),
      offsets: Int32Array.of(0, 2, 3, 6),
      items: Int32Array.of(1, 2, 9, 4, 5, 6),
    };
    const file = path.join(dir, 'round.test.negative');
    await writeNcfNegatives(file, original);
    expect(fs.readFileSync(file, 'utf8')).toBe('(0,3)\t1\t2\n(1,0)\t9\n(2,7)\t4\t5\t6\n');
    const { negatives } = await loadNcfNegatives(file);
    expect(negatives).toEqual(original);
  });

  it('refuses a case without negatives, which the loader would reject', async () => {
    const headless: TestNegatives = {
      users: Int32Array.of(0, 1),
      positives: Int32Array.of(3, 0),
      offsets: Int32Array.of(0, 1, 1),
      items: Int32Array.of(2),
    };
    const file = path.join(dir, 'headless.test.negative');
    await expect(writeNcfNegatives(file, headless)).rejects.toThrow(/case 1 \(user 1, item 0\) has no negatives/);
    expect(fs.existsSync(file)).toBe(false);
  });

  // Before: a missing positive was written as "(1,undefined)".
  it('refuses malformed cases before writing', async () => {
    const malformed: TestNegatives = {
      users: Int32Array.of(0, 1),
      positives: Int32Array.of(3),
      offsets: Int32Array.of(0, 1, 2),
      items: Int32Array.of(2, 4),
    };
    const file = path.join(dir, 'malformed.test.negative');
    await expect(writeNcfNegatives(file, malformed)).rejects.toThrow(
      'writeNcfNegatives: negatives has 2 users, 1 positives and 3 offsets; expected as many positives as users and one more offset',
    );
    expect(fs.existsSync(file)).toBe(false);
  });
});
