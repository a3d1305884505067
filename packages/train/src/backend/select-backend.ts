// The cpu backend is a required peer and always available: register it up front.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { errorMessage, type LoadOutcome } from './load-outcome.js';
import { loadTensorflowBackend } from './tensorflow-backend.js';
import { loadWasmBackend } from './wasm-backend.js';

/**
 * A tfjs backend recsys can train on, fastest first: native TensorFlow (tfjs-node), WebAssembly, plain JS.
 *
 * @example
 * ```ts
 * const name: BackendName = (await selectBackend()).name; // 'wasm' without tfjs-node
 * ```
 */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/**
 * What {@link selectBackend} is asked for: one backend, or `'auto'` for the fastest available.
 *
 * @example
 * ```ts
 * const request: BackendRequest = process.argv.includes('--cpu') ? 'cpu' : 'auto';
 * await selectBackend({ backend: request });
 * ```
 */
export type BackendRequest = BackendName | 'auto';

/**
 * The values accepted by `options.backend` and the `RECSYS_BACKEND` environment variable, for validating user input.
 *
 * @example
 * ```ts
 * const value = 'wasm';
 * const request = BACKEND_REQUESTS.find((r) => r === value); // 'wasm', or undefined for an unknown value
 * ```
 */
export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/**
 * Options of {@link selectBackend}.
 *
 * @example
 * ```ts
 * const options: SelectBackendOptions = { backend: 'wasm', log: (message) => logger.info(message) };
 * await selectBackend(options);
 * ```
 */
export interface SelectBackendOptions {
  /**
   * Force a backend, or `'auto'` (the default) for the fastest available. Overrides the `RECSYS_BACKEND` environment
   * variable, which takes the same values.
   */
  backend?: BackendRequest;
  /**
   * Where the one-line choice is logged, as `tfjs backend wasm (…)` without a prefix: a caller's logger adds its own
   * (the `recsys` command's adds `recsys: `). Default: `console.error` with a `recsys: ` prefix, keeping stdout clean
   * for program output.
   */
  log?: (message: string) => void;
  /**
   * Where `@tensorflow/tfjs-backend-wasm` fetches its `.wasm` binaries: in a browser, where a bundler leaves them out
   * of the script, the URL of the folder the page serves them from (relative to the page; a missing trailing `/` is
   * added), or a map from each binary's name (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`,
   * `tfjs-backend-wasm-threaded-simd.wasm`) to its URL. Handed to that package's `setWasmPaths` before the wasm
   * backend is first initialised (by `'wasm'` or `'auto'`); ignored once it is, since tfjs-backend-wasm cannot be
   * re-pointed. Default: the page's own folder in a browser; in Node the package's folder, which always works.
   */
  wasmPaths?: string | Readonly<Record<string, string>>;
}

/**
 * The backend {@link selectBackend} chose, and why (`'forced by RECSYS_BACKEND=cpu'`, `'tfjs-node not installed'`).
 *
 * @example
 * ```ts
 * const choice: BackendChoice = await selectBackend();
 * console.log(`training on ${choice.name} (${choice.reason})`);
 * ```
 */
export interface BackendChoice {
  readonly name: BackendName;
  readonly reason: string;
}

interface Forced {
  readonly name: BackendName;
  readonly source: string;
}

let current: BackendChoice | undefined;
let queue: Promise<unknown> = Promise.resolve();

function parseRequest(value: string, source: string): BackendRequest {
  const request = BACKEND_REQUESTS.find((r) => r === value);
  if (request === undefined) {
    throw new Error(`${source} must be one of ${BACKEND_REQUESTS.join(', ')}; got '${value}'`);
  }
  return request;
}

/** The forced backend, from options.backend first, then RECSYS_BACKEND; undefined for auto. */
function forcedBackend(options: SelectBackendOptions): Forced | undefined {
  if (options.backend !== undefined) {
    const request = parseRequest(options.backend, 'options.backend');
    return request === 'auto' ? undefined : { name: request, source: 'options.backend' };
  }
  const raw = typeof process === 'undefined' ? undefined : process.env.RECSYS_BACKEND;
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  const request = parseRequest(value, 'the environment variable RECSYS_BACKEND');
  return request === 'auto' ? undefined : { name: request, source: `RECSYS_BACKEND=${value}` };
}

/** Loads the package a backend needs (cpu needs none). */
function load(name: BackendName, options: SelectBackendOptions): Promise<LoadOutcome> {
  if (name === 'tensorflow') return loadTensorflowBackend();
  if (name === 'wasm') return loadWasm(options.wasmPaths);
  return Promise.resolve({ loaded: true, detail: 'tfjs-backend-cpu' });
}

/** The binaries of tfjs-backend-wasm, as `setWasmPaths` names them: plain, SIMD, SIMD with threads. */
const WASM_BINARIES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

/** Whether initialising wasm failed once: tfjs-backend-wasm then refuses `setWasmPaths` for the rest of the page's life. */
let wasmInitFailed = false;

