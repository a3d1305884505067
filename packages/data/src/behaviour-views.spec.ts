import { describe, expect, it } from 'vitest';
import { behaviourViews } from './behaviour-views.js';
import { IdMap } from './id-map.js';
import { Interactions } from './interactions.js';
import { expectThrow, rowsOf } from './test-support.js';

// A Taobao-style log: codes pv 0, cart 1, fav 2, buy 3; fav is named but has no rows.
const log = Interactions.fromColumns(
  {
    users: Int32Array.of(0, 0, 1, 0, 1, 1, 2),
    items: Int32Array.of(5, 5, 6, 7, 6, 5, 7),
    timestamps: Float64Array.of(1, 2, 3, 4, 5, 6, 7),
    behaviours: Uint8Array.of(0, 3, 0, 1, 3, 0, 1),
  },
  { userIds: IdMap.from(['a', 'b', 'c']), numItems: 10, behaviourNames: ['pv', 'cart', 'fav', 'buy'] },
);
const rowsPerBehaviour = 'rows per behaviour in the log: pv 3, cart 2, fav 0, buy 2';

describe('behaviourViews', () => {
  it('splits the target rows from the supportive ones, in file order', () => {
    const views = behaviourViews(log, { target: 'buy' });
    expect(views.target).toBe('buy');
    // Default supportive: every other behaviour with rows, in code order (fav has none).
    expect(views.supportive).toEqual(['pv', 'cart']);
    expect(rowsOf(views.targetLog)).toEqual([
      [0, 5],
      [1, 6],
    ]);
    expect(Array.from(views.targetLog.timestamps ?? [])).toEqual([2, 5]);
    expect(views.supportiveLogs.map(rowsOf)).toEqual([
      [
        [0, 5],
        [1, 6],
        [1, 5],
      ],
      [
        [0, 7],
        [2, 7],
      ],
    ]);
    expect(views.log).toBe(log);
  });

  it('keeps the supportive behaviours in the order given', () => {
    const views = behaviourViews(log, { target: 'buy', supportive: ['cart', 'pv'] });
    expect(views.supportive).toEqual(['cart', 'pv']);
    expect(views.supportiveLogs.map((part) => part.size)).toEqual([2, 3]);
    expect(Array.from(views.supportiveLogs[0].behaviours ?? [])).toEqual([1, 1]);
    // A behaviour may be neither: it stays only in the whole log.
    const onlyCart = behaviourViews(log, { target: 'buy', supportive: ['cart'] });
    expect(onlyCart.supportiveLogs.map((part) => part.size)).toEqual([2]);
    expect(behaviourViews(log, { target: 'pv', supportive: [] }).supportiveLogs).toEqual([]);
  });

  it('shares the id space and behaviour names in every view', () => {
    const views = behaviourViews(log, { target: 'cart' });
    expect(views.supportive).toEqual(['pv', 'buy']);
    for (const part of [views.targetLog, ...views.supportiveLogs]) {
      expect(part.userIds).toBe(log.userIds);
      expect(part.itemIds).toBe(log.itemIds);
      expect(part.numUsers).toBe(3);
      expect(part.numItems).toBe(10);
      expect(part.behaviourNames).toEqual(['pv', 'cart', 'fav', 'buy']);
    }
    expect(views.targetLog.has(2, 7)).toBe(true);
    expect(views.targetLog.has(0, 5)).toBe(false);
  });

  it('gives an empty default supportive list when only the target has rows', () => {
    const buysOnly = Interactions.fromColumns(
      { users: Int32Array.of(0, 1), items: Int32Array.of(0, 1), behaviours: Uint8Array.of(1, 1) },
      { behaviourNames: ['pv', 'buy'] },
    );
    const views = behaviourViews(buysOnly, { target: 'buy' });
    expect(views.supportive).toEqual([]);
    expect(views.supportiveLogs).toEqual([]);
    expect(views.targetLog.size).toBe(2);
  });
});

describe('behaviourViews errors', () => {
  it('refuses a log without a behaviours column', () => {
    const plain = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(0) });
    expectThrow(
      () => behaviourViews(plain, { target: 'buy' }),
      RangeError,
      "behaviourViews: the log has no behaviours column (load one with loadTaobao or loadDelimited's behaviour " +
        'column, or merge one log per behaviour with mergeBehaviourLogs)',
    );
  });

  it('names an unknown target and lists the behaviours', () => {
    expectThrow(
      () => behaviourViews(log, { target: 'purchase' }),
      RangeError,
      `behaviourViews: target "purchase" is not a behaviour of the log (${rowsPerBehaviour})`,
    );
  });

  it('names an unknown supportive behaviour by its position', () => {
    expectThrow(
      () => behaviourViews(log, { target: 'buy', supportive: ['pv', 'click'] }),
      RangeError,
      `behaviourViews: supportive[1] "click" is not a behaviour of the log (${rowsPerBehaviour})`,
    );
  });

  it('refuses a behaviour named but absent from the data, as target or supportive', () => {
    expectThrow(
      () => behaviourViews(log, { target: 'fav' }),
      RangeError,
      `behaviourViews: target "fav" is named but absent from the data: 0 rows (${rowsPerBehaviour})`,
    );
    expectThrow(
      () => behaviourViews(log, { target: 'buy', supportive: ['fav'] }),
      RangeError,
      `behaviourViews: supportive[0] "fav" is named but absent from the data: 0 rows (${rowsPerBehaviour})`,
    );
  });

  it('refuses the target listed as supportive', () => {
    expectThrow(
      () => behaviourViews(log, { target: 'buy', supportive: ['pv', 'buy'] }),
      RangeError,
      'behaviourViews: supportive[1] "buy" is the target; a behaviour is either the target or supportive',
    );
  });

  it('refuses a repeated supportive name', () => {
    expectThrow(
      () => behaviourViews(log, { target: 'buy', supportive: ['cart', 'pv', 'cart'] }),
      RangeError,
      'behaviourViews: supportive[2] "cart" repeats supportive[0]',
    );
  });

  it('refuses an unknown option key', () => {
    expectThrow(
      () => behaviourViews(log, { target: 'buy', supportve: ['pv'] } as never),
      RangeError,
      'behaviourViews has no option "supportve" (its options: target, supportive)',
    );
  });

  it('says what to pass without options, a log or a string target', () => {
    expectThrow(
      () => behaviourViews(log, undefined as never),
      TypeError,
      "behaviourViews: pass options, e.g. { target: 'buy' }",
    );
    expectThrow(
      () => behaviourViews(null as never, { target: 'buy' }),
      TypeError,
      'behaviourViews: pass an Interactions as log, got null',
    );
    expectThrow(
      () => behaviourViews(log, {} as never),
      TypeError,
      `behaviourViews: target must be a behaviour name (a string), got undefined (${rowsPerBehaviour})`,
    );
    expectThrow(
      () => behaviourViews(log, { target: 3 } as never),
      TypeError,
      `behaviourViews: target must be a behaviour name (a string), got 3 (${rowsPerBehaviour})`,
    );
  });

  it('refuses a supportive list that is not an array of strings', () => {
    expectThrow(
      () => behaviourViews(log, { target: 'buy', supportive: 'cart' } as never),
      TypeError,
      'behaviourViews: option "supportive" must be an array of behaviour names, got "cart"',
    );
    expectThrow(
      () => behaviourViews(log, { target: 'buy', supportive: [1] } as never),
      TypeError,
      `behaviourViews: supportive[0] must be a behaviour name (a string), got 1 (${rowsPerBehaviour})`,
    );
  });
});
