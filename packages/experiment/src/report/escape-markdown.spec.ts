import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from './escape-markdown.js';

describe('escapeMarkdown', () => {
  it('escapes what would end a cell, format text or inject HTML', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` [f](g) #h ~i~ \\')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\#h \\~i\\~ \\\\',
    );
    expect(escapeMarkdown('<script>alert(1)</script> & co')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
    expect(escapeMarkdown('bpr-mf')).toBe('bpr-mf');
  });

  it('refuses a non-string', () => {
    expect(() => escapeMarkdown(3 as unknown as string)).toThrow('escapeMarkdown: expected a string, got number');
  });
});
