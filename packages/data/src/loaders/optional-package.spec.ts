import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { importOptional, MissingPackageError } from './optional-package.js';
import { testTables } from './test-tables.js';

const tables = testTables('optional');

/** An error shaped as Node's for an import that finds nothing. */
function notFound(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('importOptional', () => {
  it('returns the module when it loads', async () => {
    const module = await importOptional('hyparquet', 'loadParquet', () => import('hyparquet'));
    expect(typeof module.parquetRead).toBe('function');
  });

  it('says which package to install when it is not installed (ESM, CJS, or a missing package for real)', async () => {
    const esm = notFound(
      "Cannot find package 'hyparquet' imported from /app/node_modules/@recsys/data/dist/index.js",
      'ERR_MODULE_NOT_FOUND',
    );
    const attempt = importOptional('hyparquet', 'loadParquet (Parquet files)', () => Promise.reject(esm));
    await expect(attempt).rejects.toThrow(MissingPackageError);
    await expect(attempt).rejects.toThrow(
      'loadParquet (Parquet files) needs the package hyparquet, which is not installed: npm install hyparquet',
    );
    const cjs = notFound("Cannot find module '@duckdb/node-api'\nRequire stack: ...", 'MODULE_NOT_FOUND');
    await expect(importOptional('@duckdb/node-api', 'loadDuckDB', () => Promise.reject(cjs))).rejects.toMatchObject({
      name: 'MissingPackageError',
      packageName: '@duckdb/node-api',
      message: expect.stringContaining('npm install @duckdb/node-api'),
    });
    // A real import of a package that does not exist, however the test runner words it.
    const name = 'recsys-no-such-package-0';
    await expect(importOptional(name, 'a test', () => import(/* @vite-ignore */ name))).rejects.toThrow(
      `a test needs the package ${name}, which is not installed: npm install ${name}`,
    );
  });

  it('passes on other failures, naming the package: found but broken is not "not installed"', async () => {
    // The package is there, but a dependency of its own is not (e.g. DuckDB's binary for another platform).
    const inner = notFound(
      "Cannot find package '@duckdb/node-bindings-linux-x64' imported from /app/node_modules/@duckdb/node-bindings",
      'ERR_MODULE_NOT_FOUND',
    );
    const attempt = importOptional('@duckdb/node-api', 'loadDuckDB', () => Promise.reject(inner));
    await expect(attempt).rejects.not.toThrow(MissingPackageError);
    await expect(attempt).rejects.toThrow(
      "loadDuckDB: the package @duckdb/node-api is installed but failed to load: Cannot find package '@duckdb/node-bindings-linux-x64'",
    );
  });

  it('in a program without them, each loader names the package to install (the package bundled as tsup does)', async () => {
    // The sources bundled with the optional packages left external, as the published build has them, and run by
    // Node from a folder where they cannot be found: Node's own "not found" errors, not a simulation.
    const app = fs.mkdtempSync(path.join(tables.dir, 'app-'));
    await build({
      entryPoints: [fileURLToPath(new URL('../index.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: path.join(app, 'recsys-data.mjs'),
      external: ['hyparquet', 'hyparquet-compressors', '@duckdb/node-api'],
      logLevel: 'silent',
    });
    const columns = [
      { name: 'user', data: ['a', 'b'], type: 'STRING' as const },
      { name: 'item', data: [1, 2], type: 'INT32' as const },
    ];
    const snappy = tables.parquet('snappy.parquet', columns);
    const gzip = tables.parquet('gzip.parquet', columns, 100, 'GZIP');
    const run = (): Record<string, string> => {
      const program = `
        import { loadDuckDB, loadParquet } from './recsys-data.mjs';
        const columns = { user: 'user', item: 'item' };
        const outcome = (p) => p.then((r) => \`\${r.report.rows} rows\`, (e) => \`\${e.name}: \${e.message}\`);
        console.log(JSON.stringify({
          snappy: await outcome(loadParquet(${JSON.stringify(snappy)}, { columns })),
          gzip: await outcome(loadParquet(${JSON.stringify(gzip)}, { columns })),
          duckdb: await outcome(loadDuckDB(':memory:', { query: 'select 1 as user, 2 as item', columns })),
        }));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], {
        cwd: app,
        encoding: 'utf8',
      });
      return JSON.parse(out) as Record<string, string>;
    };
    const missing = (name: string, needed: string) =>
      `MissingPackageError: ${needed} needs the package ${name}, which is not installed: npm install ${name} ` +
      `(or pnpm add / yarn add ${name}); it is an optional peer dependency of @recsys/data`;
    expect(run()).toEqual({
      snappy: missing('hyparquet', 'loadParquet (Parquet files)'),
      gzip: missing('hyparquet', 'loadParquet (Parquet files)'),
      duckdb: missing('@duckdb/node-api', 'loadDuckDB (DuckDB queries)'),
    });
    // hyparquet installed, hyparquet-compressors not: snappy files load, a GZIP file names the package it needs.
    fs.mkdirSync(path.join(app, 'node_modules'));
    const installed = fs.realpathSync(fileURLToPath(new URL('../../node_modules/hyparquet', import.meta.url)));
    fs.symlinkSync(installed, path.join(app, 'node_modules', 'hyparquet'), 'dir');
    expect(run()).toMatchObject({
      snappy: '2 rows',
      gzip: missing('hyparquet-compressors', 'loadParquet (a Parquet file compressed with GZIP)'),
    });
  });
});
