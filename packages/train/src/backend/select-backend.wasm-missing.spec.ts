import { describe, expect, it, vi } from 'vitest';
import { activeBackend, selectBackend } from './select-backend.js';

// A wasmPaths where the binaries are not: the error names the file tried and how to serve the binaries. In its own
// file, as tfjs-backend-wasm refuses new paths for the rest of the process once it failed to initialise.
describe('selectBackend({ wasmPaths }) where the binaries are not', () => {
  it('fails a forced wasm naming the binary it tried and the fix', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // tfjs's and Emscripten's own account
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = vi.fn<(message: string) => void>();
    const forced = selectBackend({ backend: 'wasm', wasmPaths: '/nowhere/recsys-wasm', log });
    // SIMD is there in Node 20, threads never are: the SIMD binary, in the folder given (a slash added).
    await expect(forced).rejects.toThrow(
      /'wasm' \(forced by options\.backend\) is unavailable: the wasm backend failed to initialise: \/nowhere\/recsys-wasm\/tfjs-backend-wasm(-simd)?\.wasm could not be fetched/,
    );
    await expect(forced).rejects.toThrow(/tfjs-backend-wasm\/dist\/.*pass its URL as wasmPaths/);
    expect(log).not.toHaveBeenCalled();
  });

  it('then says that new paths come too late, and auto falls back to cpu saying so', async () => {
    const log = vi.fn<(message: string) => void>();
    await expect(selectBackend({ backend: 'wasm', wasmPaths: '/elsewhere/', log })).rejects.toThrow(
      /wasm failed to initialise earlier, and after that tfjs-backend-wasm takes no new wasmPaths\. .*reload the page/,
    );
    const auto = await selectBackend({ backend: 'auto', wasmPaths: '/elsewhere/', log });
    expect(auto.name).toBe('cpu');
    expect(auto.reason).toMatch(/takes no new wasmPaths/);
    expect(activeBackend()).toBe('cpu');
    vi.restoreAllMocks();
  });
});