/** `loadWasmBackend`, then `setWasmPaths(paths)` if given and the backend was never initialised. */
async function loadWasm(paths: SelectBackendOptions['wasmPaths']): Promise<LoadOutcome> {
  const outcome = await loadWasmBackend();
  // Initialised already (tf.findBackend would initialise it): its binaries are in memory, and paths change nothing.
  if (!outcome.loaded || paths === undefined || 'wasm' in tf.engine().registry) return outcome;
  try {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(typeof paths === 'string' ? withTrailingSlash(paths) : paths);
  } catch (error) {
    if (wasmInitFailed) {
      return {
        loaded: false,
        why: 'wasm failed to initialise earlier, and after that tfjs-backend-wasm takes no new wasmPaths',
        fix: 'Pass wasmPaths on the first call that may initialise wasm (a forced wasm, or auto), then reload the page.',
      };
    }
    return {
      loaded: false,
      why: `tfjs-backend-wasm refused wasmPaths (${errorMessage(error)})`,
      fix: `Pass the URL of a folder, or a map naming ${WASM_BINARIES.join(', ')}.`,
    };
  }
  return outcome;
}

function withTrailingSlash(folder: string): string {
  return folder === '' || folder.endsWith('/') ? folder : `${folder}/`;
}

/** Sets the backend; false if it fails to initialise (tfjs then prints the cause as a warning). */
async function activate(name: BackendName): Promise<boolean> {
  return (await tf.setBackend(name)) && tf.getBackend() === name;
}

const INIT_FAILED: Record<BackendName, LoadOutcome & { loaded: false }> = {
  tensorflow: {
    loaded: false,
    why: 'the tensorflow backend failed to initialise (tfjs printed the cause above)',
    fix: 'Reinstall @tensorflow/tfjs-node at the version of @tensorflow/tfjs-core.',
  },
  wasm: {
    loaded: false,
    why: 'the wasm backend failed to initialise (tfjs printed the cause above)',
    fix:
      'Check that the .wasm files sit beside dist/tf-backend-wasm.node.js in @tensorflow/tfjs-backend-wasm ' +
      '(bundlers drop them), or say where they are with the wasmPaths option.',
  },
  cpu: { loaded: false, why: 'the cpu backend failed to initialise', fix: 'Reinstall @tensorflow/tfjs-backend-cpu.' },
};

/**
 * Why wasm failed to initialise in a browser (or from `wasmPaths`): its binary could not be fetched or compiled. Names
 * the URL tfjs-backend-wasm fetched — the binary it picks for this browser (SIMD, and threads only on a
 * cross-origin-isolated page), from `wasmPaths` or else the page's folder — and how to serve it.
 */
