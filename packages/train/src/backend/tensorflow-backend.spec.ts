import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findPackageDir, hasBuiltAddon } from './package-probe.js';

vi.mock('./package-probe.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./package-probe.js')>();
  return { ...original, findPackageDir: vi.fn(original.findPackageDir) };
});
import { TENSORFLOW_PACKAGES, loadTensorflowBackend, tensorflowUnavailable } from './tensorflow-backend.js';

const tfjsNodeUsable = TENSORFLOW_PACKAGES.some((pkg) => {
  const dir = findPackageDir(pkg);
  return dir !== undefined && hasBuiltAddon(dir);
});

describe('loadTensorflowBackend', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.skipIf(tfjsNodeUsable)(
    'reports tfjs-node as unavailable here, with the fix, and leaves nothing behind',
    async () => {
      const warn = vi.spyOn(console, 'warn');
      const outcome = await loadTensorflowBackend();
      expect(outcome.loaded).toBe(false);
      if (outcome.loaded) return;
      expect(outcome.why).toMatch(/tfjs-node/);
      expect(outcome.why).toMatch(/not installed|native addons? (is|are) not built/);
      expect(outcome.fix).toMatch(/onlyBuiltDependencies/);
      expect(tf.findBackendFactory('tensorflow')).toBeFalsy();
      expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
    },
  );

  it.skipIf(tfjsNodeUsable)(
    'falls back to importing when the package cannot be probed, and removes the kernels a failed import left',
    async () => {
      // As in the ESM build run from another folder: probing resolves from the working directory and may miss.
      vi.mocked(findPackageDir).mockReturnValue(undefined);
      const warn = vi.spyOn(console, 'warn');
      const outcome = await loadTensorflowBackend();
      expect(outcome.loaded).toBe(false);
      if (outcome.loaded) return;
      expect(outcome.why).toMatch(/tfjs-node/);
      expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
    },
  );

  it('uses a tensorflow backend that is already registered, importing nothing', async () => {
    tf.registerBackend('tensorflow', () => new MathBackendCPU(), -1);
    try {
      expect(await loadTensorflowBackend()).toEqual({ loaded: true, detail: 'tensorflow backend already registered' });
    } finally {
      tf.removeBackend('tensorflow');
    }
  });
});

describe('tensorflowUnavailable', () => {
  it('says "tfjs-node not installed" and how to install it when neither package is there', () => {
    const outcome = tensorflowUnavailable([
      { pkg: '@tensorflow/tfjs-node-gpu', kind: 'missing' },
      { pkg: '@tensorflow/tfjs-node', kind: 'missing' },
    ]);
    expect(outcome.why).toBe('tfjs-node not installed');
    expect(outcome.fix).toContain('npm i @tensorflow/tfjs-node');
    expect(outcome.fix).toContain('pnpm.onlyBuiltDependencies');
  });

  it('names packages installed without their native addon and how to rebuild them', () => {
    const outcome = tensorflowUnavailable([
      { pkg: '@tensorflow/tfjs-node-gpu', kind: 'missing' },
      { pkg: '@tensorflow/tfjs-node', kind: 'unbuilt' },
    ]);
    expect(outcome.why).toBe('tfjs-node-gpu not installed; tfjs-node installed but its native addon is not built');
    expect(outcome.fix).toContain('pnpm.onlyBuiltDependencies');
    expect(outcome.fix).toContain('pnpm rebuild @tensorflow/tfjs-node');
    expect(outcome.fix).not.toContain('tfjs-node-gpu');
  });

  it('groups packages with the same status and keeps a load error', () => {
    expect(
      tensorflowUnavailable([
        { pkg: '@tensorflow/tfjs-node-gpu', kind: 'unbuilt' },
        { pkg: '@tensorflow/tfjs-node', kind: 'unbuilt' },
      ]).why,
    ).toBe('tfjs-node-gpu and tfjs-node installed but their native addons are not built');
    const failed = tensorflowUnavailable([
      {
        pkg: '@tensorflow/tfjs-node-gpu',
        kind: 'failed',
        message: 'libcudart.so.11.0: cannot open shared object file',
      },
      { pkg: '@tensorflow/tfjs-node', kind: 'missing' },
    ]);
    expect(failed.why).toBe(
      'tfjs-node-gpu failed to load: libcudart.so.11.0: cannot open shared object file; tfjs-node not installed',
    );
    expect(failed.fix).toContain('CUDA 11.2');
  });
});
