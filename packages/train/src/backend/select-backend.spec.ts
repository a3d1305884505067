import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findPackageDir, hasBuiltAddon } from './package-probe.js';
import { activeBackend, resetBackendChoiceForTests, selectBackend } from './select-backend.js';
import { TENSORFLOW_PACKAGES } from './tensorflow-backend.js';

// On a machine with a working tfjs-node, 'auto' rightly picks it: the tests that expect wasm are skipped there.
const tfjsNodeUsable = TENSORFLOW_PACKAGES.some((pkg) => {
  const dir = findPackageDir(pkg);
  return dir !== undefined && hasBuiltAddon(dir);
});

describe('selectBackend', () => {
  let log: ReturnType<typeof vi.fn<(message: string) => void>>;

  beforeEach(() => {
    resetBackendChoiceForTests();
    vi.stubEnv('RECSYS_BACKEND', '');
    log = vi.fn<(message: string) => void>();
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it.skipIf(tfjsNodeUsable)('picks wasm here, saying why tfjs-node was skipped', async () => {
    const choice = await selectBackend({ log });
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toMatch(/tfjs-node/);
    expect(choice.reason).toMatch(/not installed|not built/);
    expect(activeBackend()).toBe('wasm');
    expect(log).toHaveBeenCalledWith(`tfjs backend wasm (${choice.reason})`);
    expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
  });

  it('logs exactly once across two calls, and the second call returns the same choice', async () => {
    const first = await selectBackend({ log });
    const second = await selectBackend({ log });
    expect(second).toBe(first);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/^tfjs backend (tensorflow|wasm|cpu) \(.+\)$/);
  });

  it('logs once for concurrent calls too', async () => {
    const [a, b] = await Promise.all([selectBackend({ log }), selectBackend({ log })]);
    expect(a).toBe(b);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('logs to console.error by default', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await selectBackend({ backend: 'cpu' });
    await selectBackend();
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith('recsys: tfjs backend cpu (forced by options.backend)');
  });

  it('can be forced to cpu', async () => {
    const choice = await selectBackend({ backend: 'cpu', log });
    expect(choice).toEqual({ name: 'cpu', reason: 'forced by options.backend' });
    expect(activeBackend()).toBe('cpu');
    expect(tf.tidy(() => tf.sum(tf.tensor1d([1, 2])).dataSync()[0])).toBe(3);
  });

  it('can be forced to cpu by RECSYS_BACKEND', async () => {
    vi.stubEnv('RECSYS_BACKEND', 'cpu');
    expect(await selectBackend({ log })).toEqual({ name: 'cpu', reason: 'forced by RECSYS_BACKEND=cpu' });
    expect(activeBackend()).toBe('cpu');
  });

  it('lets options.backend win over RECSYS_BACKEND', async () => {
    vi.stubEnv('RECSYS_BACKEND', 'cpu');
    expect((await selectBackend({ backend: 'wasm', log })).name).toBe('wasm');
    resetBackendChoiceForTests();
    const auto = await selectBackend({ backend: 'auto', log });
    expect(auto.reason).not.toMatch(/forced/);
  });

  it('re-initialises and logs again only when a different backend is forced', async () => {
    await selectBackend({ backend: 'wasm', log });
    await selectBackend({ log }); // auto: keeps wasm
    await selectBackend({ backend: 'wasm', log });
    expect(log).toHaveBeenCalledTimes(1);
    expect(await selectBackend({ backend: 'cpu', log })).toEqual({ name: 'cpu', reason: 'forced by options.backend' });
    expect(activeBackend()).toBe('cpu');
    expect(log).toHaveBeenCalledTimes(2);
  });

  it('makes a forced backend active again if tfjs was switched behind its back', async () => {
    await selectBackend({ backend: 'cpu', log });
    await tf.setBackend('wasm');
    await selectBackend({ backend: 'cpu', log });
    expect(activeBackend()).toBe('cpu');
    expect(log).toHaveBeenCalledTimes(1);
  });

  it.skipIf(tfjsNodeUsable)('fails when tensorflow is forced, naming what is missing and how to get it', async () => {
    await selectBackend({ backend: 'cpu', log });
    const forced = selectBackend({ backend: 'tensorflow', log });
    await expect(forced).rejects.toThrow(/backend 'tensorflow' \(forced by options\.backend\) is unavailable/);
    await expect(forced).rejects.toThrow(/tfjs-node/);
    await expect(forced).rejects.toThrow(/pnpm\.onlyBuiltDependencies/);
    // The failure changes nothing, and later calls still work.
    expect(activeBackend()).toBe('cpu');
    expect(await selectBackend({ log })).toEqual({ name: 'cpu', reason: 'forced by options.backend' });
    expect(log).toHaveBeenCalledTimes(1);
  });

  it.skipIf(tfjsNodeUsable)('fails the same way when RECSYS_BACKEND forces tensorflow', async () => {
    vi.stubEnv('RECSYS_BACKEND', 'tensorflow');
    await expect(selectBackend({ log })).rejects.toThrow(/forced by RECSYS_BACKEND=tensorflow.*tfjs-node/);
    expect(log).not.toHaveBeenCalled();
  });

  it('rejects unknown values', async () => {
    vi.stubEnv('RECSYS_BACKEND', 'webgpu');
    await expect(selectBackend({ log })).rejects.toThrow(
      "the environment variable RECSYS_BACKEND must be one of auto, tensorflow, wasm, cpu; got 'webgpu'",
    );
    // @ts-expect-error -- a value from untyped JavaScript
    await expect(selectBackend({ backend: 'gpu', log })).rejects.toThrow(/options\.backend must be one of/);
  });

  it('accepts RECSYS_BACKEND in any case and with spaces', async () => {
    vi.stubEnv('RECSYS_BACKEND', ' CPU ');
    expect((await selectBackend({ log })).reason).toBe('forced by RECSYS_BACKEND=cpu');
  });
});
