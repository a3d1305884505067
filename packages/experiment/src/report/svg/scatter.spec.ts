import { describe, expect, it } from 'vitest';
import { scatterChart, type ScatterPoint } from './scatter.js';

const point = (label: string, x: number | undefined, y: number | undefined): ScatterPoint => ({
  label,
  x,
  y,
  tooltip: `${label}: ${x} s, ${y}`,
  colour: '#0072B2',
});

function labelBoxes(svg: string) {
  return [
    ...svg.matchAll(/<text x="([-\d.]+)" y="([-\d.]+)" class="point-label"><title>[^<]*<\/title>([^<]*)<\/text>/g),
  ].map((m) => {
    const [x, y] = [Number(m[1]), Number(m[2])];
    return { x0: x, x1: x + m[3]!.length * 7.2, y0: y - 11, y1: y + 3 };
  });
}

describe('scatterChart', () => {
  const base = { title: 't', width: 560, height: 300, xLabel: 'fit seconds (log)', yLabel: 'NDCG@10', logX: true };

  it('draws one labelled point per entry with a tooltip, on a log axis', () => {
    const svg = scatterChart({
      ...base,
      points: [point('itempop', 0.012, 0.022), point('ease', 2.1, 0.045), point('<i>x</i>', 41, 0.03)],
    });
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('<title>ease: 2.1 s, 0.045</title>');
    expect(svg).toMatch(/class="tick">0.01</);
    expect(svg).toMatch(/class="tick">100</);
    expect(svg).not.toContain('<i>');
  });

  it('keeps labels apart when points crowd', () => {
    const points = Array.from({ length: 12 }, (_, i) => point(`model-${i}`, 10 + i * 0.3, 0.3 + (i % 3) * 0.001));
    const boxes = labelBoxes(scatterChart({ ...base, points }));
    expect(boxes).toHaveLength(12);
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        if (Math.min(a.x1, b.x1) > Math.max(a.x0, b.x0) + 1 && Math.min(a.y1, b.y1) > Math.max(a.y0, b.y0) + 1)
          overlaps++;
      }
    expect(overlaps).toBe(0);
  });

  it('leaves out and names points without a value, never printing NaN', () => {
    const svg = scatterChart({
      ...base,
      points: [point('a', NaN, 0.1), point('b', 0, 0.2), point('c', 3, undefined), point('d', 2, 0.3)],
    });
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).toContain('not drawn (no value): a, b, c');
    expect(svg).not.toMatch(/NaN|Infinity/);
    const none = scatterChart({ ...base, points: [point('a', NaN, 0.1)] });
    expect(none).toContain('no data');
  });

  it('refuses a size with no room', () => {
    expect(() => scatterChart({ ...base, height: 10, points: [] })).toThrow(
      'scatterChart: 560 × 10 leaves no room to plot',
    );
  });
});
