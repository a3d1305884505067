// The browser build of @recsys/train (its "browser" export condition): the whole package, with the native-backend
// loader swapped for its browser twin (backend/tensorflow-backend.browser.ts), so selectBackend picks wasm or cpu
// without looking for tfjs-node on disk.
export * from './index.js';