async function wasmFetchFailure(paths: SelectBackendOptions['wasmPaths']): Promise<LoadOutcome & { loaded: false }> {
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  const binary = WASM_BINARIES[simd ? (threads ? 2 : 1) : 0];
  const page = (globalThis as { location?: { href: string } }).location?.href ?? '';
  // With no path set, tfjs-backend-wasm (Emscripten) looks in the folder of the page, or of a worker's script.
  const folder = page.replace(/[?#].*$/, '').replace(/[^/]*$/, '');
  const path =
    paths === undefined
      ? folder + binary
      : typeof paths === 'string'
        ? withTrailingSlash(paths) + binary
        : (paths[binary] ?? binary);
  let url = path;
  try {
    url = new URL(path, page || undefined).href;
  } catch {
    // Not a URL tfjs could have fetched either: shown as given.
  }
  return {
    loaded: false,
    why:
      `the wasm backend failed to initialise: ${url} could not be fetched or compiled ` +
      `(tfjs logged the cause as a warning${paths === undefined ? "; no wasmPaths given, so the page's folder was tried" : ''})`,
    fix:
      `Serve the .wasm files from @tensorflow/tfjs-backend-wasm/dist/ (${WASM_BINARIES.join(', ')}) in one folder ` +
      "and pass its URL as wasmPaths (selectBackend's or loadExportedModel's option; or call setWasmPaths from " +
      "@tensorflow/tfjs-backend-wasm first), or use backend 'cpu'.",
  };
}

/** Loads and activates one backend; the failure otherwise. */
async function tryBackend(name: BackendName, options: SelectBackendOptions): Promise<LoadOutcome> {
  const outcome = await load(name, options);
  if (!outcome.loaded) return outcome;
  if (await activate(name)) return outcome;
  if (name === 'wasm') wasmInitFailed = true;
  // In a browser (or wherever wasmPaths points) the likely cause is a binary that was not found: name its URL.
  if (name === 'wasm' && (tf.env().getBool('IS_BROWSER') || options.wasmPaths !== undefined)) {
    return wasmFetchFailure(options.wasmPaths);
  }
  return INIT_FAILED[name];
}

async function chooseForced({ name, source }: Forced, options: SelectBackendOptions): Promise<BackendChoice> {
  const outcome = await tryBackend(name, options);
  if (!outcome.loaded) {
    throw new Error(`tfjs backend '${name}' (forced by ${source}) is unavailable: ${outcome.why}. ${outcome.fix}`);
  }
  return { name, reason: `forced by ${source}` };
}

async function chooseAuto(options: SelectBackendOptions): Promise<BackendChoice> {
  const skipped: string[] = [];
  for (const name of ['tensorflow', 'wasm'] as const) {
    const outcome = await tryBackend(name, options);
    if (outcome.loaded) {
      return { name, reason: skipped.length > 0 ? skipped.join('; ') : outcome.detail };
    }
    skipped.push(outcome.why);
  }
  if (!(await activate('cpu'))) throw new Error(`no tfjs backend could be initialised: ${skipped.join('; ')}`);
  // wasm comes with a plain install (a required peer); its absence is worth the one line that says how to get it.
  const wasm = await loadWasmBackend();
  return { name: 'cpu', reason: wasm.loaded ? skipped.join('; ') : `${skipped.join('; ')}; ${wasm.fix}` };
}

/** The default log: standard error, prefixed so the line is not taken for another tool's. */
function logToConsole(message: string): void {
  console.error(`recsys: ${message}`);
}

async function choose(options: SelectBackendOptions): Promise<BackendChoice> {
  const forced = forcedBackend(options);
  if (current !== undefined && (forced === undefined || forced.name === current.name)) {
    // Same choice: no re-initialisation and no log line. A forced backend is made active again if tfjs was switched.
    if (forced !== undefined && tf.getBackend() !== current.name) await activate(current.name);
    return current;
  }
  const choice = forced === undefined ? await chooseAuto(options) : await chooseForced(forced, options);
  current = choice;
  // No prefix in the message: a caller's logger adds its own, and "recsys: recsys: …" would read as a bug.
  (options.log ?? logToConsole)(`tfjs backend ${choice.name} (${choice.reason})`);
  return choice;
}

/**
 * Picks and activates the fastest available tfjs backend — the one place in recsys that sets the backend.
 *
 * - `'auto'` (the default) tries `@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node` (both give the native
 *   `tensorflow` backend; optional peers, imported dynamically), then `wasm` (`@tensorflow/tfjs-backend-wasm`, a
 *   peer npm and pnpm install with the package; single-threaded in Node), then `cpu` (plain JS, always there; the
 *   log line then says how to install wasm).
 * - `options.backend`, else the environment variable `RECSYS_BACKEND`, forces one (`'auto'` forces nothing). A forced
 *   backend that is unavailable is an error naming what is missing and how to get it.
 * - The choice is logged once, as `tfjs backend wasm (tfjs-node not installed)` via `options.log`, or as
 *   `recsys: tfjs backend wasm (…)` on `console.error` by default. Later calls return the current choice without
 *   re-initialising or logging, unless they force a different backend, which is then initialised and logged.
 * - In a browser, wasm needs its `.wasm` binaries served: `options.wasmPaths` says where (else the page's folder is
 *   tried). If they cannot be fetched, a forced wasm fails naming the URL tried; `'auto'` falls back to cpu.
 * - Concurrent calls are serialised. tfjs backends are process-global: so is this choice.
 *
 * For training stock `tf.layers.embedding` models, also call `registerTrainingKernels()`.
 *
 * @returns the backend now active and the reason it was chosen.
 * @throws Error if a forced backend is unavailable, or `options.backend`/`RECSYS_BACKEND` is not a known value.
 * @example
 * ```ts
 * const { name, reason } = await selectBackend(); // logs "recsys: tfjs backend wasm (tfjs-node not installed)" on stderr
 * await selectBackend({ backend: 'cpu', log: () => {} }); // switches to cpu, silently
 * await selectBackend({ backend: 'wasm', wasmPaths: '/static/tfjs-wasm/' }); // in a page serving the .wasm files there
 * // RECSYS_BACKEND=tensorflow node train.js
 * //   → Error: … tfjs-node not installed. Install it: npm i @tensorflow/tfjs-node …
 * ```
 */
export function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  const run = queue.then(() => choose(options));
  queue = run.catch(() => undefined);
  return run;
}

/**
 * The name of the tfjs backend in use now (`tf.getBackend()`): `'tensorflow'`, `'wasm'`, `'cpu'`, or whatever else
 * was set with `tf.setBackend`. If none was set yet, tfjs initialises its highest-priority registered backend.
 *
 * @example
 * ```ts
 * await selectBackend();
 * activeBackend(); // 'wasm'
 * ```
 */
export function activeBackend(): string {
  return tf.getBackend();
}

/**
 * Forgets the current choice, so the next {@link selectBackend} chooses (and logs) afresh. For tests only: it does
 * not undo tfjs's process-global registrations. Not exported from the package.
 *
 * @example
 * ```ts
 * afterEach(() => resetBackendChoiceForTests());
 * ```
 */
export function resetBackendChoiceForTests(): void {
  current = undefined;
  queue = Promise.resolve();
}
