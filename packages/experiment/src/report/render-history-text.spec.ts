import { describe, expect, it } from 'vitest';
import { displayWidth } from './display-width.js';
import { trainFixture } from './history-fixture.js';
import { renderHistoryText } from './render-history-text.js';

describe('renderHistoryText', () => {
  it('has a row per epoch, aligned, with the kept epoch marked', () => {
    const text = renderHistoryText(trainFixture());
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'neumf: 943 users, 1,682 items, 99,057 rows, seed 42, 61.8 s; best epoch 4 of 6 (stopped early)',
    );
    expect(lines[2]).toMatch(/^epoch +loss +lr +samples\/s +seconds +val HR +val NDCG$/);
    const rows = lines.slice(4, 10);
    expect(rows).toHaveLength(6);
    expect(rows[3]).toMatch(/^ *4 \* +0\.3204 +1\.0e-3 +58,269 +9\.60 s +0\.6230 +0\.3560$/);
    expect(new Set(lines.slice(2, 10).map(displayWidth)).size).toBe(1);
    expect(text).toContain('* the epoch whose parameters the model kept');
  });

  it('handles a run without history and non-finite values', () => {
    expect(renderHistoryText({ model: 'itempop', out: 'm', users: 3, items: 4, rows: 5, seed: 1, seconds: 0.01 })).toBe(
      'itempop: 3 users, 4 items, 5 rows, seed 1, 0.010 s\nno per-epoch history: this model is not trained by epochs\n',
    );
    const run = trainFixture();
    run.history![0]!.loss = NaN;
    expect(renderHistoryText(run)).not.toContain('NaN');
    expect(renderHistoryText(run)).toMatch(/1 {3,}n\/a/);
  });
});
