// The cpu backend is a required peer and always available: register it up front.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { LoadOutcome } from './load-outcome.js';
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
function load(name: BackendName): Promise<LoadOutcome> {
  if (name === 'tensorflow') return loadTensorflowBackend();
  if (name === 'wasm') return loadWasmBackend();
  return Promise.resolve({ loaded: true, detail: 'tfjs-backend-cpu' });
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
      '(bundlers drop them), or call setWasmPaths(folder) from that package before selectBackend.',
  },
  cpu: { loaded: false, why: 'the cpu backend failed to initialise', fix: 'Reinstall @tensorflow/tfjs-backend-cpu.' },
};

/** Loads and activates one backend; the failure otherwise. */
async function tryBackend(name: BackendName): Promise<LoadOutcome> {
  const outcome = await load(name);
  if (!outcome.loaded) return outcome;
  return (await activate(name)) ? outcome : INIT_FAILED[name];
}

async function chooseForced({ name, source }: Forced): Promise<BackendChoice> {
  const outcome = await tryBackend(name);
  if (!outcome.loaded) {
    throw new Error(`tfjs backend '${name}' (forced by ${source}) is unavailable: ${outcome.why}. ${outcome.fix}`);
  }
  return { name, reason: `forced by ${source}` };
}

async function chooseAuto(): Promise<BackendChoice> {
  const skipped: string[] = [];
  for (const name of ['tensorflow', 'wasm'] as const) {
    const outcome = await tryBackend(name);
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
  const choice = forced === undefined ? await chooseAuto() : await chooseForced(forced);
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
