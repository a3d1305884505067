import * as tf from '@tensorflow/tfjs-core';
import { errorMessage, isModuleNotFound, type LoadOutcome } from './load-outcome.js';
import { findPackageDir, hasBuiltAddon } from './package-probe.js';

/**
 * The packages that register tfjs's native `tensorflow` backend when imported, fastest first.
 *
 * @example
 * ```ts
 * const installed = TENSORFLOW_PACKAGES.filter((pkg) => findPackageDir(pkg) !== undefined);
 * ```
 */
export const TENSORFLOW_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

type TensorflowPackage = (typeof TENSORFLOW_PACKAGES)[number];

/**
 * Why one tfjs-node package could not be used: not installed, native addon not built, or another load failure.
 *
 * @example
 * ```ts
 * const failure: TensorflowFailure = { pkg: '@tensorflow/tfjs-node', kind: 'unbuilt' };
 * ```
 */
export type TensorflowFailure =
  | { readonly pkg: TensorflowPackage; readonly kind: 'missing' }
  | { readonly pkg: TensorflowPackage; readonly kind: 'unbuilt' }
  | { readonly pkg: TensorflowPackage; readonly kind: 'failed'; readonly message: string };

const shortName = (pkg: string): string => pkg.replace('@tensorflow/', '');

/**
 * Imports one tfjs-node package; `undefined` on success. A package whose native addon was never built is not imported
 * at all: the import would load the whole tfjs union (~0.6 s) and leave its kernels registered, only to throw.
 */
async function tryPackage(pkg: TensorflowPackage): Promise<TensorflowFailure | undefined> {
  const dir = findPackageDir(pkg);
  if (dir !== undefined && !hasBuiltAddon(dir)) return { pkg, kind: 'unbuilt' };
  const kernelsBefore = new Set(tf.getKernelsForBackend('tensorflow').map((k) => k.kernelName));
  try {
    await import(/* @vite-ignore */ pkg);
  } catch (error) {
    // A failed import may have registered kernels for 'tensorflow' before throwing: remove them, or the next
    // package's import would print one "already registered" warning per kernel.
    for (const { kernelName } of tf.getKernelsForBackend('tensorflow')) {
      if (!kernelsBefore.has(kernelName)) tf.unregisterKernel(kernelName, 'tensorflow');
    }
    if (isModuleNotFound(error, pkg)) return { pkg, kind: 'missing' };
    if (errorMessage(error).includes('tfjs_binding.node')) return { pkg, kind: 'unbuilt' };
    return { pkg, kind: 'failed', message: errorMessage(error) };
  }
  if (tf.findBackendFactory('tensorflow') == null) {
    return {
      pkg,
      kind: 'failed',
      message:
        'it registered its backend with another copy of @tensorflow/tfjs-core (align the @tensorflow/* versions)',
    };
  }
  return undefined;
}

/**
 * The unavailable outcome for the given failures: a short `why` for the log line (`'tfjs-node not installed'`) and
 * the `fix` for an error message (install command, the pnpm 10 `onlyBuiltDependencies` step, rebuild command).
 *
 * @example
 * ```ts
 * tensorflowUnavailable([
 *   { pkg: '@tensorflow/tfjs-node-gpu', kind: 'missing' },
 *   { pkg: '@tensorflow/tfjs-node', kind: 'missing' },
 * ]).why; // 'tfjs-node not installed'
 * ```
 */
export function tensorflowUnavailable(failures: readonly TensorflowFailure[]): LoadOutcome & { loaded: false } {
  return { loaded: false, why: describeFailures(failures), fix: fixFor(failures) };
}

function describeFailures(failures: readonly TensorflowFailure[]): string {
  if (failures.every((f) => f.kind === 'missing')) return 'tfjs-node not installed';
  const groups = new Map<string, { names: string[]; failure: TensorflowFailure }>();
  for (const f of failures) {
    const key = f.kind === 'failed' ? `failed: ${f.message}` : f.kind;
    const group = groups.get(key) ?? { names: [], failure: f };
    group.names.push(shortName(f.pkg));
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ names, failure }) => {
      const status =
        failure.kind === 'missing'
          ? 'not installed'
          : failure.kind === 'unbuilt'
            ? names.length === 1
              ? 'installed but its native addon is not built'
              : 'installed but their native addons are not built'
            : `failed to load: ${failure.message}`;
      return `${names.join(' and ')} ${status}`;
    })
    .join('; ');
}

function fixFor(failures: readonly TensorflowFailure[]): string {
  const fixes: string[] = [];
  const unbuilt = failures.filter((f) => f.kind === 'unbuilt').map((f) => f.pkg);
  if (failures.every((f) => f.kind === 'missing')) {
    fixes.push(
      'Install it: npm i @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu, which needs CUDA 11.2 and cuDNN 8.1); ' +
        'with pnpm 10 also allow its install script via pnpm.onlyBuiltDependencies (or pnpm approve-builds).',
    );
  }
  if (unbuilt.length > 0) {
    fixes.push(
      `The install script of ${unbuilt.join(' and ')} did not run or failed: with pnpm 10 allow it via ` +
        `pnpm.onlyBuiltDependencies (or pnpm approve-builds), then run pnpm rebuild ${unbuilt.join(' ')} ` +
        `(npm: npm rebuild ${unbuilt.join(' ')}). The script downloads libtensorflow from storage.googleapis.com; ` +
        'set TFJS_NODE_CDN_STORAGE to use a mirror.',
    );
  }
  if (failures.some((f) => f.kind === 'failed')) {
    fixes.push('tfjs-node-gpu needs CUDA 11.2, cuDNN 8.1 and an NVIDIA driver newer than 450; tfjs-node needs none.');
  }
  return fixes.join(' ');
}

/**
 * Makes tfjs's native `tensorflow` backend available: tries `@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node`
 * (optional peers, imported dynamically; each registers the `tensorflow` backend and sets it when imported). Does
 * nothing if a `tensorflow` backend is already registered. Never throws: a failure is an outcome naming, for each
 * package, whether it is missing, installed without its native addon (pnpm 10 skips install scripts), or failed to
 * load, with the fix.
 *
 * @example
 * ```ts
 * const outcome = await loadTensorflowBackend();
 * if (outcome.loaded) await tf.setBackend('tensorflow');
 * else console.error(`${outcome.why}. ${outcome.fix}`);
 * ```
 */
export async function loadTensorflowBackend(): Promise<LoadOutcome> {
  if (tf.findBackendFactory('tensorflow') != null) {
    return { loaded: true, detail: 'tensorflow backend already registered' };
  }
  const failures: TensorflowFailure[] = [];
  for (const pkg of TENSORFLOW_PACKAGES) {
    const failure = await tryPackage(pkg);
    if (failure === undefined) return { loaded: true, detail: `${shortName(pkg)} loaded` };
    failures.push(failure);
  }
  return tensorflowUnavailable(failures);
}
