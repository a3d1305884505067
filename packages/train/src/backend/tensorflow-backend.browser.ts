// The browser twin of tensorflow-backend.ts (swapped in by the browser build, see tsup.base.ts): tfjs-node is a Node
// addon, so in a browser the native backend is never there, and nothing here may import Node's built-ins.
import type * as node from './tensorflow-backend.js';

/** In a browser: always unavailable, so `selectBackend` goes on to wasm, then cpu. */
export const loadTensorflowBackend: typeof node.loadTensorflowBackend = () =>
  Promise.resolve({
    loaded: false,
    why: 'the tensorflow backend (tfjs-node) runs in Node only',
    fix: "In a browser, use 'wasm' (serve its .wasm files; setWasmPaths from @tensorflow/tfjs-backend-wasm) or 'cpu'.",
  });
