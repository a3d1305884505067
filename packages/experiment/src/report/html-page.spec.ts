import { describe, expect, it } from 'vitest';
import { htmlPage } from './html-page.js';

describe('htmlPage', () => {
  it('is a complete document with inline style, escaped title and no external URL', () => {
    const page = htmlPage('<Report>', '<p>x</p>');
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<title>&lt;Report&gt;</title>');
    expect(page).toContain('<main><p>x</p></main>');
    expect(page).not.toMatch(/https?:|@import|<script|<link/);
  });
});
