import { defineConfig } from 'tsup';
import { library } from '../../tsup.base';

export default defineConfig([
  library,
  {
    // The executable: ESM only (it uses top-level await); tsup keeps the shebang and marks it executable.
    entry: ['src/bin.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
]);
