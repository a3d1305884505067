import { describe, expect, it } from 'vitest';
import { trainFixture } from './history-fixture.js';
import { renderHistoryHtml } from './render-history-html.js';

const svgs = (html: string) => html.match(/<svg[\s>][\s\S]*?<\/svg>/g) ?? [];

describe('renderHistoryHtml', () => {
  it('draws the loss and the validation metrics per epoch, with the best epoch marked', () => {
    const html = renderHistoryHtml(trainFixture());
    const [loss, validation] = svgs(html);
    expect(svgs(html)).toHaveLength(2);
    expect((loss!.match(/<circle /g) ?? []).length).toBe(6);
    expect(loss).toContain('<title>epoch 2: loss 0.4102</title>');
    expect(loss).toContain('best epoch 4');
    expect((validation!.match(/<circle /g) ?? []).length).toBe(12);
    expect(validation).toContain('<title>epoch 4: NDCG 0.3560</title>');
    expect(html).toContain('<tr class="best"><td>4 *</td><td>0.3204</td>');
    expect(html).toContain('943 users, 1,682 items, 99,057 rows, seed 42, 61.8 s; best epoch 4 of 6 (stopped early)');
    expect(html).not.toMatch(/https?:|<script|NaN/);
  });

  it('escapes the model name, survives non-finite values and a run without history', () => {
    const run = trainFixture();
    run.model = '<img src=x onerror=alert(1)>';
    run.history![2]!.loss = NaN;
    delete run.history![3]!.validation;
    const html = renderHistoryHtml(run);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/NaN|Infinity/);
    const none = renderHistoryHtml({ model: 'itempop', out: 'm', users: 3, items: 4, rows: 5, seed: 1, seconds: 0.01 });
    expect(svgs(none)).toHaveLength(0);
    expect(none).toContain('No per-epoch history: this model is not trained by epochs.');
  });

  it('says so when the run did not validate', () => {
    const run = trainFixture();
    for (const e of run.history!) delete e.validation;
    const html = renderHistoryHtml(run);
    expect(svgs(html)).toHaveLength(1);
    expect(html).toContain('The run did not validate');
  });

  it('refuses what is not a training output', () => {
    expect(() => renderHistoryHtml({} as never)).toThrow('renderHistoryHtml: the training output must name its model');
  });
});
