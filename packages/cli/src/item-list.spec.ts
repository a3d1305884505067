import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdMap } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { loadItemList, parseItemList } from './item-list.js';

describe('parseItemList', () => {
  it('reads the first tab-separated field of each line, trimmed, skipping blank lines and a byte-order mark', () => {
    expect(parseItemList('\uFEFFa\n b \r\n\n7\tseven\n\t\n')).toEqual(['a', 'b', '7']);
  });
});

describe('loadItemList', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-item-list-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  let err = '';
  const io: CliIo = { out: () => undefined, err: (text) => void (err += text), isTTY: false };
  const items = IdMap.from(['a', 'b', 'c', '7']);

  it("returns the items' indices once each, in the order listed, counting repeats", async () => {
    err = '';
    const indices = await loadItemList(io, file('ok.txt', 'c\na\nc\n7\n'), '--candidates', items);
    expect(Array.from(indices)).toEqual([2, 0, 3]);
    expect(err).toMatch(/ok\.txt: 1 repeated item ids counted once \(--candidates\)/);
  });

  it('names unknown ids, with a near miss, and an empty list', async () => {
    await expect(loadItemList(io, file('bad.txt', 'a\nz\n07\nz\n'), '--cold-items', items)).rejects.toThrow(
      /--cold-items: 2 of the 3 ids in .*bad\.txt are not items of the model \(e\.g\. "z", "07"\); "07" has leading zeros; the model knows "7"/,
    );
    await expect(loadItemList(io, file('empty.txt', '\n'), '--candidates', items)).rejects.toThrow(
      /--candidates: .*empty\.txt lists no item ids/,
    );
    await expect(loadItemList(io, join(dir, 'missing.txt'), '--candidates', items)).rejects.toThrow(
      /--candidates: no such file/,
    );
  });
});
