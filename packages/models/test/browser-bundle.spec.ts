import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { browserTwins } from '../../../tsup.base.js';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

/** `@recsys/<name>` → the entry its `"browser"` condition builds: `src/browser.ts`, else `src/index.ts`. */
const browserEntries: Plugin = {
  name: 'recsys-browser-entries',
  setup(build) {
    build.onResolve({ filter: /^@recsys\/[a-z]+$/ }, ({ path }) => {
      const dir = `${packagesDir}${path.slice('@recsys/'.length)}/src/`;
      return { path: existsSync(`${dir}browser.ts`) ? `${dir}browser.ts` : `${dir}index.ts` };
    });
  },
};

// What an application bundler does with recsys for a browser: platform 'browser', nothing external (so a Node
// built-in anywhere in the graph is an error, as in Vite or webpack 5), the packages' browser builds swapped in.
describe('the browser builds of the packages', () => {
  it('bundle for a browser with no Node built-in anywhere in the graph', async () => {
    const result = await build({
      stdin: {
        contents: [
          "import * as data from '@recsys/data';",
          "import * as evaluation from '@recsys/eval';",
          "import * as layers from '@recsys/layers';",
          "import * as train from '@recsys/train';",
          "import * as models from '@recsys/models';",
          'globalThis.recsys = { data, evaluation, layers, train, models };',
        ].join('\n'),
        resolveDir: packagesDir,
        loader: 'js',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [browserEntries, browserTwins],
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    // The twins replaced the modules that need Node: model directories, the tfjs-node probe, the file loaders.
    expect(inputs.some((file) => file.endsWith('models/src/io/model-dir.browser.ts'))).toBe(true);
    expect(inputs.some((file) => file.endsWith('train/src/backend/tensorflow-backend.browser.ts'))).toBe(true);
    for (const nodeOnly of [
      'models/src/io/model-dir.ts',
      'models/src/export/export-for-browser.ts',
      'train/src/backend/package-probe.ts',
      'data/src/loaders/line-reader.ts',
    ]) {
      expect(inputs.filter((file) => file.endsWith(nodeOnly))).toEqual([]);
    }
    const code = new TextDecoder().decode(result.outputFiles[0]!.contents);
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/);
  });

  it('export the browser API: loadExportedModel and the models, not the model-directory functions', async () => {
    const models = await import('../src/browser.js');
    expect(typeof models.loadExportedModel).toBe('function');
    expect(typeof models.recommendByRawIds).toBe('function');
    expect(typeof models.GMF).toBe('function');
    for (const name of ['loadRecommender', 'readModelDir', 'writeModelDir', 'checkSaveTarget', 'exportForBrowser']) {
      expect(models).not.toHaveProperty(name);
    }
  });
});
