import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Options } from 'tsup';

/** The build every package shares: its `src/index.ts` to ESM + CJS + `.d.ts`, for Node 20. */
export const library: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
};

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * Swaps a module for its browser twin: an import of `./foo.js` resolves to `./foo.browser.ts` when that file exists
 * beside `foo.ts`. A twin exports what the browser graph imports from the module, without Node built-ins (e.g.
 * `io/model-dir.browser.ts`, whose model-directory functions explain that they need Node). The same swap is what
 * `packages/models/test/browser-bundle.spec.ts` bundles the sources with.
 */
export const browserTwins: EsbuildPlugin = {
  name: 'recsys-browser-twins',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const twin = resolve(args.resolveDir, args.path.replace(/\.js$/, '.browser.ts'));
      return existsSync(twin) ? { path: twin } : undefined;
    });
  },
};

/**
 * The browser build of a package: `src/browser.ts` (everything but the Node-only parts) to `dist/browser.js` (ESM) and
 * `dist/browser.d.ts`, with browser twins swapped in; a package's `"browser"` export condition points at it. Run after
 * {@link library} (`tsup && tsup --config tsup.browser.config.ts`), never beside it: that build cleans `dist/`.
 */
export const browserLibrary: Options = {
  entry: { browser: 'src/browser.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: false,
  platform: 'browser',
  target: 'es2022',
  esbuildPlugins: [browserTwins],
};
