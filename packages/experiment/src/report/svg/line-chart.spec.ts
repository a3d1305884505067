import { describe, expect, it } from 'vitest';
import { lineChart } from './line-chart.js';

describe('lineChart', () => {
  const base = { title: 'curves', width: 600, height: 200, xLabel: 'epoch', yLabel: 'NDCG@10', integerX: true };

  it('draws a path per series, a marker with a tooltip per point, marks and a legend', () => {
    const svg = lineChart({
      ...base,
      series: [
        {
          label: 'gmf',
          colour: '#0072B2',
          points: [1, 2, 3].map((x) => ({ x, y: 0.1 * x, tooltip: `gmf, epoch ${x}: ${0.1 * x}` })),
        },
        {
          label: 'gmf seed 1',
          colour: '#0072B2',
          faint: true,
          points: [
            { x: 1, y: 0.12 },
            { x: 2, y: 0.2 },
          ],
        },
        { label: '<b>mlp</b>', colour: '#D55E00', dash: '6 3', points: [{ x: 1, y: 0.05, tooltip: 'mlp 1' }] },
      ],
      marks: [{ x: 3, label: 'best' }],
    });
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain('<title>gmf, epoch 2: 0.2</title>');
    expect(svg).toContain('class="mark"');
    expect(svg.match(/class="legend"/g)).toHaveLength(2); // faint series stay out of the legend
    expect(svg).toContain('&lt;b&gt;mlp&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    // Epochs 1..3: integer ticks only.
    expect(svg.match(/class="tick">[\d.]+</g)!.filter((t) => t.includes('.')).length).toBeGreaterThan(0); // y ticks
    expect(svg).toMatch(/class="tick">1</);
  });

  it('breaks lines at non-finite points and never prints NaN', () => {
    const svg = lineChart({
      ...base,
      series: [
        {
          label: 'a',
          colour: '#000',
          points: [
            { x: 1, y: 1 },
            { x: 2, y: NaN },
            { x: 3, y: 2 },
            { x: 4, y: 3, tooltip: 't' },
          ],
        },
      ],
    });
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('says no data when nothing is finite', () => {
    const svg = lineChart({ ...base, series: [{ label: 'a', colour: '#000', points: [{ x: 1, y: NaN }] }] });
    expect(svg).toContain('no data');
    expect(svg).not.toContain('NaN');
  });

  it('wraps a legend of 12 series into rows inside the width', () => {
    const series = Array.from({ length: 12 }, (_, i) => ({
      label: `model-number-${i}`,
      colour: '#000',
      points: [{ x: 1, y: i }],
    }));
    const svg = lineChart({ ...base, series });
    const xs = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" class="legend"/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(12);
    expect(Math.max(...xs)).toBeLessThan(600);
  });

  it('refuses a size with no room', () => {
    expect(() => lineChart({ ...base, width: 100, series: [] })).toThrow('lineChart: 100 × 200 leaves no room to plot');
  });
});
