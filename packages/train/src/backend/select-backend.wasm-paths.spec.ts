import fs, { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { activeBackend, resetBackendChoiceForTests, selectBackend } from './select-backend.js';

// options.wasmPaths is handed to tfjs-backend-wasm's setWasmPaths before wasm first initialises. tfjs-backend-wasm is
// process-global and initialises once, so a wasmPaths that works and one that does not are two files (vitest runs each
// file in its own module graph): here, one that works; select-backend.wasm-missing.spec.ts, one that does not.
describe('selectBackend({ wasmPaths })', () => {
  it('initialises wasm from the folder given, adding the missing trailing slash', async () => {
    // The binaries copied to a folder of their own: what a page serves. Without the slash added, tfjs-backend-wasm
    // would look for "…/wasmtfjs-backend-wasm-simd.wasm" and fail.
    const packageDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    const folder = join(mkdtempSync(join(tmpdir(), 'recsys-wasm-paths-')), 'wasm');
    mkdirSync(folder);
    for (const file of readdirSync(join(packageDir, 'dist')).filter((f) => f.endsWith('.wasm'))) {
      copyFileSync(join(packageDir, 'dist', file), join(folder, file));
    }
    // tfjs-backend-wasm's Node build reads its binary with fs (required, so the same object as this import).
    const readFile = vi.spyOn(fs, 'readFile');
    const readFileSync = vi.spyOn(fs, 'readFileSync');
    resetBackendChoiceForTests();
    const log = vi.fn<(message: string) => void>();
    expect(await selectBackend({ backend: 'wasm', wasmPaths: folder, log })).toEqual({
      name: 'wasm',
      reason: 'forced by options.backend',
    });
    expect(tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3.5])).dataSync()[0])).toBe(6.5);
    const read = [...readFile.mock.calls, ...readFileSync.mock.calls].map(([path]) => String(path));
    expect(read.filter((path) => path.endsWith('.wasm'))).toEqual([join(folder, 'tfjs-backend-wasm-simd.wasm')]);
    vi.restoreAllMocks();
  });

  it('ignores wasmPaths once wasm is initialised: its binary is in memory already', async () => {
    const log = vi.fn<(message: string) => void>();
    await selectBackend({ backend: 'cpu', log });
    expect(await selectBackend({ backend: 'wasm', wasmPaths: '/nowhere/', log })).toEqual({
      name: 'wasm',
      reason: 'forced by options.backend',
    });
    expect(activeBackend()).toBe('wasm');
  });
});
