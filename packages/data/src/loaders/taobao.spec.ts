import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTaobao, TAOBAO_BEHAVIOURS } from './taobao.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recsys-taobao-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function write(text: string): string {
  const file = path.join(dir, `UserBehavior-${fileCount++}.csv`);
  fs.writeFileSync(file, text);
  return file;
}

const CSV = [
  '1,2268318,2520377,pv,1511544070',
  '1,2333346,2520771,pv,1511561733',
  '1,2268318,2520377,buy,1511572885',
  '100,2333346,2520771,cart,1511600000',
  '100,5000,2520377,fav,1511600001',
].join('\n');

describe('loadTaobao', () => {
  it('re-indexes raw ids and reads behaviours, timestamps and item categories', async () => {
    const { interactions, report, categories, categoryIds, categoryConflicts } = await loadTaobao(write(CSV));
    expect(interactions.size).toBe(5);
    expect(interactions.userIds.ids()).toEqual(['1', '100']);
    expect(interactions.itemIds.ids()).toEqual(['2268318', '2333346', '5000']);
    expect(interactions.behaviourNames).toEqual(TAOBAO_BEHAVIOURS);
    expect(Array.from(interactions.behaviours ?? [])).toEqual([0, 0, 3, 1, 2]);
    expect(interactions.timestamps?.[2]).toBe(1511572885);
    expect(interactions.values).toBeUndefined();
    expect(interactions.ofBehaviour('buy').size).toBe(1);
    expect(categoryIds.ids()).toEqual(['2520377', '2520771']);
    expect(Array.from(categories)).toEqual([0, 1, 0]);
    expect(categoryConflicts).toBe(0);
    expect(report).toMatchObject({ format: 'taobao', lines: 5, rows: 5, duplicates: 0 });
  });

  it('keeps the first category of an item and counts conflicts', async () => {
    const { categories, categoryConflicts } = await loadTaobao(write('1,7,70,pv,1\n2,7,71,pv,2\n'));
    expect(Array.from(categories)).toEqual([0]);
    expect(categoryConflicts).toBe(1);
  });

  it('rejects an unknown behaviour', async () => {
    const error = await loadTaobao(write('1,2,3,pv,10\n1,2,3,click,11\n')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'behaviour', line: 2 });
    expect((error as Error).message).toMatch(/:2: unknown behaviour "click" \(expected pv, cart, fav or buy\)$/);
  });

  it('rejects an empty file, missing columns, a NaN timestamp and empty ids', async () => {
    await expect(loadTaobao(write(''))).rejects.toMatchObject({ kind: 'empty' });
    await expect(loadTaobao(write('1,2,3,pv\n'))).rejects.toMatchObject({ kind: 'columns' });
    await expect(loadTaobao(write('1,2,3,pv,NaN\n'))).rejects.toMatchObject({ kind: 'timestamp' });
    await expect(loadTaobao(write('1,,3,pv,1\n'))).rejects.toMatchObject({ kind: 'id' });
  });

  it('in lenient mode skips and counts per kind', async () => {
    const text = `${CSV}\n1,2,3,click,1\n1,2,3,pv\n1,2,3,pv,x\n`;
    const { interactions, report } = await loadTaobao(write(text), { lenient: true });
    expect(interactions.size).toBe(5);
    expect(report.skippedByKind).toEqual({ behaviour: 1, columns: 1, timestamp: 1 });
    expect(report.lines).toBe(8);
    // The skipped lines' ids were not added.
    expect(interactions.itemIds.has('2')).toBe(false);
  });

  it('keys duplicates on (user, item, behaviour)', async () => {
    const text = '1,9,3,pv,30\n1,9,3,buy,40\n1,9,3,pv,10\n1,9,3,pv,20\n';
    const latest = await loadTaobao(write(text));
    expect(Array.from(latest.interactions.timestamps ?? [])).toEqual([30, 40]);
    expect(latest.report.duplicates).toBe(2);
    const first = await loadTaobao(write(text), { duplicates: 'keep-first' });
    expect(Array.from(first.interactions.timestamps ?? [])).toEqual([30, 40]);
    const sum = await loadTaobao(write(text), { duplicates: 'sum' });
    expect(Array.from(sum.interactions.values ?? [])).toEqual([3, 1]);
    expect(Array.from(sum.interactions.timestamps ?? [])).toEqual([30, 40]);
    await expect(loadTaobao(write(text), { duplicates: 'error' })).rejects.toThrow(
      /:3: \(user 1, item 9, behaviour pv\) repeats line 1$/,
    );
  });

  it('extends user, item and category id maps across two loads', async () => {
    const a = await loadTaobao(write('1,10,100,pv,1\n'));
    const b = await loadTaobao(write('2,10,100,buy,2\n2,11,101,pv,3\n'), {
      userIds: a.interactions.userIds,
      itemIds: a.interactions.itemIds,
      categoryIds: a.categoryIds,
    });
    expect(b.interactions.userIds.ids()).toEqual(['1', '2']);
    expect(Array.from(b.interactions.items)).toEqual([0, 1]);
    expect(Array.from(b.categories)).toEqual([0, 1]);
    expect(b.categoryIds).toBe(a.categoryIds);
  });

  it('skips a header when asked', async () => {
    const { report } = await loadTaobao(write(`user_id,item_id,category_id,behavior_type,timestamp\n${CSV}`), {
      header: true,
    });
    expect(report.lines).toBe(5);
  });
});
