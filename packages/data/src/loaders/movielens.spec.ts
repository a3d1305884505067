import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testFiles } from './test-files.js';
import { DataFormatError } from './errors.js';
import { loadMovieLens } from './movielens.js';

const write = testFiles('movielens');

const U_DATA = '196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n196\t377\t4.5\t881251000\n';

describe('loadMovieLens', () => {
  it('loads u.data (TAB): raw ids re-indexed in order of appearance, ratings and timestamps', async () => {
    const { interactions, report } = await loadMovieLens(write('u.data', U_DATA));
    expect(interactions.size).toBe(4);
    expect(interactions.userIds.ids()).toEqual(['196', '186', '22']);
    expect(interactions.itemIds.ids()).toEqual(['242', '302', '377']);
    expect(Array.from(interactions.users)).toEqual([0, 1, 2, 0]);
    expect(Array.from(interactions.items)).toEqual([0, 1, 2, 2]);
    expect(Array.from(interactions.values ?? [])).toEqual([3, 3, 1, 4.5]);
    expect(interactions.timestamps?.[1]).toBe(891717742);
    expect(report).toEqual({
      file: expect.stringContaining('u.data'),
      format: 'movielens',
      lines: 4,
      rows: 4,
      skipped: 0,
      skippedByKind: {},
      skippedExamples: [],
      duplicates: 0,
      duplicatePolicy: 'keep-latest',
    });
  });

  it('detects the :: separator of ratings.dat; the last line may lack a newline', async () => {
    const { interactions } = await loadMovieLens(write('ratings.dat', '1::1193::5::978300760\n1::661::3::978302109'));
    expect(interactions.size).toBe(2);
    expect(interactions.itemIds.ids()).toEqual(['1193', '661']);
  });

  it('takes the separator as an option', async () => {
    const { interactions } = await loadMovieLens(write('r.csv', '1,2,5,100\n'), { separator: ',' });
    expect(interactions.size).toBe(1);
  });

  it('rejects an empty file', async () => {
    await expect(loadMovieLens(write('u.data', ''))).rejects.toMatchObject({ kind: 'empty' });
  });

  it('rejects missing columns, naming file and line', async () => {
    const error = await loadMovieLens(write('u.data', '1\t2\t3\t4\n1\t2\t3\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error).toMatchObject({ kind: 'columns', line: 2 });
    expect((error as Error).message).toBe('u.data:2: expected 4 columns (user item rating timestamp), found 3');
  });

  it('rejects a non-numeric rating', async () => {
    await expect(loadMovieLens(write('u.data', '1\t2\t3\t4\n1\t2\tabc\t4\n'))).rejects.toThrow(
      'u.data:2: rating "abc" is not a number',
    );
  });

  it('rejects a NaN timestamp, an empty id and a blank line', async () => {
    await expect(loadMovieLens(write('u.data', '1\t2\t3\tNaN\n'))).rejects.toMatchObject({
      kind: 'timestamp',
      line: 1,
    });
    await expect(loadMovieLens(write('u.data', '\t2\t3\t4\n'))).rejects.toMatchObject({ kind: 'id' });
    await expect(loadMovieLens(write('u.data', '1\t2\t3\t4\n\n1\t3\t3\t4\n'))).rejects.toMatchObject({
      kind: 'columns',
      line: 2,
    });
  });

  it('in lenient mode skips malformed lines, counting and listing their kinds', async () => {
    const text = ['1\t1\t5\t10', '1\tx\t3', '2\t2\tabc\t10', '2\t3\t4\tlater', '', '3\t3\t2\t10', ''].join('\n');
    const { interactions, report } = await loadMovieLens(write('u.data', text), { lenient: true });
    expect(interactions.size).toBe(2);
    // Ids of skipped lines are not added.
    expect(interactions.userIds.ids()).toEqual(['1', '3']);
    expect(report.lines).toBe(6);
    expect(report.skipped).toBe(4);
    expect(report.skippedByKind).toEqual({ columns: 2, number: 1, timestamp: 1 });
    expect(report.skippedExamples.map((e) => [e.line, e.kind])).toEqual([
      [2, 'columns'],
      [3, 'number'],
      [4, 'timestamp'],
      [5, 'columns'],
    ]);
    expect(report.skippedExamples[1].message).toBe('u.data:3: rating "abc" is not a number');
  });

  it('never merges ids whose bytes differ: a Latin-1 file is an encoding error, not replacement characters', async () => {
    // "café" and "cafè" in Latin-1: decoded with U+FFFD they became one user.
    const file = write('u.data', '');
    fs.writeFileSync(file, Buffer.from('caf\xE9\t1\t5\t10\ncaf\xE8\t2\t4\t20\n', 'latin1'));
    const error = await loadMovieLens(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'encoding', line: 1 });
    expect((error as Error).message).toContain('iconv -f latin1 -t utf-8 u.data');
    const lenient = await loadMovieLens(file, { lenient: true });
    expect(lenient.interactions.size).toBe(0);
    expect(lenient.report.skippedByKind).toEqual({ encoding: 2 });
    // The same ids in UTF-8 are two users.
    const utf8 = await loadMovieLens(write('u.data', 'caf\u00E9\t1\t5\t10\ncaf\u00E8\t2\t4\t20\n'));
    expect(utf8.interactions.userIds.ids()).toEqual(['café', 'cafè']);
  });

  it('loads a file ending in blank lines exactly like the file without them', async () => {
    const load = async (text: string) => {
      const { interactions, report } = await loadMovieLens(write('u.data', text));
      return { interactions, report: { ...report, file: 'u.data' } };
    };
    const plain = await load(U_DATA);
    for (const tail of ['\n', '\n\n\n', ' \n\t\n', '\r\n\r\n']) expect(await load(U_DATA + tail)).toEqual(plain);
  });

  describe('duplicate policies', () => {
    // (1, 10) three times: ts 300, 100, 300; (2, 20) once.
    const text = '1\t10\t1\t300\n2\t20\t5\t50\n1\t10\t2\t100\n1\t10\t4\t300\n';

    it('keep-latest keeps the latest timestamp, the later line on ties, in file order', async () => {
      const { interactions, report } = await loadMovieLens(write('u.data', text));
      expect(Array.from(interactions.values ?? [])).toEqual([5, 4]);
      expect(Array.from(interactions.users)).toEqual([1, 0]);
      expect(report).toMatchObject({ rows: 2, duplicates: 2, duplicatePolicy: 'keep-latest' });
    });

    it('keep-first keeps the first line', async () => {
      const { interactions, report } = await loadMovieLens(write('u.data', text), { duplicates: 'keep-first' });
      expect(Array.from(interactions.values ?? [])).toEqual([1, 5]);
      expect(Array.from(interactions.timestamps ?? [])).toEqual([300, 50]);
      expect(report.duplicates).toBe(2);
    });

    it('sum adds the values and keeps the latest timestamp', async () => {
      const { interactions, report } = await loadMovieLens(write('u.data', text), { duplicates: 'sum' });
      expect(Array.from(interactions.values ?? [])).toEqual([5, 7]);
      expect(Array.from(interactions.timestamps ?? [])).toEqual([50, 300]);
      expect(report).toMatchObject({ rows: 2, duplicates: 2, duplicatePolicy: 'sum' });
    });

    it('error throws naming both lines', async () => {
      const error = await loadMovieLens(write('u.data', text), { duplicates: 'error' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'duplicate', line: 3 });
      expect((error as Error).message).toBe('u.data:3: (user 1, item 10) repeats line 1');
    });
  });

  it('extends id maps across two loads (a test file in the train id space)', async () => {
    const train = await loadMovieLens(write('u1.base', '5\t50\t4\t1\n6\t60\t3\t2\n'));
    const test = await loadMovieLens(write('u1.test', '6\t50\t5\t3\n7\t70\t1\t4\n'), {
      userIds: train.interactions.userIds,
      itemIds: train.interactions.itemIds,
    });
    expect(test.interactions.userIds).toBe(train.interactions.userIds);
    expect(test.interactions.userIds.ids()).toEqual(['5', '6', '7']);
    expect(test.interactions.itemIds.ids()).toEqual(['50', '60', '70']);
    expect(Array.from(test.interactions.users)).toEqual([1, 2]);
    expect(Array.from(test.interactions.items)).toEqual([0, 2]);
    expect(test.interactions.numUsers).toBe(3);
    expect(train.interactions.numUsers).toBe(2);
  });

  it('reports progress at the end', async () => {
    const calls: number[] = [];
    await loadMovieLens(write('u.data', U_DATA), { onProgress: (n) => calls.push(n) });
    expect(calls).toEqual([4]);
  });
});
