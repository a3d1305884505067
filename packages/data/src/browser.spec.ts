import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as browser from './browser.js';
import * as all from './index.js';
import * as loaders from './loaders/index.js';

describe('the browser build of @recsys/data', () => {
  it('is everything index.ts exports but the file loaders (a new export goes in browser.ts, or loaders/)', () => {
    const expected = Object.keys(all).filter((name) => !(name in loaders));
    expect(Object.keys(browser).sort()).toEqual(expected.sort());
  });

  it('bundles for a browser without the optional Parquet and DuckDB packages or the table loaders', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./browser.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    const pulled = inputs.filter((file) =>
      /hyparquet|@duckdb|loaders\/(parquet|duckdb|optional-package)\.ts$/.test(file),
    );
    expect(pulled).toEqual([]);
    const code = new TextDecoder().decode(result.outputFiles[0]!.contents);
    expect(code).not.toMatch(/hyparquet|@duckdb\/node-api/);
  });
});
