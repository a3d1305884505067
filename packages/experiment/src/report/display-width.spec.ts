import { describe, expect, it } from 'vitest';
import { displayWidth, padToWidth, terminalSafe } from './display-width.js';

describe('displayWidth', () => {
  it('counts terminal columns, not UTF-16 units', () => {
    expect(displayWidth('ndcg@10')).toBe(7);
    expect(displayWidth('0.320 ± 0.050')).toBe(13);
    expect(displayWidth('模型')).toBe(4);
    expect(displayWidth('cafe\u0301')).toBe(4);
    expect(displayWidth('🙂')).toBe(2);
    expect(displayWidth('')).toBe(0);
  });
});

describe('padToWidth', () => {
  it('pads on the side opposite the alignment, by display width', () => {
    expect(padToWidth('模型', 6, 'left')).toBe('模型  ');
    expect(padToWidth('0.5', 5, 'right')).toBe('  0.5');
    expect(padToWidth('toolong', 3, 'left')).toBe('toolong');
  });
});

describe('terminalSafe', () => {
  it('escapes control characters', () => {
    expect(terminalSafe('a\nb\u001b[31m')).toBe('a\\u{a}b\\u{1b}[31m');
    expect(terminalSafe('plain')).toBe('plain');
  });
});
