import { describe, expect, it } from 'vitest';
import { IdMap } from '../id-map.js';
import { SkipLog } from './report.js';
import { RowBuilder } from './row-builder.js';

const scan = { lines: 3, skips: new SkipLog() };

describe('RowBuilder', () => {
  it('builds interactions and a report from the rows added', () => {
    const rows = new RowBuilder({ values: true, timestamps: true, behaviours: false });
    rows.add(0, 1, 1, 4, 100);
    rows.add(1, 0, 2, 2, 200);
    rows.add(0, 1, 3, 5, 300);
    expect(rows.size).toBe(3);
    const { interactions, report } = rows.build({
      file: 'f',
      format: 'test',
      scan,
      userIds: IdMap.from(['a', 'b']),
      itemIds: IdMap.from(['x', 'y']),
    });
    expect(Array.from(interactions.values ?? [])).toEqual([2, 5]);
    expect(report).toMatchObject({ lines: 3, rows: 2, duplicates: 1, duplicatePolicy: 'keep-latest' });
  });

  it('makes a values column of counts under sum, even for formats without values', () => {
    const rows = new RowBuilder({ values: false, timestamps: false, behaviours: false, policy: 'sum' });
    rows.add(0, 0, 1);
    rows.add(0, 0, 2);
    const { interactions } = rows.build({
      file: 'f',
      format: 't',
      scan,
      userIds: IdMap.identity(1),
      itemIds: IdMap.identity(1),
    });
    expect(Array.from(interactions.values ?? [])).toEqual([2]);
  });

  it('names raw ids and behaviour in a duplicate error', () => {
    const rows = new RowBuilder({ values: false, timestamps: false, behaviours: true, policy: 'error' });
    rows.add(0, 0, 4, 1, 0, 1);
    rows.add(0, 0, 9, 1, 0, 1);
    expect(() =>
      rows.build({
        file: '/x/log.csv',
        format: 't',
        scan,
        userIds: IdMap.from(['alice']),
        itemIds: IdMap.from(['book']),
        behaviourNames: ['view', 'buy'],
      }),
    ).toThrow('log.csv:9: (user alice, item book, behaviour buy) repeats line 4');
  });

  it('leaves out a discovered-behaviour column that found no names', () => {
    const rows = new RowBuilder({ values: false, timestamps: false, behaviours: true });
    const { interactions } = rows.build({
      file: 'f',
      format: 't',
      scan: { lines: 0, skips: new SkipLog() },
      userIds: new IdMap(),
      itemIds: new IdMap(),
    });
    expect(interactions.size).toBe(0);
    expect(interactions.behaviours).toBeUndefined();
  });
});
