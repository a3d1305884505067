import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;',
    );
    expect(escapeHtml('bpr-mf ünïcode')).toBe('bpr-mf ünïcode');
  });

  it('refuses a non-string', () => {
    expect(() => escapeHtml(undefined as unknown as string)).toThrow('escapeHtml: expected a string, got undefined');
  });
});
