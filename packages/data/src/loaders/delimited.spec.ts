import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDelimited } from './delimited.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recsys-delimited-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function write(text: string): string {
  const file = path.join(dir, `${fileCount++}.csv`);
  fs.writeFileSync(file, text);
  return file;
}

const RATINGS = 'userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n7,31,4,1260759200\n';

describe('loadDelimited', () => {
  it('maps columns by header name', async () => {
    const { interactions, report } = await loadDelimited(write(RATINGS), {
      header: true,
      columns: { user: 'userId', item: 'movieId', value: 'rating', timestamp: 'timestamp' },
    });
    expect(interactions.userIds.ids()).toEqual(['1', '7']);
    expect(interactions.itemIds.ids()).toEqual(['31', '1029']);
    expect(Array.from(interactions.values ?? [])).toEqual([2.5, 3, 4]);
    expect(interactions.timestamps?.[2]).toBe(1260759200);
    expect(report).toMatchObject({ format: 'csv', lines: 3, rows: 3 });
  });

  it('maps columns by index, with any delimiter, trimming fields and ignoring extra columns', async () => {
    const file = write('a | x | 1 | extra\nb | y | 2 | extra\n');
    const { interactions, report } = await loadDelimited(file, {
      delimiter: '|',
      columns: { user: 0, item: 1, value: 2 },
    });
    expect(interactions.userIds.ids()).toEqual(['a', 'b']);
    expect(Array.from(interactions.values ?? [])).toEqual([1, 2]);
    expect(interactions.timestamps).toBeUndefined();
    expect(report.trimmedIds).toBe(2); // trimming is counted: " x" and "x" would be one id
    const clean = await loadDelimited(write('a,x\nb,y\n'), { delimiter: ',', columns: { user: 0, item: 1 } });
    expect(clean.report.trimmedIds).toBe(0);
  });

  it('codes behaviours in order of appearance, or by the given names', async () => {
    const text = 'u1\ti1\tclick\nu1\ti2\tbuy\nu2\ti1\tclick\n';
    const found = await loadDelimited(write(text), { delimiter: '\t', columns: { user: 0, item: 1, behaviour: 2 } });
    expect(found.interactions.behaviourNames).toEqual(['click', 'buy']);
    expect(Array.from(found.interactions.behaviours ?? [])).toEqual([0, 1, 0]);
    const fixed = await loadDelimited(write(text), {
      delimiter: '\t',
      columns: { user: 0, item: 1, behaviour: 2 },
      behaviourNames: ['buy', 'click'],
    });
    expect(Array.from(fixed.interactions.behaviours ?? [])).toEqual([1, 0, 1]);
    await expect(
      loadDelimited(write(text), {
        delimiter: '\t',
        columns: { user: 0, item: 1, behaviour: 2 },
        behaviourNames: ['buy'],
      }),
    ).rejects.toMatchObject({ kind: 'behaviour', line: 1 });
  });

  it('rejects bad configurations before reading', async () => {
    await expect(loadDelimited(write(RATINGS), { columns: { user: 'userId', item: 1 } })).rejects.toThrow(
      /header: true/,
    );
    await expect(loadDelimited(write(RATINGS), { columns: { user: -1, item: 1 } })).rejects.toThrow(/non-negative/);
  });

  it('rejects a header without a named column on line 1', async () => {
    await expect(
      loadDelimited(write(RATINGS), { header: true, columns: { user: 'user', item: 'movieId' } }),
    ).rejects.toMatchObject({
      kind: 'columns',
      line: 1,
      message: expect.stringContaining('header has no column "user"'),
    });
  });

  it('rejects a header naming a mapped column twice, naming the name and its columns', async () => {
    const file = write('user,item,user\n1,2,3\n');
    await expect(loadDelimited(file, { header: true, columns: { user: 'user', item: 'item' } })).rejects.toMatchObject({
      kind: 'columns',
      line: 1,
      message: expect.stringContaining(
        'header has "user" in columns 0 and 2 (0-based), so the user column is ambiguous',
      ),
    });
    // Lenient mode skips bad data lines, never a bad header.
    await expect(
      loadDelimited(file, { header: true, lenient: true, columns: { user: 'user', item: 'item' } }),
    ).rejects.toMatchObject({ kind: 'columns', line: 1 });
    // A repeated name nothing refers to is harmless.
    const { interactions } = await loadDelimited(file, { header: true, columns: { user: 0, item: 'item' } });
    expect(interactions.userIds.ids()).toEqual(['1']);
  });

  it('rejects one column given for two roles', async () => {
    await expect(loadDelimited(write('1,2\n'), { columns: { user: 0, item: 0 } })).rejects.toThrow(
      'loadDelimited: column 0 is given for both user and item',
    );
    await expect(
      loadDelimited(write(RATINGS), { header: true, columns: { user: 'userId', item: 'userId' } }),
    ).rejects.toThrow('column "userId" is given for both user and item');
    await expect(
      loadDelimited(write(RATINGS), { header: true, columns: { user: 'userId', item: 0 } }),
    ).rejects.toMatchObject({
      kind: 'columns',
      line: 1,
      problem: 'column 0 ("userId") is given for both user and item',
    });
  });

  it('rejects a delimiter holding a line break before reading', async () => {
    for (const delimiter of ['\n', '\r', ',\r\n']) {
      await expect(loadDelimited(write('1,2\n'), { delimiter, columns: { user: 0, item: 1 } })).rejects.toThrow(
        /the delimiter .* holds a line break/,
      );
    }
  });

  it('rejects a quoted field up to the last mapped column, saying quoting is not supported and what to do', async () => {
    const columns = { user: 0, item: 1, value: 2 };
    for (const line of ['"a",b,"1"', 'a,"b",1', '"x, y",b,1', 'a, "b" ,1']) {
      const error = await loadDelimited(write(`u,i,1\n${line}\n`), { columns }).catch((e: unknown) => e);
      expect(error, line).toMatchObject({ kind: 'columns', line: 2 });
      expect((error as Error).message, line).toMatch(
        /:2: column \d is quoted \(.*\): quoted CSV fields are not supported/,
      );
      expect((error as Error).message).toMatch(/issue 13.*remove the quotes, or .*delimiter that does not occur/);
    }
    // Lenient mode skips (and counts) the quoted line.
    const { report } = await loadDelimited(write('"a",b,"1"\nc,d,2\n'), { columns, lenient: true });
    expect(report).toMatchObject({ rows: 1, skipped: 1, skippedByKind: { columns: 1 } });
    // Quotes after the last mapped column cannot shift the mapped ones: ignored like any extra column.
    const tail = await loadDelimited(write('a,b,1,"note, with a comma"\n'), { columns });
    expect(tail.interactions.userIds.ids()).toEqual(['a']);
    // A quoted header is named as the likely cause when a column name is not found.
    await expect(
      loadDelimited(write('"user","item"\n1,2\n'), { header: true, columns: { user: 'user', item: 'item' } }),
    ).rejects.toThrow(/header has no column "user" \(for user\) \(the header's names are quoted: quoted CSV fields/);
  });

  it('rejects an empty file, too few columns, a non-numeric value or timestamp and an empty id', async () => {
    const columns = { user: 0, item: 1, value: 2, timestamp: 3 };
    await expect(loadDelimited(write(''), { columns })).rejects.toMatchObject({ kind: 'empty' });
    await expect(
      loadDelimited(write('u,i,h\n'), { header: true, columns: { user: 0, item: 1 } }),
    ).rejects.toMatchObject({
      kind: 'empty',
    });
    await expect(loadDelimited(write('1,2,3\n'), { columns })).rejects.toMatchObject({ kind: 'columns' });
    await expect(loadDelimited(write('1,2,x,3\n'), { columns })).rejects.toThrow(/:1: value "x" is not a number$/);
    await expect(loadDelimited(write('1,2,3,NaN\n'), { columns })).rejects.toMatchObject({ kind: 'timestamp' });
    await expect(loadDelimited(write('1, ,3,4\n'), { columns })).rejects.toMatchObject({ kind: 'id' });
  });

  it('in lenient mode skips and counts, and never lets a skipped line add a behaviour name', async () => {
    const text = 'a,b,5,view\na,c,x,buy\nd,e\n\nf,g,1,view\n';
    const { interactions, report } = await loadDelimited(write(text), {
      lenient: true,
      columns: { user: 0, item: 1, value: 2, behaviour: 3 },
    });
    expect(interactions.size).toBe(2);
    expect(interactions.behaviourNames).toEqual(['view']);
    expect(report.skipped).toBe(3);
    expect(report.skippedByKind).toEqual({ number: 1, columns: 2 });
  });

  it('applies the duplicate policies', async () => {
    const text = 'a,x,1,5\na,x,2,9\na,x,4,1\n';
    const columns = { user: 0, item: 1, value: 2, timestamp: 3 };
    const latest = await loadDelimited(write(text), { columns });
    expect(Array.from(latest.interactions.values ?? [])).toEqual([2]);
    const first = await loadDelimited(write(text), { columns, duplicates: 'keep-first' });
    expect(Array.from(first.interactions.values ?? [])).toEqual([1]);
    const sum = await loadDelimited(write(text), { columns, duplicates: 'sum' });
    expect(Array.from(sum.interactions.values ?? [])).toEqual([7]);
    expect(Array.from(sum.interactions.timestamps ?? [])).toEqual([9]);
    expect(sum.report.duplicates).toBe(2);
    await expect(loadDelimited(write(text), { columns, duplicates: 'error' })).rejects.toThrow(
      /:2: \(user a, item x\) repeats line 1$/,
    );
  });

  it('extends id maps across two loads', async () => {
    const a = await loadDelimited(write('u1,i1\n'), { columns: { user: 0, item: 1 } });
    const b = await loadDelimited(write('u2,i1\n'), {
      columns: { user: 0, item: 1 },
      userIds: a.interactions.userIds,
      itemIds: a.interactions.itemIds,
    });
    expect(Array.from(b.interactions.users)).toEqual([1]);
    expect(Array.from(b.interactions.items)).toEqual([0]);
  });
});
