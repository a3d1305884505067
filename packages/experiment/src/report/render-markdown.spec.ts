import { describe, expect, it } from 'vitest';
import { comparisonFixture } from './fixture.js';
import { renderMarkdown } from './render-markdown.js';

describe('renderMarkdown', () => {
  const md = renderMarkdown(comparisonFixture());
  const section = (title: string) => {
    const start = md.indexOf(`## ${title}`);
    const end = md.indexOf('\n## ', start + 1);
    return md.slice(start, end < 0 ? undefined : end);
  };

  it('describes the setup', () => {
    expect(md.startsWith('# Comparison on ml-100k\n')).toBe(true);
    const setup = section('Setup');
    expect(setup).toContain('- **Data**: ml-100k: 943 users, 1,682 items, 100,000 interactions');
    expect(setup).toContain('- **Selection**: NDCG@10 under the sampled protocol, on validation only');
    expect(setup).toContain('- **Budget**: at most 4 tuning trials per model and seed');
  });

  it('has the main table with every model, hand-checked cells and the best marked', () => {
    const results = section('Results');
    expect(results).toContain('| Model | HR@10 sampled | NDCG@10 sampled | HR@10 full | NDCG@10 full | Fit |');
    expect(results).toContain('| --- | ---: | ---: | ---: | ---: | ---: |');
    // ease, sampled HR@10: 0.61, 0.62, 0.63 → 0.620 ± 4.3027 · 0.01 / √3.
    expect(results).toContain('| ease | **0.620 ± 0.025** * |');
    expect(results).toContain('| itempop | 0.400 ± 0.025 † |');
    expect(results).toContain('| &lt;script&gt;alert(1)&lt;/script&gt; |');
    for (const model of ['bpr-mf', 'gmf', 'mlp', 'neumf']) expect(results).toContain(`| ${model} |`);
  });

  it('has every metric at every K per protocol', () => {
    const sampled = section('Sampled protocol: every metric');
    expect(sampled).toContain('### K = 5');
    expect(sampled).toContain('### K = 20');
    expect(sampled).toContain('### without a cutoff');
    expect(sampled).toContain('| Model | MRR | AUC |');
    const full = section('Full ranking: every metric');
    expect(full).toContain('| Model | HR@20 | NDCG@20 | Recall@20 | Precision@20 | Coverage@20 |');
    expect(full).not.toContain('AUC');
  });

  it('lists the chosen settings per model and seed, escaping pipes', () => {
    const chosen = section('Chosen settings');
    expect(chosen).toContain(
      '| neumf | 2 | factors=16, layers=\\[64,32,16,8\\], learningRate=0.001, negatives=4, epochs=',
    );
    expect(chosen).toContain('note=&lt;b&gt;"quoted"&lt;/b&gt; \\| piped');
    expect(
      chosen.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Model') && !l.startsWith('| ---')),
    ).toHaveLength(21);
  });

  it('lists the paired tests and the skipped models', () => {
    expect(section('Paired tests')).toMatch(
      /\| sampled \| HR@10 \| itempop \| ease \| -0\.2200 \| -[\d.]+ \| 942 \| \*\*< 0\.0001\*\* \| 943 \|/,
    );
    expect(section('Skipped models')).toContain('- **slim**: the 1682 × 1682 item-item solve needs 2.3 GB');
  });

  it('has no raw HTML from names and no NaN when a protocol is missing', () => {
    const result = comparisonFixture();
    result.summary = result.summary.filter((s) => !(s.model === 'gmf' && s.protocol === 'full'));
    result.summary.find((s) => s.model === 'mlp')!.mean = NaN;
    const text = renderMarkdown(result);
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('NaN');
    expect(text).toContain('- Missing: gmf: no full results');
  });
});
