import { describe, expect, it } from 'vitest';
import { comparisonFixture } from './fixture.js';
import { ResultIndex } from './result-index.js';
import { resolveTableOptions } from './table-options.js';

describe('resolveTableOptions', () => {
  const index = new ResultIndex(comparisonFixture());

  it('fills in defaults', () => {
    const { columns, decimals } = resolveTableOptions('f', index, undefined);
    expect(decimals).toBe(3);
    expect(columns).toHaveLength(4);
  });

  it('refuses unknown keys, bad decimals and columns the result does not have', () => {
    expect(() => resolveTableOptions('f', index, { colums: [] } as never)).toThrow('f has no option "colums"');
    expect(resolveTableOptions('f', index, { metric: 'x' } as never, ['metric']).decimals).toBe(3);
    expect(() => resolveTableOptions('f', index, { decimals: 2.5 })).toThrow(
      'f: decimals must be an integer in [0, 10], got 2.5',
    );
    expect(() => resolveTableOptions('f', index, { columns: 'hr@10' as never })).toThrow('f: columns must be an array');
    expect(() => resolveTableOptions('f', index, { columns: [null as never] })).toThrow(
      'f: each column must be { protocol, metric }',
    );
    expect(() =>
      resolveTableOptions('f', index, { columns: [{ protocol: 'holdout' as never, metric: 'hr@10' }] }),
    ).toThrow('f: the result has no "holdout" protocol (it has sampled, full)');
    expect(() =>
      resolveTableOptions('f', index, { columns: [{ protocol: 'sampled', metric: 'coverage@10' }] }),
    ).toThrow('f: no model has "coverage@10" under sampled');
  });
});
