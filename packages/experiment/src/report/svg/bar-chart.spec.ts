import { describe, expect, it } from 'vitest';
import { barChart, type BarPanel } from './bar-chart.js';

const panel = (bars: BarPanel['bars']): BarPanel => ({ title: 'full', axisLabel: 'NDCG@10', colour: '#D55E00', bars });

describe('barChart', () => {
  it('draws a bar with an error bar and a tooltip per row', () => {
    const svg = barChart({
      title: 'NDCG@10',
      width: 500,
      rows: ['ease', '<script>alert(1)</script>'],
      panels: [
        panel([
          { value: 0.045, low: 0.042, high: 0.048, tooltip: 'ease: 0.0450 (95% CI 0.0420–0.0480)', note: '0.045' },
          { value: 0.026, low: 0.02, high: 0.032, tooltip: '<script>alert(1)</script>: 0.0260', note: '0.026' },
        ]),
      ],
    });
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg.match(/class="error-bar"/g)).toHaveLength(2);
    expect(svg).toContain('<title>ease: 0.0450 (95% CI 0.0420–0.0480)</title>');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;: 0.0260');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('draws n/a for missing or non-finite values, and no interval when an end is missing', () => {
    const svg = barChart({
      title: 't',
      width: 500,
      rows: ['a', 'b', 'c'],
      panels: [
        panel([
          { value: undefined, tooltip: 'a: no result' },
          { value: NaN, low: NaN, high: 1, tooltip: 'b: no result' },
          { value: 0.3, low: 0.2, high: Infinity, tooltip: 'c: 0.3' },
        ]),
      ],
    });
    expect(svg.match(/>n\/a</g)).toHaveLength(2);
    expect(svg.match(/<rect /g)).toHaveLength(1);
    expect(svg).not.toContain('error-bar');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('draws an axis even when every value is missing', () => {
    const svg = barChart({
      title: 't',
      width: 400,
      rows: ['a'],
      panels: [panel([{ value: undefined, tooltip: 'a' }])],
    });
    expect(svg).toContain('class="tick"');
    expect(svg).not.toContain('NaN');
  });

  it('lays out panels side by side, and refuses mismatched rows or no room', () => {
    const svg = barChart({
      title: 't',
      width: 800,
      rows: ['a'],
      panels: [panel([{ value: 0.6, tooltip: 'a' }]), { ...panel([{ value: 0.06, tooltip: 'a' }]), title: 'sampled' }],
    });
    expect(svg.match(/class="panel-title"/g)).toHaveLength(2);
    expect(() =>
      barChart({ title: 't', width: 400, rows: ['a', 'b'], panels: [panel([{ value: 1, tooltip: '' }])] }),
    ).toThrow('barChart: panel "full" has 1 bars for 2 rows');
    expect(() =>
      barChart({ title: 't', width: 100, rows: ['a'], panels: [panel([{ value: 1, tooltip: '' }])] }),
    ).toThrow('barChart: a width of 100 leaves no room for 1 panels');
  });
});
