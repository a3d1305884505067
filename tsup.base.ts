import type { Options } from 'tsup';

/** The build every package shares: its `src/index.ts` to ESM + CJS + `.d.ts`, for Node 20. */
export const library: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
};
