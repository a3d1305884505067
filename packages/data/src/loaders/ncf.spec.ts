import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IdMap } from '../id-map.js';
import { Interactions } from '../interactions.js';
import { loadNcfRatings, writeNcfRatings } from './ncf.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recsys-ncf-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function write(text: string, name = 'x.train.rating'): string {
  const file = path.join(dir, `${fileCount++}-${name}`);
  fs.writeFileSync(file, text);
  return file;
}

describe('loadNcfRatings', () => {
  it('keeps dense ids as indices; the space is max id + 1', async () => {
    const { interactions, report } = await loadNcfRatings(write('0\t3\t5\n2\t0\t4\n0\t1\t1\n'));
    expect(Array.from(interactions.users)).toEqual([0, 2, 0]);
    expect(Array.from(interactions.items)).toEqual([3, 0, 1]);
    expect(interactions.numUsers).toBe(3);
    expect(interactions.numItems).toBe(4);
    expect(interactions.userIds.ids()).toEqual(['0', '1', '2']);
    expect(Array.from(interactions.values ?? [])).toEqual([5, 4, 1]);
    expect(interactions.timestamps).toBeUndefined();
    expect(report).toMatchObject({ format: 'ncf', lines: 3, rows: 3, skipped: 0 });
  });

  it('reads the optional timestamp column', async () => {
    const { interactions } = await loadNcfRatings(write('0\t25\t5\t978824351\n1\t133\t3\t978300174'));
    expect(Array.from(interactions.timestamps ?? [])).toEqual([978824351, 978300174]);
  });

  it('uses numUsers/numItems as the space and rejects ids out of range', async () => {
    const ok = await loadNcfRatings(write('0\t1\t1\n'), { numUsers: 5, numItems: 10 });
    expect(ok.interactions.numUsers).toBe(5);
    expect(ok.interactions.numItems).toBe(10);
    const error = await loadNcfRatings(write('0\t1\t1\n0\t10\t1\n'), { numItems: 10 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'range', line: 2 });
    expect((error as Error).message).toMatch(/:2: item id out of range: 10 >= numItems 10$/);
    await expect(loadNcfRatings(write('7\t1\t1\n'), { numUsers: 7 })).rejects.toMatchObject({ kind: 'range' });
  });

  it('rejects non-integer and negative ids', async () => {
    await expect(loadNcfRatings(write('0\t1.5\t1\n'))).rejects.toMatchObject({ kind: 'id' });
    await expect(loadNcfRatings(write('-1\t1\t1\n'))).rejects.toMatchObject({ kind: 'id' });
    await expect(loadNcfRatings(write('u7\t1\t1\n'))).rejects.toMatchObject({ kind: 'id' });
  });

  it('rejects an empty file, missing columns, a bad rating, a NaN timestamp', async () => {
    await expect(loadNcfRatings(write(''))).rejects.toMatchObject({ kind: 'empty' });
    await expect(loadNcfRatings(write('0\t1\n'))).rejects.toMatchObject({ kind: 'columns', line: 1 });
    await expect(loadNcfRatings(write('0\t1\t5\t9\n0\t2\t5\n'))).rejects.toMatchObject({ kind: 'columns', line: 2 });
    await expect(loadNcfRatings(write('0\t1\tfive\n'))).rejects.toThrow(/:1: rating "five" is not a number$/);
    await expect(loadNcfRatings(write('0\t1\t5\tNaN\n'))).rejects.toMatchObject({ kind: 'timestamp' });
  });

  it('in lenient mode counts skipped lines per kind', async () => {
    const text = '0\t1\t5\n0\tx\t5\n1\t2\t?\n9\t2\t1\n1\n';
    const { interactions, report } = await loadNcfRatings(write(text), { lenient: true, numUsers: 5 });
    expect(interactions.size).toBe(1);
    expect(report.skipped).toBe(4);
    expect(report.skippedByKind).toEqual({ id: 1, number: 1, range: 1, columns: 1 });
    expect(report.skippedExamples.map((e) => e.line)).toEqual([2, 3, 4, 5]);
  });

  it('applies the duplicate policies', async () => {
    const text = '0\t1\t2\t10\n0\t1\t3\t5\n1\t1\t4\t1\n';
    const latest = await loadNcfRatings(write(text));
    expect(Array.from(latest.interactions.values ?? [])).toEqual([2, 4]);
    const first = await loadNcfRatings(write(text), { duplicates: 'keep-first' });
    expect(Array.from(first.interactions.values ?? [])).toEqual([2, 4]);
    const sum = await loadNcfRatings(write(text), { duplicates: 'sum' });
    expect(Array.from(sum.interactions.values ?? [])).toEqual([5, 4]);
    expect(sum.report.duplicates).toBe(1);
    await expect(loadNcfRatings(write(text), { duplicates: 'error' })).rejects.toThrow(
      /:2: \(user 0, item 1\) repeats line 1$/,
    );
  });

  it('extends identity id maps across two loads (train then test)', async () => {
    const train = await loadNcfRatings(write('0\t0\t1\n1\t2\t1\n'));
    const { userIds, itemIds } = train.interactions;
    const test = await loadNcfRatings(write('1\t4\t1\n3\t1\t1\n'), { userIds, itemIds });
    expect(test.interactions.userIds).toBe(userIds);
    expect(userIds.ids()).toEqual(['0', '1', '2', '3']);
    expect(test.interactions.numItems).toBe(5);
    expect(train.interactions.numItems).toBe(3);
    await expect(loadNcfRatings(write('0\t0\t1\n'), { userIds: IdMap.from(['a']) })).rejects.toThrow(/identity/);
  });
});

describe('writeNcfRatings', () => {
  it('round trips exactly: indices, float32 values and timestamps', async () => {
    const original = Interactions.fromColumns(
      {
        users: Int32Array.of(2, 0, 1, 0),
        items: Int32Array.of(5, 1, 0, 3),
        values: Float32Array.of(4, 0.1, 3.5, 1 / 3),
        timestamps: Float64Array.of(978824351, 1.5, 0, 1511544070),
      },
      { numUsers: 4, numItems: 6 },
    );
    const file = path.join(dir, 'round.test.rating');
    await writeNcfRatings(file, original);
    expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toBe('2\t5\t4\t978824351');
    const { interactions } = await loadNcfRatings(file, { numUsers: 4, numItems: 6 });
    for (const key of ['users', 'items', 'values', 'timestamps'] as const) {
      expect(interactions[key]).toEqual(original[key]);
    }
    expect(interactions.numUsers).toBe(4);
    expect(interactions.numItems).toBe(6);
  });

  it('writes rating 1 without values and no timestamp column without timestamps', async () => {
    const log = Interactions.fromColumns({ users: Int32Array.of(0, 1), items: Int32Array.of(1, 0) });
    const file = path.join(dir, 'implicit.rating');
    await writeNcfRatings(file, log);
    expect(fs.readFileSync(file, 'utf8')).toBe('0\t1\t1\n1\t0\t1\n');
    const back = await loadNcfRatings(file);
    expect(back.interactions.users).toEqual(log.users);
    expect(back.interactions.timestamps).toBeUndefined();
  });
});
