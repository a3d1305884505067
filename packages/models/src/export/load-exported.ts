import { selectBackend, type BackendRequest, type SelectBackendOptions } from '@recsys/train';
import { recommenderEntry } from '../registry.js';
import type { Recommender } from '../recommender.js';
import { checkExportedModelJson, decodeExport, MODEL_JSON, type ExportedModelJson } from './bundle.js';

/** An export already in memory: its `model.json` and its shards (e.g. files a user picked, or a test's buffers). */
export interface ExportedModelFiles {
  /** The `model.json`, as text or parsed. */
  modelJson: string | ExportedModelJson;
  /** The bytes of each shard `model.json` names, by its name there (`group1-shard1of1.bin`, …). */
  weights: Record<string, ArrayBuffer | ArrayBufferView>;
}

/** Options of {@link loadExportedModel}. */
export interface LoadExportedModelOptions {
  /**
   * The tfjs backend to select before a neural model is rebuilt (`selectBackend` of `@recsys/train`); default the
   * current choice, or `'auto'` (in a browser: wasm if its `.wasm` files are served, else cpu).
   */
  backend?: BackendRequest;
  /**
   * Where the page serves the `.wasm` binaries of `@tensorflow/tfjs-backend-wasm`, for `backend: 'wasm'` (or `'auto'`)
   * in a browser: the URL of their folder, relative to the page (`'dist/'`, `new URL('./', import.meta.url).href`), or
   * a map from each file name to its URL. Passed to `selectBackend` (see its `wasmPaths`), which hands it to
   * `setWasmPaths` before wasm is first initialised. Default: the page's folder. Not needed in Node.
   */
  wasmPaths?: SelectBackendOptions['wasmPaths'];
  /** The `fetch` to load a URL with; default `globalThis.fetch`. */
  fetch?: (url: string) => Promise<Response>;
}

/**
 * Loads a model exported with `recsys export` (or `exportForBrowser`): its `model.json` and the weight shards beside
 * it, from a URL (fetched; shard paths resolve against the `model.json` URL) or from memory. The model is rebuilt
 * through the registry, as `loadRecommender` rebuilds a saved one, so every registered model loads, and it scores and
 * recommends exactly as the model that was exported: `score`, `recommend`, `recommendMany`, `recommendByRawIds`.
 * Works in a browser (the `"browser"` build of `@recsys/models`) and in Node.
 *
 * @param source - the URL of `model.json` (absolute, or relative to the page in a browser), or the files in memory.
 * @throws naming the URL and what is wrong when a file cannot be fetched, is not an export this release reads, or a
 * weight does not check out; or when the model is not registered (a custom model's module must be imported first); or
 * when the backend asked for is unavailable (for wasm in a browser: naming the `.wasm` URL tried).
 * @example
 * ```ts
 * import { loadExportedModel, recommendByRawIds } from '@recsys/models'; // the browser build, in a bundler
 * const model = await loadExportedModel('model/model.json', { backend: 'cpu' });
 * const [list] = await recommendByRawIds(model, ['42'], 10);
 * // or on WebAssembly, with tfjs-backend-wasm's dist/*.wasm copied into the page's wasm/ folder:
 * const fast = await loadExportedModel('model/model.json', { backend: 'wasm', wasmPaths: 'wasm/' });
 * ```
 */
export async function loadExportedModel(
  source: string | URL | ExportedModelFiles,
  options: LoadExportedModelOptions = {},
): Promise<Recommender> {
  const { modelJson, shards, where } =
    typeof source === 'string' || source instanceof URL ? await fetchExport(source, options) : fromMemory(source);
  const contents = decodeExport(modelJson, shards, where);
  let entry;
  try {
    entry = recommenderEntry(contents.model);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  if (options.backend !== undefined || options.wasmPaths !== undefined) {
    await selectBackend({ backend: options.backend, wasmPaths: options.wasmPaths });
  }
  return entry.restore(contents);
}

interface ExportParts {
  modelJson: ExportedModelJson;
  shards: Map<string, Uint8Array>;
  where: string;
}

async function fetchExport(source: string | URL, options: LoadExportedModelOptions): Promise<ExportParts> {
  const url = resolveUrl(source);
  const fetchFn = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchFn !== 'function') throw new Error(`${url}: no fetch here to load it with; pass options.fetch`);
  const get = async (href: string): Promise<Response> => {
    let response: Response;
    try {
      response = await fetchFn(href);
    } catch (error) {
      throw new Error(`${href}: cannot fetch (${(error as Error).message})`, { cause: error });
    }
    if (!response.ok) throw new Error(`${href}: HTTP ${response.status} ${response.statusText}`.trimEnd());
    return response;
  };
  let json: unknown;
  const text = await (await get(url.href)).text();
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${url.href}: not JSON (${(error as Error).message})`);
  }
  const modelJson = checkExportedModelJson(json, url.href);
  const paths = modelJson.weightsManifest.flatMap((group) => group.paths);
  const bytes = await Promise.all(
    paths.map(async (path) => new Uint8Array(await (await get(new URL(path, url).href)).arrayBuffer())),
  );
  return { modelJson, shards: new Map(paths.map((path, k) => [path, bytes[k]!])), where: url.href };
}

function fromMemory(files: ExportedModelFiles): ExportParts {
  const where = `the in-memory ${MODEL_JSON}`;
  if (files === null || typeof files !== 'object' || typeof files.weights !== 'object' || files.weights === null) {
    throw new TypeError('loadExportedModel: source must be a URL or { modelJson, weights }');
  }
  let json: unknown = files.modelJson;
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (error) {
      throw new Error(`${where}: not JSON (${(error as Error).message})`);
    }
  }
  const modelJson = checkExportedModelJson(json, where);
  const shards = new Map<string, Uint8Array>();
  for (const [path, value] of Object.entries(files.weights)) {
    if (value instanceof ArrayBuffer) shards.set(path, new Uint8Array(value));
    else if (ArrayBuffer.isView(value))
      shards.set(path, new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    else throw new TypeError(`loadExportedModel: weights["${path}"] must be an ArrayBuffer or a typed array`);
  }
  return { modelJson, shards, where };
}

/** `source` as an absolute URL: as given, or relative to the page (`location.href`) in a browser. */
function resolveUrl(source: string | URL): URL {
  if (source instanceof URL) return source;
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(source, base);
  } catch {
    throw new TypeError(
      `loadExportedModel: "${source}" is not a URL${base === undefined ? ' (outside a browser it must be absolute)' : ''}`,
    );
  }
}
