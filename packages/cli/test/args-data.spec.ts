import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'recsys-args-data-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const stats = (path: string, ...more: string[]) => cli('data', 'stats', path, '--format', 'csv', ...more);

describe('--columns', () => {
  const path = file('plain.csv', 'u1,i1,5\nu2,i2,3\n');

  it('refuses a key given twice, naming both columns', async () => {
    expect(await stats(path, '--columns', 'user=0,item=1,user=2')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--columns: user is given twice (user=0 and user=2)'),
    });
  });

  it('refuses one column for two keys, by name or index', async () => {
    const named = file('named.csv', 'user,item\nu1,i1\n');
    expect(await stats(named, '--header', '--columns', 'user=user,item=user')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--columns: column "user" is given for both user and item'),
    });
    expect(await stats(path, '--columns', 'user=0,item=1,value=1')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--columns: column 1 is given for both item and value'),
    });
    // An index and a name for the same column: only the header can tell.
    expect(await stats(named, '--header', '--columns', 'user=0,item=user')).toMatchObject({
      code: 1,
      err: expect.stringContaining('named.csv:1: column 0 ("user") is given for both user and item'),
    });
  });

  it('still reads a good mapping', async () => {
    const result = await stats(path, '--columns', 'user=0,item=1,value=2');
    expect(result.code, result.err).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ users: 2, items: 2 });
  });
});

describe('--header', () => {
  it('refuses a header naming a --columns name twice, naming the name and the columns', async () => {
    const path = file('dup.csv', 'user,item,user\nu1,i1,u9\n');
    expect(await stats(path, '--header', '--columns', 'user=user,item=item')).toMatchObject({
      code: 1,
      err: expect.stringContaining('dup.csv:1: header has "user" in columns 0 and 2 (0-based)'),
    });
    // By index there is nothing to tell apart.
    const byIndex = await stats(path, '--header', '--columns', 'user=2,item=item');
    expect(byIndex.code, byIndex.err).toBe(0);
  });
});

describe('--delimiter', () => {
  const path = file('d.csv', 'u1,i1\n');
  it('refuses an empty delimiter or a line break as a usage error', async () => {
    expect(await stats(path, '--columns', 'user=0,item=1', '--delimiter', '')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--delimiter is empty'),
    });
    for (const [given, shown] of [
      ['\n', '"\\n"'],
      ['\r', '"\\r"'],
      [';\r\n', '";\\r\\n"'],
    ]) {
      expect(await stats(path, '--columns', 'user=0,item=1', '--delimiter', given)).toMatchObject({
        code: 2,
        err: expect.stringContaining(`--delimiter ${shown} holds a line break`),
      });
    }
  });

  it('takes \\t and tab for a tab', async () => {
    const tabs = file('t.tsv', 'u1\ti1\nu2\ti2\n');
    for (const given of ['\\t', 'tab', '\t']) {
      const result = await stats(tabs, '--columns', 'user=0,item=1', '--delimiter', given);
      expect(result.code, result.err).toBe(0);
    }
  });
});

describe('quoted CSV fields', () => {
  it('are read as RFC 4180: a delimiter, a doubled quote or a line break inside, quoted header names', async () => {
    const path = file(
      'quoted.csv',
      '"uid","item id",rating\r\n"Smith, J.","say ""hi""",4\r\nlee,"two\r\nlines","5"\r\nlee,i3,1\r\n',
    );
    const result = await stats(path, '--header', '--columns', 'user=uid,item=item id,value=rating');
    expect(result.code, result.err).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ users: 2, items: 3, rows: 3 });
  });

  it('name the line a quote was opened on when it is never closed, and --lenient skips that line only', async () => {
    const path = file('open.csv', 'u1,i1\nu2,"i2\nu3,i3\n');
    const strict = await stats(path, '--columns', 'user=0,item=1');
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(
      /open\.csv:2: the quoted field opened on this line is not closed by the end of the file/,
    );
    const lenient = await stats(path, '--columns', 'user=0,item=1', '--lenient');
    expect(lenient.code, lenient.err).toBe(0);
    expect(lenient.err).toMatch(/skipped 1 malformed lines \(1 columns\); first: open\.csv:2: /);
    expect(JSON.parse(lenient.out)).toMatchObject({ users: 2, rows: 2 });
  });
});
