import { describe, expect, it } from 'vitest';
import { coord, element, fitText, svgRoot, text, textWidth, tooltip } from './svg.js';

describe('svg helpers', () => {
  it('writes coordinates with two decimals and refuses non-finite ones', () => {
    expect(coord(12.3456)).toBe('12.35');
    expect(coord(-0.001)).toBe('0');
    expect(() => coord(NaN)).toThrow('svg: a coordinate must be a finite number, got NaN');
    expect(() => coord(Infinity)).toThrow(RangeError);
  });

  it('escapes attributes and text', () => {
    expect(element('rect', { x: 1, fill: '"red"', skip: undefined })).toBe('<rect x="1" fill="&quot;red&quot;"/>');
    expect(text({ x: 4, y: 12 }, '<script>')).toBe('<text x="4" y="12">&lt;script&gt;</text>');
    expect(tooltip('a & b')).toBe('<title>a &amp; b</title>');
    expect(() => element('rect', { x: NaN })).toThrow(RangeError);
  });

  it('measures and fits text', () => {
    expect(textWidth('neumf', 12)).toBeCloseTo(36);
    expect(fitText('short', 100, 12)).toBe('short');
    const cut = fitText('a-very-long-model-name', 60, 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 12)).toBeLessThanOrEqual(60);
  });

  it('builds a titled root', () => {
    const svg = svgRoot('Chart <1>', 100, 50, '<g/>');
    expect(svg).toMatch(/^<svg viewBox="0 0 100 50" [^>]*><title>Chart &lt;1&gt;<\/title><g\/><\/svg>$/);
  });
});
