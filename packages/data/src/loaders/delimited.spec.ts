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

  it('reads RFC 4180 quoted fields: a delimiter or a doubled quote inside, mixed with unquoted ones', async () => {
    const columns = { user: 0, item: 1, value: 2 };
    const file = write('"Smith, J.",i1,4\nlee,"the ""best"" one","2"\n"a""",x;y,1\nb,"i, 2" ,3\n');
    const { interactions, report } = await loadDelimited(file, { columns });
    expect(interactions.userIds.ids()).toEqual(['Smith, J.', 'lee', 'a"', 'b']);
    expect(interactions.itemIds.ids()).toEqual(['i1', 'the "best" one', 'x;y', 'i, 2']);
    expect(Array.from(interactions.values ?? [])).toEqual([4, 2, 1, 3]);
    expect(report).toMatchObject({ lines: 4, rows: 4, skipped: 0, trimmedIds: 0 });
    // Any delimiter; whitespace around the quotes is dropped, inside them it is trimmed (and counted) like any field.
    const tabs = await loadDelimited(write('u1\t "a\tb"\nu2\t" c "\n'), {
      delimiter: '\t',
      columns: { user: 0, item: 1 },
    });
    expect(tabs.interactions.itemIds.ids()).toEqual(['a\tb', 'c']);
    expect(tabs.report.trimmedIds).toBe(1);
    // A quote inside an unquoted field is an ordinary character, as before quoting was supported.
    const inch = await loadDelimited(write('u1,12" vinyl,1\n'), { columns });
    expect(inch.interactions.itemIds.ids()).toEqual(['12" vinyl']);
    // A quoted field after the mapped columns is read (and ignored) like any extra column.
    const tail = await loadDelimited(write('a,b,1,"note, with a comma"\n'), { columns });
    expect(tail.interactions.userIds.ids()).toEqual(['a']);
  });

  it('maps columns by quoted header names', async () => {
    const file = write('"uid","item id","rating, 1-5"\n"u1","i1","4"\nu2,i2,5\n');
    const { interactions } = await loadDelimited(file, {
      header: true,
      columns: { user: 'uid', item: 'item id', value: 'rating, 1-5' },
    });
    expect(interactions.userIds.ids()).toEqual(['u1', 'u2']);
    expect(Array.from(interactions.values ?? [])).toEqual([4, 5]);
  });

  it('reads a quoted field spanning lines as one record, numbered by its first line', async () => {
    const columns = { user: 0, item: 1, value: 2 };
    const file = write('u1,"line one\nline two\n\nafter a blank",1\nu2,i2,x\n');
    const { interactions, report } = await loadDelimited(file, { columns, lenient: true });
    expect(interactions.itemIds.ids()).toEqual(['line one\nline two\n\nafter a blank']);
    // The bad value is on line 5, the record before it spanning lines 1 to 4.
    expect(report).toMatchObject({ lines: 5, rows: 1, skipped: 1, skippedExamples: [{ line: 5, kind: 'number' }] });
    await expect(loadDelimited(file, { columns })).rejects.toThrow(/:5: value "x" is not a number$/);
    // A record's own problem is reported at its first line.
    await expect(loadDelimited(write('u0,i0,1\nu1,"a\nb",x\n'), { columns })).rejects.toMatchObject({
      kind: 'number',
      line: 2,
    });
    // Duplicates name the records' first lines.
    await expect(
      loadDelimited(write('"u\n1",i,1\nu2,i,1\n"u\n1",i,2\n'), { columns, duplicates: 'error' }),
    ).rejects.toThrow(/:4: \(user u\n1, item i\) repeats line 1$/);
  });

  it('reads CRLF line ends, inside quoted fields too (read as LF)', async () => {
    const file = write('user,item\r\n"u1","a\r\nb"\r\nu2,i2\r\n');
    const { interactions, report } = await loadDelimited(file, {
      header: true,
      columns: { user: 'user', item: 'item' },
    });
    expect(interactions.userIds.ids()).toEqual(['u1', 'u2']);
    expect(interactions.itemIds.ids()).toEqual(['a\nb', 'i2']);
    expect(report.lines).toBe(3);
  });

  it('rejects a quoted field not closed by the end of the file at the line it opened on', async () => {
    const columns = { user: 0, item: 1 };
    const file = write('u1,i1\nu2,"i2\nu3,i3\nu4,i4\n');
    await expect(loadDelimited(file, { columns })).rejects.toThrow(
      /:2: the quoted field opened on this line is not closed by the end of the file; is a closing quote missing\?/,
    );
    // Lenient mode skips that line only and reads the lines after it again.
    const { interactions, report } = await loadDelimited(file, { columns, lenient: true });
    expect(interactions.userIds.ids()).toEqual(['u1', 'u3', 'u4']);
    expect(report).toMatchObject({ lines: 4, rows: 3, skipped: 1, skippedByKind: { columns: 1 } });
    // A record spanning lines whose later field opens a quote never closed: the record's line, naming the quote's.
    await expect(loadDelimited(write('u1,"a\nb",x,"c\nd\n'), { columns })).rejects.toMatchObject({
      line: 1,
      problem: expect.stringMatching(/^the quoted field opened on line 2 is not closed by the end of the file/),
    });
    // In a header it is an error even in lenient mode.
    await expect(
      loadDelimited(write('"user,item\nu1,i1\n'), { header: true, lenient: true, columns: { user: 0, item: 1 } }),
    ).rejects.toMatchObject({ kind: 'columns', line: 1 });
  });

  it('rejects text after a closing quote, naming the column, and a delimiter holding a quote', async () => {
    const columns = { user: 0, item: 1 };
    await expect(loadDelimited(write('u0,i0\nu1,"12" vinyl"\n'), { columns })).rejects.toThrow(
      /:2: column 1 has text after its closing quote \("\\"12\\" vinyl\\""\); a quote inside a quoted field is/,
    );
    await expect(loadDelimited(write('a"b\n'), { delimiter: '"', columns })).rejects.toThrow(
      /the delimiter "\\"" holds a double quote, which quotes fields/,
    );
  });

  it('in lenient mode counts a bad quoted record once, however many lines it spans', async () => {
    const columns = { user: 0, item: 1, value: 2 };
    const text = 'u1,i1,1\nu2,"i\n2"x,2\n"u\n3",i3,oops\nu4,i4,4\n';
    const { interactions, report } = await loadDelimited(write(text), { columns, lenient: true });
    expect(interactions.userIds.ids()).toEqual(['u1', 'u4']);
    expect(report).toMatchObject({ lines: 6, rows: 2, skipped: 2, skippedByKind: { columns: 1, number: 1 } });
    expect(report.skippedExamples.map((example) => example.line)).toEqual([2, 4]);
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
