import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadWasmBackend } from './wasm-backend.js';

describe('loadWasmBackend', () => {
  it('registers the wasm backend, which then initialises in Node without setWasmPaths', async () => {
    const outcome = await loadWasmBackend();
    expect(outcome).toEqual({ loaded: true, detail: 'tfjs-backend-wasm loaded' });
    expect(tf.findBackendFactory('wasm')).toBeDefined();
    expect(await tf.setBackend('wasm')).toBe(true);
    const sum = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3.5])).dataSync()[0]);
    expect(sum).toBe(6.5);
  });

  it('is idempotent', async () => {
    expect((await loadWasmBackend()).loaded).toBe(true);
    expect((await loadWasmBackend()).loaded).toBe(true);
  });
});
