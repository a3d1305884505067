// The browser twin of model-dir.ts (swapped in by the browser build, see tsup.base.ts): a model directory is files on
// disk, read and written with Node's fs, so in a browser `save` and `loadRecommender` explain what to do instead.
// Nothing here may import Node's built-ins.
import type * as node from './model-dir.js';

export type { ModelDirContents, WriteModelDirResult, Json, StoredArray } from './model-dir.js';

const inBrowser = (what: string) =>
  new Error(
    `${what} a model directory on disk, which needs Node: in a browser, export the model in Node ` +
      '(recsys export, or exportForBrowser) and load it with loadExportedModel',
  );

/** In a browser: throws (saving writes files). */
export const writeModelDir: typeof node.writeModelDir = () => Promise.reject(inBrowser('saving writes'));

/** In a browser: throws (loading reads files). */
export const readModelDir: typeof node.readModelDir = () => Promise.reject(inBrowser('loading reads'));
