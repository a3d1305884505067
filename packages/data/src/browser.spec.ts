import { describe, expect, it } from 'vitest';
import * as browser from './browser.js';
import * as all from './index.js';
import * as loaders from './loaders/index.js';

describe('the browser build of @recsys/data', () => {
  it('is everything index.ts exports but the file loaders (a new export goes in browser.ts, or loaders/)', () => {
    const expected = Object.keys(all).filter((name) => !(name in loaders));
    expect(Object.keys(browser).sort()).toEqual(expected.sort());
  });
});
