import { describe, expect, it } from 'vitest';
import { comparisonFixture } from './fixture.js';
import { renderHtml } from './render-html.js';

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;
const SCRIPT = '<script>alert(1)</script>';

/** The `<svg>…</svg>` blocks, in order. */
const svgs = (html: string) => html.match(/<svg[\s>][\s\S]*?<\/svg>/g) ?? [];

describe('renderHtml', () => {
  const html = renderHtml(comparisonFixture());

  it('is one well-formed-enough document: balanced svg, one table', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(count(html, /<svg[\s>]/g)).toBe(count(html, /<\/svg>/g));
    expect(count(html, /<table>/g)).toBe(1);
    expect(count(html, /<\/table>/g)).toBe(1);
    for (const tag of ['figure', 'g', 'text', 'dl', 'ul']) {
      expect(count(html, new RegExp(`<${tag}[\\s>]`, 'g'))).toBe(count(html, new RegExp(`</${tag}>`, 'g')));
    }
  });

  it('has one svg per chart: NDCG@10 per protocol, sampled vs full, time, curves', () => {
    const charts = svgs(html);
    expect(charts).toHaveLength(5);
    expect(charts.map((s) => s.match(/^<svg[^>]*><title>([^<]*)<\/title>/)![1])).toEqual([
      'NDCG@10, sampled',
      'NDCG@10, full ranking',
      'NDCG@10: sampled against full ranking',
      'NDCG@10 against training time',
      'Validation curves',
    ]);
  });

  it('draws a bar per model with the exact values in its tooltip', () => {
    const [sampled, full, both, time, curves] = svgs(html);
    expect(count(sampled!, /<rect /g)).toBe(7);
    expect(count(full!, /<rect /g)).toBe(7);
    expect(count(both!, /<rect /g)).toBe(14);
    expect(count(time!, /<circle /g)).toBe(7);
    // ease, full NDCG@10: 0.081 · 0.55 = 0.04455, seeds ± 0.0012 (offsets +1, −1, 0 in seed order);
    // half-width t(2) · 0.0012 / √3 = 0.00298.
    const [mean, half] = [0.04455, (4.302653 * 0.0012) / Math.sqrt(3)];
    const f = (v: number) => v.toFixed(4);
    expect(full).toContain(
      `<title>ease: NDCG@10 ${f(mean)}, 95% CI [${f(mean - half)}, ${f(mean + half)}]; seeds ${f(0.04575)}, ${f(0.04335)}, ${f(0.04455)}</title>`,
    );
    expect(time).toContain(`<title>ease: fit 2.10 s (mean over seeds), NDCG@10 ${f(mean)} (full ranking)</title>`);
    // The four neural models have curves: a thick line each, with a marker per epoch.
    expect(count(curves!, /class="legend"/g)).toBe(4);
    expect(curves).toMatch(/<title>gmf, epoch 1: 0\.\d{4} \(mean of 3 runs\)<\/title>/);
  });

  it('shows the table with every model, the best marked, and the skipped model', () => {
    const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
    expect(count(table, /<tr>/g)).toBe(8);
    expect(table).toContain('<td class="best">0.620 ± 0.025<span class="mark-sign">*</span></td>');
    expect(table).toContain('<td class="worse">0.400 ± 0.025<span class="mark-sign">†</span></td>');
    expect(html).toContain('<li><strong>slim</strong>: the 1682 × 1682 item-item solve needs 2.3 GB');
  });

  it('loads nothing from the network and runs no script', () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes the model named <script>alert(1)</script> everywhere', () => {
    expect(html).not.toContain(SCRIPT);
    expect(count(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/g)).toBeGreaterThanOrEqual(6);
  });

  it('draws what exists when a protocol or values are missing, naming the rest, without NaN', () => {
    const result = comparisonFixture();
    result.summary = result.summary.filter((s) => !(s.model === 'gmf' && s.protocol === 'full'));
    for (const s of result.summary)
      if (s.model === 'mlp' && s.metric === 'ndcg@10' && s.protocol === 'sampled') s.mean = NaN;
    for (const r of result.runs) if (r.model === 'neumf') r.fitSeconds = Infinity;
    result.runs.find((r) => r.model === 'gmf')!.curve![2] = NaN;
    const page = renderHtml(result);
    expect(page).not.toMatch(/NaN|Infinity/);
    expect(svgs(page)).toHaveLength(5);
    expect(page).toContain('Missing: gmf: no full results');
    expect(page).toContain('No NDCG@10 for gmf.');
    expect(page).toContain('not drawn (no value): gmf, neumf');
  });

  it('works with one protocol and no curves', () => {
    const result = comparisonFixture();
    result.protocols = ['full'];
    result.summary = result.summary.filter((s) => s.protocol === 'full');
    for (const r of result.runs) delete r.curve;
    const page = renderHtml(result);
    expect(svgs(page)).toHaveLength(2);
    expect(page).toContain('Only the full ranking protocol was evaluated: nothing to set side by side.');
    expect(page).toContain('No model was trained by epochs: no validation curves.');
  });

  it('draws another metric on request and refuses one nobody has', () => {
    expect(svgs(renderHtml(comparisonFixture(), { metric: 'hr@20' }))[0]).toContain('<title>HR@20, sampled</title>');
    expect(() => renderHtml(comparisonFixture(), { metric: 'ndcg@7' })).toThrow(
      'renderHtml: no model has the metric "ndcg@7"',
    );
    expect(() => renderHtml(comparisonFixture(), { metrc: 'x' } as never)).toThrow('renderHtml has no option "metrc"');
  });
});
