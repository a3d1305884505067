import { defineConfig } from 'tsup';
import { library } from '../../tsup.base';

// Beside the library, the module the workers of a parallel fit run (dist/parallel-worker.js, ESM only: Node runs
// workers from a file; the library finds it from its own import.meta.url, which `shims` gives the CommonJS build too).
export default defineConfig([
  { ...library, shims: true },
  {
    entry: { 'parallel-worker': 'src/neural/parallel-worker.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);
