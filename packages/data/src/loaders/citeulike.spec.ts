import { describe, expect, it } from 'vitest';
import { testFiles } from './test-files.js';
import type { SparseFeatures } from '../sparse-features.js';
import { loadCiteULike, loadCiteULikeContent } from './citeulike.js';

const write = testFiles('citeulike');

function row(features: SparseFeatures, r: number): [number[], number[]] {
  const { ptr, indices, values } = features;
  return [Array.from(indices.subarray(ptr[r], ptr[r + 1])), Array.from(values.subarray(ptr[r], ptr[r + 1]))];
}

describe('loadCiteULike', () => {
  it('reads one library per line (user = line) without a final newline', async () => {
    const { interactions, report } = await loadCiteULike(write('users.dat', '2 0 3\n0\n3 1 2 3'));
    expect(interactions.numUsers).toBe(3);
    expect(interactions.numItems).toBe(4);
    expect(Array.from(interactions.users)).toEqual([0, 0, 2, 2, 2]);
    expect(Array.from(interactions.items)).toEqual([0, 3, 1, 2, 3]);
    expect(interactions.values).toBeUndefined();
    expect(interactions.timestamps).toBeUndefined();
    expect(interactions.itemsOf(1).length).toBe(0);
    expect(report).toMatchObject({ format: 'citeulike', lines: 3, rows: 5, skipped: 0, duplicates: 0 });
  });

  it('loads mult.dat as bag-of-words content covering content-only items', async () => {
    const users = write('users.dat', '1 0\n1 1');
    const mult = write('mult.dat', '2 3:1 0:4\n0\n1 5:2');
    const { interactions, content, contentReport } = await loadCiteULike(users, { content: mult });
    expect(interactions.numItems).toBe(3);
    expect(content?.numRows).toBe(3);
    expect(content?.numFeatures).toBe(6);
    expect(row(content!, 0)).toEqual([
      [3, 0],
      [1, 4],
    ]);
    expect(row(content!, 1)).toEqual([[], []]);
    expect(row(content!, 2)).toEqual([[5], [2]]);
    expect(contentReport).toMatchObject({ format: 'lda-c', lines: 3, rows: 3 });
  });

  it('pads content rows to the items of users.dat and honours a vocabulary size', async () => {
    const users = write('users.dat', '1 4\n');
    const mult = write('mult.dat', '1 0:1\n');
    const { content, interactions } = await loadCiteULike(users, { content: mult, numFeatures: 10 });
    expect(interactions.numItems).toBe(5);
    expect(content?.numRows).toBe(5);
    expect(content?.ptr).toEqual(Int32Array.of(0, 1, 1, 1, 1, 1));
    expect(content?.numFeatures).toBe(10);
    await expect(
      loadCiteULike(users, { content: write('mult.dat', '1 10:1\n'), numFeatures: 10 }),
    ).rejects.toMatchObject({
      kind: 'range',
    });
  });

  it('loads item-tag.dat as multi-hot content', async () => {
    const tags = write('item-tag.dat', '2 7 1\n0\n1 0');
    const { content, report } = await loadCiteULikeContent(tags);
    expect(report.format).toBe('multi-hot');
    expect(content.numFeatures).toBe(8);
    expect(row(content, 0)).toEqual([
      [7, 1],
      [1, 1],
    ]);
    expect(row(content, 2)).toEqual([[0], [1]]);
  });

  it('rejects a count that disagrees with the entries', async () => {
    const error = await loadCiteULike(write('users.dat', '2 0 1\n3 0 1\n')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'count', line: 2 });
    expect((error as Error).message).toBe('users.dat:2: count says 3 entries, the line has 2');
    await expect(loadCiteULikeContent(write('mult.dat', '2 1:1\n'))).rejects.toMatchObject({ kind: 'count' });
    await expect(loadCiteULike(write('users.dat', 'x 1\n'))).rejects.toMatchObject({ kind: 'count' });
  });

  it('rejects an empty file, bad ids, out-of-range ids, bad counts and blank lines', async () => {
    await expect(loadCiteULike(write('users.dat', ''))).rejects.toMatchObject({ kind: 'empty' });
    await expect(loadCiteULike(write('users.dat', '1 a\n'))).rejects.toMatchObject({ kind: 'id' });
    await expect(loadCiteULike(write('users.dat', '1 5\n'), { numItems: 5 })).rejects.toMatchObject({ kind: 'range' });
    await expect(loadCiteULikeContent(write('mult.dat', '1 3:x\n'))).rejects.toMatchObject({ kind: 'number' });
    await expect(loadCiteULikeContent(write('mult.dat', '1 3\n'))).rejects.toMatchObject({ kind: 'columns' });
    await expect(loadCiteULike(write('users.dat', '1 0\n\n1 1\n'))).rejects.toMatchObject({ kind: 'columns', line: 2 });
  });

  it('reads users.dat and mult.dat ending in blank lines as without them (no extra users or rows)', async () => {
    const load = async (users: string, mult: string) => {
      const { interactions, content } = await loadCiteULike(write('users.dat', users), {
        content: write('mult.dat', mult),
      });
      return { interactions, content };
    };
    const plain = await load('1 0\n1 1', '1 0:1\n0');
    const padded = await load('1 0\n1 1\n\n\n', '1 0:1\n0\n \n\n');
    expect(padded.interactions.numUsers).toBe(2);
    expect(padded.content?.numRows).toBe(2);
    expect(padded).toEqual(plain);
  });

  it('in lenient mode skips lines but keeps users and items aligned with line numbers', async () => {
    const { interactions, report } = await loadCiteULike(write('users.dat', '1 0\n2 1\n1 x\n1 2\n'), { lenient: true });
    expect(interactions.numUsers).toBe(4);
    expect(Array.from(interactions.users)).toEqual([0, 3]);
    expect(report.skippedByKind).toEqual({ count: 1, id: 1 });
    const mult = write('mult.dat', '1 0:1\n1 1\n1 2:2\n');
    const { content, report: contentReport } = await loadCiteULikeContent(mult, { lenient: true });
    expect(content.numRows).toBe(3);
    expect(row(content, 1)).toEqual([[], []]);
    expect(row(content, 2)).toEqual([[2], [2]]);
    expect(contentReport.skipped).toBe(1);
  });

  it('applies the duplicate policies to repeated items in a library', async () => {
    const file = write('users.dat', '3 1 0 1\n');
    const latest = await loadCiteULike(file);
    expect(Array.from(latest.interactions.items)).toEqual([0, 1]);
    expect(latest.report.duplicates).toBe(1);
    const first = await loadCiteULike(file, { duplicates: 'keep-first' });
    expect(Array.from(first.interactions.items)).toEqual([1, 0]);
    const sum = await loadCiteULike(file, { duplicates: 'sum' });
    expect(Array.from(sum.interactions.values ?? [])).toEqual([1, 2]);
    await expect(loadCiteULike(file, { duplicates: 'error' })).rejects.toMatchObject({ kind: 'duplicate', line: 1 });
  });

  it('extends identity id maps across two loads', async () => {
    const a = await loadCiteULike(write('users.dat', '1 0\n1 1\n'));
    const b = await loadCiteULike(write('users.dat', '1 3\n'), {
      userIds: a.interactions.userIds,
      itemIds: a.interactions.itemIds,
    });
    expect(b.interactions.numUsers).toBe(2);
    expect(b.interactions.numItems).toBe(4);
    expect(a.interactions.itemIds.ids()).toEqual(['0', '1', '2', '3']);
  });
});
